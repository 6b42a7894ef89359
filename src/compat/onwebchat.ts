/**
 * onWebChat's live chat API (seed 004) on Tandem: `/compat/onwebchat.js` defines `onWebChat.set/get`
 * over a floating `<chat-widget>` for the org named on the script tag (`data-org-id`, or `?org=` in
 * its `src`, which is where onWebChat's snippet puts its key). The two widget languages are
 * `data-languages="<l1> <l2>"` (default: the page's language, then `en-US`); its trigger (`onTrigger`)
 * is `data-open-after-seconds="<n>"`. Calls queued by
 * onWebChat's loader stub (`onWebChat.ar`) are replayed; `onWebChat_` is defined for the stub too.
 */
import type { ChatWidget } from '../elements/chat-widget/chat-widget.component.js';
import type { VisitorInfo } from '../protocol/chat.js';
import { FacadeChat, orgOfScript, ownScript, warnOnce } from './shared.js';

const VENDOR = 'onWebChat';

const VISITOR_KEYS = ['name', 'email', 'phone', 'notes'] as const;
type VisitorKey = (typeof VISITOR_KEYS)[number];
/** onWebChat's callbacks and the `<chat-widget>` events that call them. */
const CALLBACKS = {
  onClick: 'chat-click',
  onMaximize: 'chat-maximize',
  onMinimize: 'chat-minimize',
  onTrigger: 'chat-trigger',
  onStartWriting: 'chat-start-writing',
  onWebChatLoaded: 'chat-loaded',
} as const;
type CallbackKey = keyof typeof CALLBACKS;
/** The name the text of 004 also uses for `onMinimize`. */
const CALLBACK_ALIASES: Record<string, CallbackKey> = { onMinimized: 'onMinimize' };

const script = ownScript('onwebchat.js');
const orgId = orgOfScript(script);
if (!orgId) warnOnce(VENDOR, 'no org: add data-org-id="<org>" to the script tag (or ?org=<org> to its src).');
const languages =
  script?.dataset['languages'] ?? `${document.documentElement.lang || navigator.language || 'en-US'} en-US`;
// onWebChat's triggers are set in its admin; here, `data-open-after-seconds` on the script tag.
const openAfter = script?.dataset['openAfterSeconds'] ?? '';
const chat = new FacadeChat(script, VENDOR, { 'org-id': orgId, languages, 'open-after-seconds': openAfter });
chat.place();

const visitor: VisitorInfo = {};
const callbacks = new Map<CallbackKey, () => void>();
let loaded = false;
let language: 'l1' | 'l2' = 'l1';
let max: 0 | 1 = 0;
let show: 0 | 1 = 1;

for (const [key, event] of Object.entries(CALLBACKS) as Array<[CallbackKey, string]>) {
  chat.element.addEventListener(event, () => {
    if (key === 'onWebChatLoaded') loaded = true;
    callbacks.get(key)?.();
  });
}
chat.element.addEventListener('chat-window-open', () => (max = 1));
chat.element.addEventListener('chat-maximize', () => (max = 1));
chat.element.addEventListener('chat-minimize', () => (max = 0));
chat.element.addEventListener('chat-window-closed', () => (max = 0));

const isVisitorKey = (key: string): key is VisitorKey => (VISITOR_KEYS as readonly string[]).includes(key);
const flag = (value: unknown): 0 | 1 | null =>
  value === 1 || value === '1' || value === true
    ? 1
    : value === 0 || value === '0' || value === false
      ? 0
      : null;

function set(key: string, value: unknown): void {
  const callbackKey = CALLBACK_ALIASES[key] ?? key;
  if (isVisitorKey(key)) {
    visitor[key] = String(value);
    chat.run((c) => c.setVisitorInfo({ [key]: String(value) }));
  } else if (key === 'language') {
    if (value !== 'l1' && value !== 'l2') return warnOnce(VENDOR, 'set("language", ...) takes "l1" or "l2".');
    language = value;
    chat.run((c) => c.setLanguage(value));
  } else if (key === 'max' || key === 'show') {
    const on = flag(value);
    if (on === null) return warnOnce(VENDOR, `set("${key}", ...) takes 0 or 1.`);
    if (key === 'max') {
      max = on;
      chat.run((c) => (on ? c.maximize() : c.minimize()));
    } else {
      show = on;
      chat.run((c) => (on ? c.show() : c.hide()));
    }
  } else if (callbackKey in CALLBACKS) {
    const name = callbackKey as CallbackKey;
    if (typeof value !== 'function') {
      callbacks.delete(name);
      return;
    }
    callbacks.set(name, value as () => void);
    // Set after the widget loaded: it has loaded, so say so now.
    if (name === 'onWebChatLoaded' && loaded) queueMicrotask(() => callbacks.get(name)?.());
  } else {
    warnOnce(VENDOR, `set("${key}") is not supported and is ignored.`);
  }
}

function get(key: string): unknown {
  const callbackKey = CALLBACK_ALIASES[key] ?? key;
  if (isVisitorKey(key)) return (chat.ready ? chat.element.getVisitorInfo()[key] : visitor[key]) ?? '';
  if (key === 'status') return chat.ready && chat.element.getStatus() !== 'offline' ? 'online' : 'offline';
  if (key === 'language') return language;
  if (key === 'max') return max;
  if (key === 'show') return show;
  if (callbackKey in CALLBACKS) return callbacks.get(callbackKey as CallbackKey);
  warnOnce(VENDOR, `get("${key}") is not supported: undefined.`);
  return undefined;
}

const api = {
  set,
  get,
  /** The `<chat-widget>` behind the API, for what only Tandem offers. */
  get element(): ChatWidget {
    return chat.element;
  },
};

interface Stub {
  ar?: unknown;
  set?: unknown;
  get?: unknown;
}

declare global {
  interface Window {
    onWebChat?: Stub & Partial<typeof api>;
    onWebChat_?: typeof api;
  }
}

// onWebChat's own snippet defines a stub that queues set() calls in `ar` until `onWebChat_` exists.
const stub = window.onWebChat;
window.onWebChat_ = api;
if (stub && typeof stub === 'object') {
  const queued = Array.isArray(stub.ar) ? (stub.ar as unknown[]) : [];
  stub.set = set;
  stub.get = get;
  for (const call of queued.splice(0)) {
    if (Array.isArray(call) && typeof call[0] === 'string') set(call[0], call[1]);
  }
} else {
  window.onWebChat = api;
}
