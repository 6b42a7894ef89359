/**
 * `goto-chat` (calls-widget), as in the Bambuser seed (001): the visitor chose chat instead of a
 * call. The widget closes; a page with a `<chat-widget>` opens it.
 */
export class GotoChatEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('goto-chat', { bubbles: true, composed: true, detail: {} });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'goto-chat': GotoChatEvent;
  }
}
