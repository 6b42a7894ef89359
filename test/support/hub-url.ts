/**
 * Browser side of the test hub that web-test-runner.config.mjs starts for the element and controller
 * tests.
 */
import { executeServerCommand } from '@web/test-runner-commands';

declare global {
  interface Window {
    /** Set by web-test-runner.config.mjs before any test module loads. */
    __TANDEM_HUB_URL__?: string;
  }
}

/** Base URL of the running test hub, e.g. `http://127.0.0.1:43121`. */
export function hubUrl(): string {
  const url = window.__TANDEM_HUB_URL__;
  if (!url) throw new Error('No test hub URL: run these tests with `npm run test:elements`.');
  return url;
}

/** Stops the test hub (the port stays reserved for `startHub()`). */
export async function stopHub(): Promise<void> {
  await executeServerCommand('hub-stop');
}

/** Starts the test hub again on the same port and data directory. */
export async function startHub(): Promise<void> {
  await executeServerCommand('hub-start');
}

/**
 * The same hub under another host name. Widgets share one session per (hub, org) on a page, and an
 * agent's session is not a visitor's: a test that puts a visitor and agents on one page gives each
 * party its own spelling, as separate browser tabs would have their own sessions.
 */
export function hubUrlAs(host: 'localhost' | '127.0.0.1' | '[::1]'): string {
  const url = new URL(hubUrl());
  url.hostname = host;
  return url.origin;
}
