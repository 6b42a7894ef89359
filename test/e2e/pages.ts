/**
 * Shared by the end-to-end tests and the benchmarks: a Chromium started the Tandem way, and a tiny static
 * server for plain host pages on an origin of their own (not the hub's), as a shop's site would be.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
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
declare global {
  interface Window {
    /** Filled by the pages of `callsWidgetPage()`. */
    __events: AgentsOnlineDetail[];
    __errors: TandemErrorDetail[];
  }
}

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

/** Serves the given HTML pages by path on 127.0.0.1 (a random port); anything else is 404. */
export async function servePages(pages: Record<string, string>): Promise<PageServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const body = pages[path];
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
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
 * `agents-online` details are collected in `window.__events`, `error` details in `window.__errors`.
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
      const widget = document.querySelector('calls-widget');
      widget.addEventListener('agents-online', (event) => window.__events.push(event.detail));
      widget.addEventListener('error', (event) => window.__errors.push(event.detail));
    </script>
  </body>
</html>
`;
}
