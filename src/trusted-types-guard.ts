/**
 * Trusted Types: what a page with `require-trusted-types-for 'script'` must allow, and what happens
 * when it does not.
 *
 * Tandem renders with Lit, and Lit parses its templates through one Trusted Types policy named
 * `lit-html`, created when lit-html loads. A page whose CSP refuses that name (`trusted-types 'none'`,
 * or a list without `lit-html`) makes `trustedTypes.createPolicy` throw, and the throw would abort the
 * whole script: no element, no event, an uncaught exception in the page.
 *
 * This module is imported FIRST by every entry (before anything that imports Lit) and imports nothing
 * itself. It wraps `createPolicy` while Tandem's modules load, so a refused `lit-html` policy is
 * recorded instead of thrown; `defineElement` (src/define.ts) then leaves the elements undefined and
 * reports instead: one console error naming the directive to add, and an `error` event with the code
 * `trusted-types-refused` on every Tandem element of the page, also those added later.
 */
import { ErrorCode } from './protocol/frames.js';
import { TandemErrorEvent } from './events/tandem-error.js';

/** The Trusted Types policies Tandem creates: the names a host's `trusted-types` directive must list. */
export const TRUSTED_TYPES_POLICIES = ['lit-html'] as const;

/** The part of the Trusted Types API used here (not in TypeScript's DOM library yet). */
interface PolicyFactory {
  createPolicy(name: string, rules: object): unknown;
}

/** Shared through the global object, so two copies of Tandem on one page (CDN and npm) agree. */
interface GuardState {
  /** Set while Tandem's modules load: a refused policy is recorded, not thrown. */
  armed: boolean;
  /** Why the browser refused a policy; null while every policy was allowed. */
  refusal: string | null;
  /** Tags of the elements that were not defined because of the refusal. */
  tags: Set<string>;
  reported: WeakSet<Element>;
  logged: boolean;
  observer: MutationObserver | null;
}

const STATE_KEY = Symbol.for('tandem.trusted-types');
type GuardGlobal = typeof globalThis & { trustedTypes?: PolicyFactory; [STATE_KEY]?: GuardState };
const scope = globalThis as GuardGlobal;

const state: GuardState = (scope[STATE_KEY] ??= install());

function install(): GuardState {
  const fresh: GuardState = {
    armed: true,
    refusal: null,
    tags: new Set(),
    reported: new WeakSet(),
    logged: false,
    observer: null,
  };
  const factory = scope.trustedTypes;
  if (!factory || typeof factory.createPolicy !== 'function') return fresh;
  const original = factory.createPolicy;
  factory.createPolicy = function createPolicy(this: PolicyFactory, name: string, rules: object): unknown {
    try {
      return original.call(this, name, rules);
    } catch (error) {
      const ours = (TRUSTED_TYPES_POLICIES as readonly string[]).includes(name);
      if (!fresh.armed || !ours) throw error;
      fresh.refusal ??= `policy "${name}": ${error instanceof Error ? error.message : String(error)}`;
      // Lit then renders without a policy, which the page would refuse too: nothing is defined.
      return undefined;
    }
  };
  return fresh;
}

/**
 * Called by `defineElement`, once Lit has loaded: stops catching refusals (the page's own policies
 * throw as the browser meant), and says whether `tag` may be defined. When a policy was refused it
 * reports the refusal, on every element with that tag, now and when more are added, and returns false.
 */
export function trustedTypesAllow(tag: string): boolean {
  state.armed = false;
  if (state.refusal === null) return true;
  state.tags.add(tag);
  if (!state.logged) {
    state.logged = true;
    console.error(`[tandem] ${refusalMessage(state.refusal)}`);
  }
  whenParsed(() => {
    reportAll(document);
    watchForMoreElements();
  });
  return false;
}

function refusalMessage(refusal: string): string {
  const names = TRUSTED_TYPES_POLICIES.join(' ');
  return (
    `This page's Content Security Policy refused the Trusted Types ${refusal}. ` +
    `Tandem's elements render through that policy and stay undefined on this page. ` +
    `Add the policy to the page's CSP: \`trusted-types ${names}\` (with 'allow-duplicates' when another ` +
    `copy of Lit on the page creates one too), beside \`require-trusted-types-for 'script'\`.`
  );
}

/** After the page's own module scripts ran, so the listeners they add hear the event. */
function whenParsed(run: () => void): void {
  if (typeof document === 'undefined') return;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
  else run();
}

function reportAll(root: ParentNode): void {
  if (state.tags.size === 0 || state.refusal === null) return;
  const selector = [...state.tags].join(',');
  const found = root instanceof Element && root.matches(selector) ? [root] : [];
  for (const element of [...found, ...root.querySelectorAll(selector)]) {
    if (state.reported.has(element)) continue;
    state.reported.add(element);
    element.dispatchEvent(
      new TandemErrorEvent({ code: ErrorCode.trustedTypesRefused, message: refusalMessage(state.refusal) }),
    );
  }
}

/** Elements the page adds later get the same event (listeners are added before insertion, usually). */
function watchForMoreElements(): void {
  if (state.observer || typeof MutationObserver === 'undefined') return;
  state.observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node instanceof Element) reportAll(node);
    }
  });
  state.observer.observe(document.documentElement, { childList: true, subtree: true });
}
