/**
 * Host pages for the security suite: a shop's pages on an origin of their own, each served with the
 * headers the test gives it (a CSP, say), and what a page records about itself.
 */
import type { Page } from 'playwright-core';
import { servePages, type PageServer } from '../e2e/pages.js';

export interface HostPage {
  body: string;
  headers?: Record<string, string>;
}

export type HostServer = PageServer;

/**
 * Loads the full part of each element through the CDN launcher (as a page that needs them defined now
 * does) and waits until they are defined: the launcher alone defines them on the visitor's first act.
 */
export async function loadFullElements(page: Page, tags: string[], timeout: number): Promise<void> {
  await page.waitForFunction(() => Symbol.for('tandem.launcher') in globalThis, null, { timeout });
  await page.evaluate(async (tags) => {
    const launcher = (globalThis as unknown as Record<symbol, { load(tag: string): Promise<void> }>)[
      Symbol.for('tandem.launcher')
    ]!;
    await Promise.all(tags.map((tag) => launcher.load(tag)));
  }, tags);
  await page.waitForFunction((tags) => tags.every((tag) => customElements.get(tag)), tags, { timeout });
}

/** Serves the given pages by path on 127.0.0.1 (a random port), each with its headers; else 404. */
export const serveHostPages = (pages: Record<string, HostPage>): Promise<HostServer> => servePages(pages);

/** The test page's own inline scripts run with this nonce; Tandem itself needs none. */
export const NONCE = 'c2VjdXJpdHktc3VpdGU';

/**
 * The README's "Strict CSP" for a hub at `hub` (http here; https/wss on a real site), nothing more:
 * `default-src 'none'`, so anything else Tandem needed would show up as a violation.
 */
export function documentedCsp(hub: string): string {
  const { host } = new URL(hub);
  return [
    "default-src 'none'",
    `script-src ${hub} 'nonce-${NONCE}'`,
    `connect-src ${hub} ws://${host}`,
    `img-src ${hub}`,
    "frame-src 'self'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
  ].join('; ');
}

/** Tandem's five element tags. */
export const TANDEM_TAGS = ['calls-widget', 'chat-widget', 'overlay-widget', 'booking-card', 'agent-console'];

/**
 * Init script (a string: tsx's keepNames would break a function's inner functions in the page):
 * every CSP violation in `window.__violations` (`directive blocked-uri`, also from shadow roots: the
 * event is composed), and every Tandem `error` event's detail, with its element's tag, in
 * `window.__tandemErrors` (listeners added on the elements as soon as they are parsed or added).
 */
export const recordViolationsAndErrors = `
  window.__violations = [];
  window.__tandemErrors = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__violations.push(e.effectiveDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')), true);
  const tags = ${JSON.stringify(TANDEM_TAGS)};
  const listened = new WeakSet();
  const listen = (root) => {
    for (const el of root.querySelectorAll ? root.querySelectorAll(tags.join(',')) : []) {
      if (listened.has(el)) continue;
      listened.add(el);
      el.addEventListener('error', (e) =>
        window.__tandemErrors.push({ tag: el.localName, ...e.detail }));
    }
  };
  new MutationObserver(() => listen(document)).observe(document, { childList: true, subtree: true });
`;

declare global {
  interface Window {
    __violations: string[];
    __tandemErrors: Array<{ tag: string; code: string; message: string }>;
  }
}
