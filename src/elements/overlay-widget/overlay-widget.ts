/**
 * Registers <overlay-widget>: importing this module defines the element (once, whoever imports it first).
 * The class lives in `overlay-widget.component.ts`, apart from its registration.
 */
// First: before Lit loads and creates its Trusted Types policy (see the module).
import '../../trusted-types-guard.js';
import { OverlayWidget } from './overlay-widget.component.js';
import { defineElement } from '../../define.js';

export * from './overlay-widget.component.js';
// Every event class of every element, so a page that imports this entry alone has them all typed (`GlobalEventHandlersEventMap`).
export * from '../../events/index.js';

defineElement('overlay-widget', OverlayWidget);

declare global {
  interface HTMLElementTagNameMap {
    'overlay-widget': OverlayWidget;
  }
}
