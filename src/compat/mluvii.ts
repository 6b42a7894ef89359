/**
 * mluvii's widget (seed 002) on Tandem: `/compat/mluvii.js` in place of `OOWidget.js`. Once Tandem's
 * elements are defined it calls `$owidgetOnLoad(owidget)` found on its own script element (as
 * mluvii's snippet sets it) or on `window`. `owidget.init(companyId, preset, language, scope)`
 * configures a floating `<chat-widget>` (the company GUID is an org alias on the hub);
 * `connectToServer()` puts it on the page, which connects it.
 */
import type { ChatWidget } from '../elements/chat-widget/chat-widget.component.js';
import type { PhoneNormalizer } from '../validation/phone.js';
import { browserSupported, FacadeChat, ownScript, warnOnce, whenTandemReady } from './shared.js';

const VENDOR = 'mluvii';

/** Tandem's chat events and mluvii's app event types. */
const APP_EVENTS = {
  'chat-window-open': 'chatWindowOpen',
  'chat-window-closed': 'chatWindowClosed',
  'chat-session-created': 'chatSessionCreated',
  'chat-session-started': 'chatSessionStarted',
  'chat-session-ended': 'chatSessionEnded',
} as const;

type AppEventType = (typeof APP_EVENTS)[keyof typeof APP_EVENTS];
export interface AppEvent {
  type: AppEventType;
  /** The conversation's id on the hub, for the session events. */
  conversationId?: string;
}
type StatusCode = 0 | 1 | 2;

type OwidgetOnLoad = (owidget: Owidget) => void;
type WithOnLoad = HTMLScriptElement & { $owidgetOnLoad?: OwidgetOnLoad };

const script = ownScript('mluvii.js') as WithOnLoad | null;

class Owidget {
  /** Whether this browser can run the widget (custom elements, shadow DOM, WebSocket). */
  readonly isSupported = browserSupported();

  readonly #chat = new FacadeChat(script, VENDOR, {});
  #initialised = false;
  #appEvent: ((e: AppEvent) => void) | null = null;
  #status: ((code: StatusCode) => void) | null = null;
  #lastCode: StatusCode | null = null;

  constructor() {
    const chat = this.#chat.element;
    for (const [name, type] of Object.entries(APP_EVENTS)) {
      chat.addEventListener(name, (event) => {
        const detail: unknown = event instanceof CustomEvent ? event.detail : null;
        const conversationId =
          detail !== null && typeof detail === 'object' && 'conversationId' in detail
            ? String(detail.conversationId)
            : undefined;
        this.#appEvent?.(conversationId === undefined ? { type } : { type, conversationId });
      });
    }
    chat.addEventListener('status-change', (event) => {
      this.#lastCode = event.detail.code;
      this.#status?.(event.detail.code);
    });
  }

  /** The `<chat-widget>` behind the owidget, for what only Tandem offers. */
  get element(): ChatWidget {
    return this.#chat.element;
  }

  init(companyId: string, widgetPreset?: string, language?: string, scope?: string): void {
    if (typeof companyId !== 'string' || companyId === '') {
      warnOnce(VENDOR, 'init(companyId, ...) needs the company id (an org id or alias on the hub).');
      return;
    }
    const chat = this.#chat.element;
    chat.setAttribute('org-id', companyId);
    // Missing arguments fall back as mluvii's do: the page's language, then the browser's.
    for (const [name, value] of [
      ['preset', widgetPreset],
      ['locale', language],
      ['scope', scope],
    ] as const) {
      if (value) chat.setAttribute(name, value);
      else chat.removeAttribute(name);
    }
    this.#initialised = true;
  }

  /** Loads the configuration from the hub and starts following the operators' status. */
  connectToServer(): void {
    if (!this.#initialised) {
      warnOnce(VENDOR, 'connectToServer() before init(companyId): nothing to connect to.');
      return;
    }
    this.#chat.place();
  }

  setAppEventCallback(callback: (e: AppEvent) => void): void {
    this.#appEvent = typeof callback === 'function' ? callback : null;
  }

  /** `callback(code)`: 0 offline, 1 online, 2 busy; called at once with the status when it is known. */
  setStatusUpdateCallback(callback: (code: StatusCode) => void): void {
    this.#status = typeof callback === 'function' ? callback : null;
    const code = this.#lastCode;
    if (code !== null && this.#status) queueMicrotask(() => this.#status?.(code));
  }

  setCustomNumberNormalization(callback: PhoneNormalizer): void {
    if (typeof callback !== 'function') {
      warnOnce(VENDOR, 'setCustomNumberNormalization() needs a function.');
      return;
    }
    this.#chat.run((chat) => {
      chat.normalizePhoneNumber = callback;
    });
  }
}

declare global {
  interface Window {
    $owidgetOnLoad?: OwidgetOnLoad;
    owidget?: Owidget;
  }
}

const owidget = new Owidget();
window.owidget = owidget;
void whenTandemReady(script, VENDOR).then(() => {
  const onLoad = script?.$owidgetOnLoad ?? window.$owidgetOnLoad;
  if (typeof onLoad === 'function') onLoad(owidget);
  else warnOnce(VENDOR, 'no $owidgetOnLoad on the script element or window: the owidget is window.owidget.');
});
