/**
 * Registers <agent-console>: importing this module defines the element (once, whoever imports it first).
 * The class lives in `agent-console.component.ts`, apart from its registration.
 */
// First: before Lit loads and creates its Trusted Types policy (see the module).
import '../../trusted-types-guard.js';
import { AgentConsole } from './agent-console.component.js';
import { defineElement } from '../../define.js';

export * from './agent-console.component.js';
// Every event class of every element, so a page that imports this entry alone has them all typed (`GlobalEventHandlersEventMap`).
export * from '../../events/index.js';

defineElement('agent-console', AgentConsole);

declare global {
  interface HTMLElementTagNameMap {
    'agent-console': AgentConsole;
  }
}
