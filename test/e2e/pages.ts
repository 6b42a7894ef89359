/**
 * Shared by the end-to-end tests and the benchmarks: a Chromium started the Tandem way, and a tiny static
 * server for plain host pages on an origin of their own (not the hub's), as a shop's site would be.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, findChromium } from '../../scripts/chromium-path.mjs';

/** `agents-online` detail as a host page sees it. */
export interface AgentsOnlineDetail {
  numberOfAgentsOnline: number;
  queueId: string;
}
/** `error` detail as a host page sees it. */
export interface TandemErrorDetail {
  code: string;
  message: string;
}
/** `tracking-event` detail as a host page sees it. */
export interface TrackingEventDetail {
  eventName: string;
  eventData: Record<string, unknown>;
}
/** The agent console's call events as a page sees them (`call-offered`, `call-started`, `call-ended`). */
export interface ConsoleEvents {
  offered: Array<{ ticketId: string; queueId: string; productIds: string[]; data: Record<string, unknown> }>;
  started: Array<{ callId: string; ticketId: string; productIds: string[] }>;
  ended: Array<{ callId: string; ticketId: string; reason: string | null }>;
  /** `agent-status-change`: the agent's status after each change (null once signed out). */
  status: Array<string | null>;
}
declare global {
  interface Window {
    /** Filled by the pages of `callsWidgetPage()`. */
    __events: AgentsOnlineDetail[];
    __errors: TandemErrorDetail[];
    __tracking: TrackingEventDetail[];
    /** Filled on pages opened with `recordConsoleEvents`. */
    __console: ConsoleEvents;
  }
}

/** Generous: a cold CI machine with two cores. Waits end as soon as their condition holds. */
export const WAIT = { timeout: 30_000 };

/** Starts headless Chromium from the system (never a downloaded one). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('No Chromium found: run `node scripts/ensure-chromium.mjs` or set CHROME_PATH.');
  }
  return chromium.launch({ executablePath, args: chromiumArgs, headless: true });
}

export interface PageServer {
  /** e.g. `http://127.0.0.1:41234` */
  origin: string;
  url(path: string): string;
  close(): Promise<void>;
}

/** A page to serve: its HTML, or its HTML with headers of its own (a CSP, say). */
export type ServedPage = string | { body: string; headers?: Record<string, string> };

/** Serves the given HTML pages by path on 127.0.0.1 (a random port); anything else is 404. */
export async function servePages(pages: Record<string, ServedPage>): Promise<PageServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const page = pages[path];
    if (page === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const { body, headers } = typeof page === 'string' ? { body: page, headers: {} } : page;
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers })
      .end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path) => new URL(path, origin).href,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A shop's page as the README tells owners to write it: the hub's script and one `<calls-widget>`.
 * `agents-online` details are collected in `window.__events`, `error` details in `window.__errors`,
 * `tracking-event` details in `window.__tracking`.
 */
export function callsWidgetPage(hubUrl: string, orgId: string): string {
  const src = new URL('/tandem.js', hubUrl).href;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Plain host page</title>
    <link rel="icon" href="data:," />
    <script type="module" src="${src}"></script>
  </head>
  <body>
    <calls-widget org-id="${orgId}"></calls-widget>
    <script>
      window.__events = [];
      window.__errors = [];
      window.__tracking = [];
      const widget = document.querySelector('calls-widget');
      widget.addEventListener('agents-online', (event) => window.__events.push(event.detail));
      widget.addEventListener('error', (event) => window.__errors.push(event.detail));
      widget.addEventListener('tracking-event', (event) => window.__tracking.push(event.detail));
    </script>
  </body>
</html>
`;
}

/**
 * An init script (a string: tsx's keepNames would break a function's inner functions in the page) that
 * records the agent console's call events in `window.__console`, from before the page's own scripts.
 * The events bubble and are composed, so the document hears them.
 */
export const recordConsoleEvents = `
  window.__console = { offered: [], started: [], ended: [], status: [] };
  document.addEventListener('call-offered', (e) => window.__console.offered.push(e.detail));
  document.addEventListener('call-started', (e) => window.__console.started.push(e.detail));
  document.addEventListener('call-ended', (e) => window.__console.ended.push(e.detail));
  document.addEventListener('agent-status-change', (e) =>
    window.__console.status.push(e.detail.agent ? e.detail.agent.status : null));
`;

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** The page's console messages and uncaught errors, `[type] text`. */
  log: string[];
}

/** A page in a fresh browser context of its own: no storage shared with any other page. */
export async function openPage(
  browser: Browser,
  url: string,
  options: { initScript?: string } = {},
): Promise<OpenedPage> {
  const context = await browser.newContext();
  if (options.initScript) await context.addInitScript({ content: options.initScript });
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
  await page.goto(url);
  return { context, page, log };
}

/** The hub's agent console page, with its call events recorded (`window.__console`). */
export function openAgentConsole(browser: Browser, hubUrl: string): Promise<OpenedPage> {
  return openPage(browser, new URL('/agent.html', hubUrl).href, { initScript: recordConsoleEvents });
}

/** Signs an agent in through the console's form, as a person would, and waits for the signed-in view. */
export async function signInAgent(page: Page, agentId: string, password = 'demo'): Promise<void> {
  const console_ = page.locator('agent-console');
  await console_.locator('input[name="agentId"]').fill(agentId, WAIT);
  await console_.locator('input[name="password"]').fill(password, WAIT);
  await console_.locator('button[type="submit"]').click(WAIT);
  await waitForConsoleState(page, 'signed-in');
}

/** The agent console's `data-state`: `signed-out`, `signed-in` or `in-call`. */
export function consoleState(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      document
        .querySelector('agent-console')
        ?.shadowRoot?.querySelector('[part~="base"]')
        ?.getAttribute('data-state') ?? null,
  );
}

export async function waitForConsoleState(page: Page, state: string): Promise<void> {
  try {
    await page.waitForFunction(
      (wanted) =>
        document
          .querySelector('agent-console')
          ?.shadowRoot?.querySelector('[part~="base"]')
          ?.getAttribute('data-state') === wanted,
      state,
      WAIT,
    );
  } catch (error) {
    throw new Error(`the agent console never reached "${state}" (it is "${await consoleState(page)}")`, {
      cause: error,
    });
  }
}

/** The calls-widget dialog's `data-phase`: `idle`, `media`, `joining`, `waiting`, `in-call` or `ended`. */
export function dialogPhase(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      document
        .querySelector('calls-widget')
        ?.shadowRoot?.querySelector('[part~="dialog"]')
        ?.getAttribute('data-phase') ?? null,
  );
}

export async function waitForPhase(page: Page, phase: string): Promise<void> {
  try {
    await page.waitForFunction(
      (wanted) =>
        document
          .querySelector('calls-widget')
          ?.shadowRoot?.querySelector('[part~="dialog"]')
          ?.getAttribute('data-phase') === wanted,
      phase,
      WAIT,
    );
  } catch (error) {
    throw new Error(`the call never reached "${phase}" (it is "${await dialogPhase(page)}")`, {
      cause: error,
    });
  }
}

/** Frames decoded so far by the `<video part="...">` in the shadow root of `host`, or null without one. */
function decodedFrames(page: Page, host: string, part: string): Promise<number | null> {
  return page.evaluate(
    ({ host, part }) => {
      const video = document
        .querySelector(host)
        ?.shadowRoot?.querySelector<HTMLVideoElement>(`video[part~="${part}"]`);
      return video ? video.getVideoPlaybackQuality().totalVideoFrames : null;
    },
    { host, part },
  );
}

/**
 * Waits until the `<video part="...">` (default `remote-video`) in the shadow root of `host` plays:
 * it has decoded a frame with a size (readyState ≥ HAVE_CURRENT_DATA, videoWidth > 0), and its count of
 * decoded frames keeps growing (a frozen or paused video stops short of that).
 */
export async function waitForPlayingVideo(page: Page, host: string, part = 'remote-video'): Promise<void> {
  try {
    await page.waitForFunction(
      ({ host, part }) => {
        const video = document
          .querySelector(host)
          ?.shadowRoot?.querySelector<HTMLVideoElement>(`video[part~="${part}"]`);
        return (
          !!video &&
          video.readyState >= 2 &&
          video.videoWidth > 0 &&
          video.getVideoPlaybackQuality().totalVideoFrames > 0
        );
      },
      { host, part },
      WAIT,
    );
    const first = (await decodedFrames(page, host, part)) ?? 0;
    await page.waitForFunction(
      ({ host, part, first }) => {
        const video = document
          .querySelector(host)
          ?.shadowRoot?.querySelector<HTMLVideoElement>(`video[part~="${part}"]`);
        return !!video && video.getVideoPlaybackQuality().totalVideoFrames >= first + 10;
      },
      { host, part, first },
      WAIT,
    );
  } catch (error) {
    const state = await page.evaluate(
      ({ host, part }) => {
        const video = document
          .querySelector(host)
          ?.shadowRoot?.querySelector<HTMLVideoElement>(`video[part~="${part}"]`);
        return video
          ? {
              readyState: video.readyState,
              videoWidth: video.videoWidth,
              paused: video.paused,
              frames: video.getVideoPlaybackQuality().totalVideoFrames,
              hasStream: !!video.srcObject,
            }
          : null;
      },
      { host, part },
    );
    throw new Error(`${host}'s ${part} does not play: ${JSON.stringify(state)}`, { cause: error });
  }
}

/** The text of a part in the calls-widget's shadow root, whitespace collapsed; null when it is not there. */
export function widgetPartText(page: Page, part: string): Promise<string | null> {
  return page.evaluate((part) => {
    const text = document
      .querySelector('calls-widget')
      ?.shadowRoot?.querySelector(`[part~="${part}"]`)?.textContent;
    return text === undefined || text === null ? null : text.replace(/\s+/g, ' ').trim();
  }, part);
}
