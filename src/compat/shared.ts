/**
 * What every vendor facade in `src/compat/` shares: finding its own `<script>` element, bringing in
 * Tandem's elements, the org from the script tag, warnings, and `.on`/`.removeListener` bookkeeping.
 *
 * A facade is a classic script (an IIFE, built by `scripts/build-compat.mjs`) that also runs as a
 * module. It does not bundle the elements: it loads `tandem.js` from beside itself (`../tandem.js`,
 * which is the hub's `/tandem.js` for `/compat/<vendor>.js` and `dist/cdn/tandem.js` in the package),
 * unless the page already loads or defined them. One copy of the elements per page, whichever way
 * the page brings them in, and each facade stays a few kilobytes.
 */
import type { ChatWidget } from '../elements/chat-widget/chat-widget.component.js';

/** Tandem's element tags a facade may create. */
export type TandemTag = 'calls-widget' | 'chat-widget';

const warned = new Set<string>();

/** Logs one console warning per distinct message, naming the vendor; never throws. */
export function warnOnce(vendor: string, message: string): void {
  const text = `Tandem (${vendor} compatibility): ${message}`;
  if (warned.has(text)) return;
  warned.add(text);
  console.warn(text);
}

/**
 * The `<script>` element that loaded this facade: `document.currentScript` while a classic script
 * runs, else (a module, or a bundle) the last `<script src>` whose path ends with `/compat/<file>`.
 * Call it during the facade's first, synchronous run.
 */
export function ownScript(file: string): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current;
  const scripts = [...document.querySelectorAll<HTMLScriptElement>('script[src]')].filter((script) =>
    pathOf(script.src).endsWith(`/${file}`),
  );
  return scripts.at(-1) ?? null;
}

function pathOf(src: string): string {
  try {
    return new URL(src, location.href).pathname;
  } catch {
    return '';
  }
}

/** The hub's base URL: the origin the facade was served from ('' lets the elements decide). */
export function hubUrlOf(script: HTMLScriptElement | null): string {
  if (!script?.src) return '';
  try {
    return new URL(script.src, location.href).origin;
  } catch {
    return '';
  }
}

/** The org named on the script tag: `data-org-id`, else the `org` query parameter of its `src`. */
export function orgOfScript(script: HTMLScriptElement | null): string {
  if (!script) return '';
  const fromData = script.dataset['orgId'];
  if (fromData) return fromData;
  try {
    return new URL(script.src, location.href).searchParams.get('org') ?? '';
  } catch {
    return '';
  }
}

let loading: Promise<void> | null = null;

/**
 * Resolves once Tandem's elements are defined, loading `tandem.js` from beside the facade when
 * neither they are defined nor the page has a `<script>` that loads it.
 */
export function whenTandemReady(script: HTMLScriptElement | null, vendor: string): Promise<void> {
  const tags: TandemTag[] = ['calls-widget', 'chat-widget'];
  if (tags.every((tag) => customElements.get(tag))) return Promise.resolve();
  if (loading) return loading;
  const present = [...document.querySelectorAll<HTMLScriptElement>('script[src]')].some((s) =>
    pathOf(s.src).endsWith('/tandem.js'),
  );
  if (!present) {
    const src = script?.src ? new URL('../tandem.js', script.src).href : '';
    if (!src) {
      warnOnce(vendor, 'cannot tell where tandem.js is: load it before this script.');
    } else {
      // import(), not a <script src>: a page that enforces Trusted Types refuses a plain string
      // there, and import() needs no policy. The module map loads it once for every facade.
      import(/* @vite-ignore */ src).catch(() => warnOnce(vendor, `could not load ${src}.`));
    }
  }
  // tandem.js is a launcher that defines elements on the visitor's first act; a facade drives them
  // from code at once, so it asks for them now (when the launcher runs, if it has not yet).
  const askLauncher = (): void => {
    const launcher = (globalThis as Record<symbol, { load(tag: string): Promise<void> } | undefined>)[
      Symbol.for('tandem.launcher')
    ];
    for (const tag of tags) void launcher?.load(tag).catch(() => undefined);
  };
  askLauncher();
  document.addEventListener('tandem-launcher', askLauncher, { once: true });
  loading = Promise.all(tags.map((tag) => customElements.whenDefined(tag))).then(() => undefined);
  return loading;
}

/** A vendor's event handler: `handler(detail, callback)`, as the seeds document them. */
export type VendorHandler = (data: unknown, callback?: unknown) => void;

/** `.on(name, handler)` / `.removeListener(name, handler)` over DOM events on one element. */
export class VendorListeners {
  readonly #target: EventTarget;
  readonly #listeners = new Map<string, Map<VendorHandler, EventListener>>();

  constructor(target: EventTarget) {
    this.#target = target;
  }

  on(name: string, handler: VendorHandler): void {
    const byHandler = this.#listeners.get(name) ?? new Map<VendorHandler, EventListener>();
    if (byHandler.has(handler)) return;
    const listener: EventListener = (event) => {
      const detail: unknown = event instanceof CustomEvent ? event.detail : undefined;
      const callback =
        detail !== null && typeof detail === 'object' && 'callback' in detail ? detail.callback : undefined;
      handler(detail ?? undefined, callback);
    };
    byHandler.set(handler, listener);
    this.#listeners.set(name, byHandler);
    this.#target.addEventListener(name, listener);
  }

  off(name: string, handler: VendorHandler): void {
    const listener = this.#listeners.get(name)?.get(handler);
    if (!listener) return;
    this.#target.removeEventListener(name, listener);
    this.#listeners.get(name)?.delete(handler);
  }
}

/** Whether this browser can run Tandem's widgets (custom elements, shadow DOM, WebSocket). */
export function browserSupported(): boolean {
  return (
    typeof customElements !== 'undefined' &&
    typeof WebSocket !== 'undefined' &&
    typeof HTMLElement.prototype.attachShadow === 'function'
  );
}

/**
 * A floating `<chat-widget>` for the chat vendors (002, 003, 004), configured through attributes (they
 * hold before the element is defined), and a way to run work on it once Tandem is ready: at once
 * when it is, else in order when it becomes ready.
 */
export class FacadeChat {
  readonly element: ChatWidget;
  readonly #ready: Promise<void>;
  #isReady = false;

  constructor(script: HTMLScriptElement | null, vendor: string, attributes: Record<string, string>) {
    this.element = document.createElement('chat-widget');
    const hubUrl = hubUrlOf(script);
    if (hubUrl) this.element.setAttribute('hub-url', hubUrl);
    for (const [name, value] of Object.entries(attributes)) {
      if (value) this.element.setAttribute(name, value);
    }
    this.#ready = whenTandemReady(script, vendor).then(() => {
      this.#isReady = true;
    });
  }

  get ready(): boolean {
    return this.#isReady;
  }

  /** Runs `work` on the defined element: now if Tandem is ready, else once it is. */
  run(work: (chat: ChatWidget) => void): void {
    if (this.#isReady) work(this.element);
    else void this.#ready.then(() => work(this.element));
  }

  /** Puts the widget on the page (floating, at the end of `<body>`), once. */
  place(): void {
    if (this.element.isConnected) return;
    if (document.body) document.body.append(this.element);
    else
      document.addEventListener('DOMContentLoaded', () => document.body.append(this.element), { once: true });
  }
}
