/**
 * web1on1's widget API (seed 003) on Tandem: `/compat/web1on1.js` defines `window.web1on1` over a
 * floating `<chat-widget>` for the org named on the script tag (`data-org-id`, or `?org=` in its
 * `src`). `data-embedded-in="<selector>"` puts the chat in that element instead, in the page's flow,
 * where `open()` and `close()` are no-ops as web1on1 documents. Calls made before Tandem's elements
 * are defined run, in order, once they are.
 */
import type { ChatWidget } from '../elements/chat-widget/chat-widget.component.js';
import { FacadeChat, orgOfScript, ownScript, warnOnce } from './shared.js';

const VENDOR = 'web1on1';

const script = ownScript('web1on1.js');
const orgId = orgOfScript(script);
if (!orgId) warnOnce(VENDOR, 'no org: add data-org-id="<org>" to the script tag (or ?org=<org> to its src).');
const embedIn = script?.dataset['embeddedIn'] ?? '';
const chat = new FacadeChat(script, VENDOR, { 'org-id': orgId });

function place(): void {
  const container = embedIn ? document.querySelector(embedIn) : null;
  if (embedIn && !container)
    warnOnce(VENDOR, `no element matches data-embedded-in="${embedIn}": the chat floats.`);
  if (container) {
    chat.element.setAttribute('embedded', '');
    container.append(chat.element);
  } else {
    chat.place();
  }
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', place, { once: true });
else place();

const web1on1 = {
  /** Opens the conversation widget (a no-op when embedded). */
  open(): void {
    chat.run((c) => c.open());
  },
  /** Closes the conversation widget (a no-op when embedded). */
  close(): void {
    chat.run((c) => c.close());
  },
  /** Whether the widget is open (false until Tandem's elements are defined). */
  isOpened(): boolean {
    return chat.ready ? chat.element.isOpened() : false;
  },
  /** Prefills the visitor's input. */
  setPredefinedMessage(message: string): void {
    chat.run((c) => c.setPredefinedMessage(message));
  },
  api: {
    /** Shows a local agent-styled message; nothing is sent. */
    showFakeAgentMessage(message: string, name?: string): void {
      chat.run((c) => c.showFakeAgentMessage(message, name));
    },
    /** Sends a message (or a `>cs` command) on the visitor's behalf. */
    sendClientMessage(message: string): void {
      chat.run((c) => c.sendClientMessage(message));
    },
  },
  /** The `<chat-widget>` behind the API, for what only Tandem offers. */
  get element(): ChatWidget {
    return chat.element;
  },
};

declare global {
  interface Window {
    web1on1?: typeof web1on1;
  }
}

window.web1on1 = web1on1;
