/**
 * Registers <chat-widget>: importing this module defines the element (once, whoever imports it first).
 * The class lives in `chat-widget.component.ts`, apart from its registration.
 */
import { ChatWidget } from './chat-widget.component.js';
import { defineElement } from '../../define.js';

export * from './chat-widget.component.js';
// Types every event of every element (`GlobalEventHandlersEventMap`) for a page that imports this entry alone.
export type * from '../../events/index.js';

defineElement('chat-widget', ChatWidget);

declare global {
  interface HTMLElementTagNameMap {
    'chat-widget': ChatWidget;
  }
}
