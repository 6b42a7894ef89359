import type { GuardState } from './trusted-types-guard.js';
import { TandemErrorEvent } from './events/tandem-error.js';
import type { ErrorCode } from './protocol/frames.js';

/**
 * The report of a refused Trusted Types policy (trusted-types-guard.ts): loaded only on a page that
 * refused it. One console error naming the directive to add, then an `error` event on every element
 * whose tag was left undefined, also those the page adds later.
 */

const REFUSED: (typeof ErrorCode)['trustedTypesRefused'] = 'trusted-types-refused';

/** `policies`: the names the page's `trusted-types` directive must list. */
export function reportRefusal(state: GuardState, policies: readonly string[]): void {
  const message = refusalMessage(state.refusal!, policies);
  if (!state.logged) {
    state.logged = true;
    console.error(`[tandem] ${message}`);
  }
  whenParsed(() => {
    reportAll(state, document, message);
    watchForMoreElements(state, message);
  });
}

function refusalMessage(refusal: string, policies: readonly string[]): string {
  const names = policies.join(' ');
  return (
    `This page's Content Security Policy refused the Trusted Types ${refusal}. ` +
    `Tandem's elements render through that policy and stay undefined on this page. ` +
    `Add the policy to the page's CSP: \`trusted-types ${names}\` (with 'allow-duplicates' when another ` +
    `copy of Lit on the page creates one too), beside \`require-trusted-types-for 'script'\`.`
  );
}

/** After the page's own module scripts ran, so the listeners they add hear the event. */
function whenParsed(run: () => void): void {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
  else run();
}

function reportAll(state: GuardState, root: ParentNode, message: string): void {
  if (state.tags.size === 0) return;
  const selector = [...state.tags].join(',');
  const found = root instanceof Element && root.matches(selector) ? [root] : [];
  for (const element of [...found, ...root.querySelectorAll(selector)]) {
    if (state.reported.has(element)) continue;
    state.reported.add(element);
    element.dispatchEvent(new TandemErrorEvent({ code: REFUSED, message }));
  }
}

/** Elements the page adds later get the same event (listeners are added before insertion, usually). */
function watchForMoreElements(state: GuardState, message: string): void {
  if (state.observer || typeof MutationObserver === 'undefined') return;
  state.observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node instanceof Element) reportAll(state, node, message);
    }
  });
  state.observer.observe(document.documentElement, { childList: true, subtree: true });
}
