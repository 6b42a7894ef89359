/**
 * Registers <overlay-widget>: importing this module defines the element (once, whoever imports it first).
 * The class lives in `overlay-widget.component.ts`, apart from its registration.
 */
import { OverlayWidget } from './overlay-widget.component.js';
import { defineElement } from '../../define.js';

export * from './overlay-widget.component.js';
// Types every event of every element (`GlobalEventHandlersEventMap`) for a page that imports this entry alone.
export type * from '../../events/index.js';

defineElement('overlay-widget', OverlayWidget);

declare global {
  interface HTMLElementTagNameMap {
    'overlay-widget': OverlayWidget;
  }
}
