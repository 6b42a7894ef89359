/**
 * Trusted Types: what a page with `require-trusted-types-for 'script'` must allow, and what happens
 * when it does not.
 *
 * Tandem renders with Lit, and Lit parses its templates through one Trusted Types policy named
 * `lit-html`, which it asks for when lit-html loads. A page whose CSP refuses that name
 * (`trusted-types 'none'`, or a list without `lit-html`) makes `trustedTypes.createPolicy` throw, and
 * the throw would abort the whole script: no element, no event, an uncaught exception in the page.
 *
 * This module is imported FIRST by every entry (before anything that imports Lit). It creates the
 * `lit-html` policy itself, exactly as Lit would (`createHTML` returns the template's own text), and
 * hands it to Lit when Lit asks: so the answer is known at once, also in the CDN launcher, which
 * loads Lit only when the visitor acts. When the page refused it, Lit gets no policy instead of an
 * exception, `defineElement` (src/define.ts) leaves the elements undefined, and the refusal is
 * reported (trusted-types-report.ts, loaded only then): one console error naming the directive to
 * add, and an `error` event with the code `trusted-types-refused` on every Tandem element of the
 * page, also those added later.
 */

/** The Trusted Types policies Tandem creates: the names a host's `trusted-types` directive must list. */
export const TRUSTED_TYPES_POLICIES = ['lit-html'] as const;
const POLICY = TRUSTED_TYPES_POLICIES[0];

/** The part of the Trusted Types API used here (not in TypeScript's DOM library yet). */
interface PolicyFactory {
  createPolicy(name: string, rules: object): unknown;
}

/** Shared through the global object, so two copies of Tandem on one page (CDN and npm) agree. */
export interface GuardState {
  /** The `lit-html` policy made here; undefined where there is no Trusted Types or it was refused. */
  policy: unknown;
  /** Why the browser refused the policy; null while it is allowed. */
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
    policy: undefined,
    refusal: null,
    tags: new Set(),
    reported: new WeakSet(),
    logged: false,
    observer: null,
  };
  const factory = scope.trustedTypes;
  if (!factory || typeof factory.createPolicy !== 'function') return fresh;
  const original = factory.createPolicy;
  try {
    fresh.policy = original.call(factory, POLICY, { createHTML: (s: string) => s });
  } catch (error) {
    fresh.refusal = `policy "${POLICY}": ${error instanceof Error ? error.message : String(error)}`;
  }
  // Whoever asks for `lit-html` gets the policy made here (it does what Lit's own would). Refused,
  // the first to ask (Tandem's Lit, loading) gets no policy rather than the throw; later callers get
  // the browser's own answer.
  let refusalTold = false;
  factory.createPolicy = function createPolicy(this: PolicyFactory, name: string, rules: object): unknown {
    if (name !== POLICY || (fresh.refusal !== null && refusalTold)) return original.call(this, name, rules);
    refusalTold = true;
    return fresh.policy;
  };
  return fresh;
}

/**
 * Says whether `tag` may be defined (called by `defineElement` and the CDN launcher). When the policy
 * was refused it reports the refusal, on every element with that tag, now and when more are added,
 * and returns false.
 */
export function trustedTypesAllow(tag: string): boolean {
  if (state.refusal === null) return true;
  state.tags.add(tag);
  void import('./trusted-types-report.js').then(({ reportRefusal }) =>
    reportRefusal(state, TRUSTED_TYPES_POLICIES),
  );
  return false;
}
