import { normalizeHubUrl } from '../session/default-hub-url.js';
import { readTicketId, readVisitorToken } from '../session/visitor-storage.js';
import { LiteHub } from './lite-hub.js';
import type { IdleContext, IdleView } from './idle-views.js';

/**
 * The launcher's registry: finds Tandem's tags in the page, draws the idle state of those that have
 * one, and loads an element's full part (a hashed chunk beside the launcher) when it is needed: at
 * once for elements without an idle state, on the visitor's first act for the others (prefetched on
 * hover, focus or touch). Until then the element's methods are queued and run, in order, once it is
 * defined; properties set meanwhile are picked up by Lit when it upgrades.
 */

export interface LazyElement {
  /** Imports the element's chunk, which defines it (and the elements it uses). */
  load(): Promise<unknown>;
  /** Public methods: answered by the idle view, else queued until the element is defined. */
  methods: readonly string[];
  /** Public getters: the idle view's answer (or null) until the element is defined. */
  getters?: readonly string[];
  /** Draws the idle state, or returns null when the element needs its full part now. */
  idle?(el: HTMLElement, ctx: IdleContext): IdleView | null;
}

const hubs = new Map<string, LiteHub>();
const idle = new Map<HTMLElement, IdleView>();
const loading = new Map<string, Promise<unknown>>();

/** The page's visitor acted before (a stored token or ticket): the full elements resume it at once. */
function returningVisitor(hubUrl: string, orgId: string): boolean {
  return !!(readVisitorToken(hubUrl, orgId) ?? readTicketId(hubUrl, orgId));
}

function liteHub(hubUrl: string, orgId: string): LiteHub {
  const key = `${hubUrl} ${orgId}`;
  let hub = hubs.get(key);
  if (!hub) hubs.set(key, (hub = new LiteHub(hubUrl, orgId)));
  return hub;
}

export function createLauncher(elements: Record<string, LazyElement>) {
  const selector = Object.keys(elements).join(',');

  const fetchChunk = (tag: string): Promise<unknown> => {
    let pending = loading.get(tag);
    if (!pending) {
      pending = elements[tag]!.load();
      // A failed fetch (offline, a deploy removed the chunk) may be tried again on the next act.
      pending.catch((error: unknown) => {
        loading.delete(tag);
        console.warn(`[tandem] could not load <${tag}>:`, error);
      });
      loading.set(tag, pending);
    }
    return pending;
  };

  /** Loads and defines `tag`; every instance upgrades, its idle view goes, its queued calls run. */
  const upgrade = async (tag: string): Promise<void> => {
    if (!elements[tag] || customElements.get(tag)) return;
    await fetchChunk(tag);
    await customElements.whenDefined(tag);
  };

  /** Takes the launcher's stand-ins off an element, so that its own class answers. */
  const settle = (el: HTMLElement): void => {
    idle.get(el)?.dispose();
    idle.delete(el);
    const spec = elements[el.localName];
    for (const name of [...(spec?.methods ?? []), ...(spec?.getters ?? [])]) {
      if (Object.prototype.hasOwnProperty.call(el, name))
        delete (el as unknown as Record<string, unknown>)[name];
    }
    closeUnwatchedHubs();
  };

  const closeUnwatchedHubs = (): void => {
    for (const [key, hub] of hubs) {
      if (!hub.watched) {
        hub.close();
        hubs.delete(key);
      }
    }
  };

  const adopt = (el: HTMLElement): void => {
    const tag = el.localName;
    const spec = elements[tag];
    if (!spec || customElements.get(tag) || Object.prototype.hasOwnProperty.call(el, spec.methods[0]!))
      return;
    const hubUrl = normalizeHubUrl(el.getAttribute('hub-url'));
    const orgId = el.getAttribute('org-id') ?? '';
    const view =
      spec.idle && !returningVisitor(hubUrl, orgId)
        ? spec.idle(el, {
            hub: liteHub(hubUrl, orgId),
            upgrade: () => upgrade(tag),
            prefetch: () => void fetchChunk(tag).catch(() => undefined),
          })
        : null;
    if (view) idle.set(el, view);
    for (const name of spec.methods) {
      const answer = view?.answers[name] as ((...args: unknown[]) => unknown) | undefined;
      // Once defined, a stand-in still on the element (the element may call itself while it upgrades)
      // passes straight to its class.
      const own = (): ((...a: unknown[]) => unknown) =>
        (Object.getPrototypeOf(el) as Record<string, (...a: unknown[]) => unknown>)[name]!;
      Object.defineProperty(el, name, {
        configurable: true,
        writable: true,
        value: (...args: unknown[]) =>
          customElements.get(tag)
            ? own().apply(el, args)
            : (answer?.(...args) ?? upgrade(tag).then(() => own().apply(el, args))),
      });
    }
    for (const name of spec.getters ?? []) {
      Object.defineProperty(el, name, {
        configurable: true,
        get: () =>
          customElements.get(tag)
            ? Reflect.get(Object.getPrototypeOf(el) as object, name, el)
            : (view?.answers[name]?.() ?? null),
      });
    }
    if (!view) void upgrade(tag).catch(() => undefined);
  };

  /** Finds Tandem's elements under `root` (the document, or a shadow root the page made). */
  const discover = (root: ParentNode = document): void => {
    if (root instanceof HTMLElement && root.matches(selector)) adopt(root);
    for (const el of root.querySelectorAll<HTMLElement>(selector)) adopt(el);
  };

  // An element defined by other means (a chunk that registers one it uses, an npm copy of Tandem)
  // loses its stand-ins too.
  for (const tag of Object.keys(elements)) {
    void customElements
      .whenDefined(tag)
      .then(() => document.querySelectorAll<HTMLElement>(tag).forEach(settle));
  }

  return { discover, upgrade };
}
