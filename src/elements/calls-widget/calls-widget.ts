/**
 * Registers <calls-widget>: importing this module defines the element (once, whoever imports it first).
 * The class lives in `calls-widget.component.ts`, apart from its registration.
 */
import { CallsWidget } from './calls-widget.component.js';
import { defineElement } from '../../define.js';

export * from './calls-widget.component.js';
// Types every event of every element (`GlobalEventHandlersEventMap`) for a page that imports this entry alone.
export type * from '../../events/index.js';

defineElement('calls-widget', CallsWidget);

declare global {
  interface HTMLElementTagNameMap {
    'calls-widget': CallsWidget;
  }
}
