/**
 * What Tandem costs a shop's page before the visitor acts, side by side in one run:
 *
 *   blank page                 no script at all
 *   Lit hello-world            one Lit element (Lit bundled and minified, as a shop would ship it)
 *   baseline tandem.js         the one-file build before the launcher (built once from git, or TANDEM_BASELINE_CDN)
 *   launcher tandem.js         this build (dist/cdn: the launcher and its chunks)
 *
 * each on a page with `<calls-widget>` and `<chat-widget>` (the Tandem ones), served from an origin of
 * its own, talking to a real hub. Per page, in a fresh context with 4× CPU throttling (CDP):
 * JS received before any interaction (raw, gzip -9, brotli 11, and the share never run: Chromium's
 * precise coverage), main-thread script time (CDP `ScriptDuration`) and the longest task, and the
 * time to the first rendered queue state. Prints medians; never fails on time or size.
 *
 * The hub is packages/hub as `npm run build` wrote it, the files production runs (the source
 * through tsx when it is not built; the output says which).
 *
 *   npm run build && node --import tsx bench/page-weight.ts [runs]     (default 5; or BENCH_RUNS=n)
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';

import { startTestHub } from '../test/support/start-hub.js';
import { launchChromium } from '../test/e2e/pages.js';
import { oneFileCdnBaseline } from './support/baseline-build.js';
import { builtHub, hubLabel } from './support/compiled-hub.js';

const runs = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 5);
const root = fileURLToPath(new URL('..', import.meta.url));
const launcherDir = join(root, 'dist', 'cdn');
const baselineDir = oneFileCdnBaseline() ?? join(root, '.tmp', 'no-baseline');

if (!existsSync(join(launcherDir, 'tandem.js'))) {
  console.error('dist/cdn/tandem.js is missing: run `npm run build` first.');
  process.exit(1);
}

/** Lit hello-world, bundled and minified the way a shop's build would. */
const hello = (
  await build({
    stdin: {
      contents: `import { LitElement, html, css } from 'lit';
        class HelloWorld extends LitElement {
          static properties = { name: {} };
          static styles = css\`:host { display: block; }\`;
          constructor() { super(); this.name = 'World'; }
          render() { return html\`<p>Hello, \${this.name}!</p>\`; }
        }
        customElements.define('hello-world', HelloWorld);`,
      resolveDir: root,
    },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
  })
).outputFiles[0]!.text;

const compiled = builtHub();
const hub = await startTestHub(compiled ? { compiled } : {});

const widgets = `<calls-widget org-id="demo" hub-url="${hub.url}"></calls-widget>
  <chat-widget org-id="demo" hub-url="${hub.url}"></chat-widget>`;
const page = (head: string, body = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">${head}</head>
  <body><h1>A shop</h1><p>Some products.</p>${body}</body></html>`;
const PAGES: Record<string, string> = {
  '/blank.html': page(''),
  '/hello.html': page('<script type="module" src="/hello.js"></script>', '<hello-world></hello-world>'),
  '/baseline.html': page('<script type="module" src="/baseline/tandem.js"></script>', widgets),
  '/launcher.html': page('<script type="module" src="/launcher/tandem.js"></script>', widgets),
};

/** A plain static server: the pages, Lit hello-world, and both builds' files. */
const server = createServer((req, res): void => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const send = (body: string | Buffer, type: string): void =>
    void res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  if (PAGES[path]) return send(PAGES[path], 'text/html; charset=utf-8');
  if (path === '/hello.js') return send(hello, 'text/javascript');
  for (const [prefix, dir] of [
    ['/baseline/', baselineDir],
    ['/launcher/', launcherDir],
  ] as const) {
    const file = normalize(join(dir, path.slice(prefix.length)));
    if (path.startsWith(prefix) && file.startsWith(dir) && extname(file) === '.js' && existsSync(file)) {
      return send(readFileSync(file), 'text/javascript');
    }
  }
  void res.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

interface Sample {
  raw: number;
  gzip: number;
  brotli: number;
  unused: number;
  scriptMs: number;
  longestTaskMs: number;
  firstStateMs: number | null;
}

/** Before the page's scripts: the longest task, and when the calls widget first shows a queue state. */
const instrument = `
  window.__longest = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
  }).observe({ type: 'longtask', buffered: true });
  window.__firstState = new Promise((resolve) => {
    const check = () => {
      const state = document.querySelector('calls-widget')?.shadowRoot
        ?.querySelector('[part~="base"]')?.getAttribute('data-state');
      if (state === 'open' || state === 'closed') resolve(performance.now());
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
`;

/** Bytes of `source` that no executed block covered (block coverage: inner ranges override outer). */
function unusedBytes(
  source: string,
  functions: Array<{ ranges: Array<{ startOffset: number; endOffset: number; count: number }> }>,
): number {
  const used = new Uint8Array(source.length);
  for (const fn of functions) {
    for (const range of fn.ranges) used.fill(range.count > 0 ? 1 : 0, range.startOffset, range.endOffset);
  }
  return used.reduce((n, u) => n + (u ? 0 : 1), 0);
}

async function measure(path: string, widget: boolean): Promise<Sample> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    await context.addInitScript({ content: instrument });
    const tab: Page = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Debugger.enable');
    await cdp.send('Profiler.startPreciseCoverage', { callCount: false, detailed: true });
    const scripts = new Map<string, Buffer>();
    tab.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      void response.body().then(
        (body) => scripts.set(response.url(), body),
        () => undefined,
      );
    });
    await tab.goto(origin + path, { waitUntil: 'load' });
    const firstStateMs = widget
      ? await tab.evaluate(() => (window as unknown as { __firstState: Promise<number> }).__firstState)
      : null;
    // Whatever the page loads by itself after the first state (idle prefetches, locales) counts too.
    await tab.waitForTimeout(1500);
    const { result } = (await cdp.send('Profiler.takePreciseCoverage')) as {
      result: Array<{
        url: string;
        functions: Array<{ ranges: Array<{ startOffset: number; endOffset: number; count: number }> }>;
      }>;
    };
    const { metrics } = await cdp.send('Performance.getMetrics');
    const scriptMs = (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
    const longestTaskMs = await tab.evaluate(() => (window as unknown as { __longest: number }).__longest);
    let raw = 0;
    let gzip = 0;
    let brotli = 0;
    let unused = 0;
    for (const [url, body] of scripts) {
      raw += body.length;
      gzip += gzipSync(body, { level: 9 }).length;
      brotli += brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
      const coverage = result.find((r) => r.url === url);
      unused += coverage ? unusedBytes(body.toString('utf8'), coverage.functions) : body.length;
    }
    return { raw, gzip, brotli, unused, scriptMs, longestTaskMs, firstStateMs };
  } finally {
    await browser.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

try {
  const rows: Array<[string, string, boolean]> = [
    ['blank page', '/blank.html', false],
    ['Lit hello-world', '/hello.html', false],
    ...(existsSync(join(baselineDir, 'tandem.js'))
      ? [['baseline tandem.js', '/baseline.html', true] as [string, string, boolean]]
      : []),
    ['launcher tandem.js', '/launcher.html', true],
  ];
  if (rows.length === 3) console.log(`(no baseline build at ${baselineDir}; set TANDEM_BASELINE_CDN)`);
  console.log(
    `page weight before interaction: <calls-widget> + <chat-widget>, 4× CPU throttling, median of ${runs} interleaved runs (+1 warm-up)`,
  );
  console.log(`  ${hubLabel(compiled)}`);
  console.log(
    `  ${''.padEnd(20)}${'JS raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}${'unused'.padStart(8)}${'script'.padStart(11)}${'longest'.padStart(11)}${'1st state'.padStart(11)}`,
  );
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`.padStart(10);
  const ms = (v: number) => `${v.toFixed(0)} ms`.padStart(11);
  // Interleaved (one run of each page per round), so that a busy machine weighs on every page alike.
  for (const [, path, widget] of rows) await measure(path, widget); // warm-up
  const samples = rows.map((): Sample[] => []);
  for (let i = 0; i < runs; i++) {
    for (const [n, [, path, widget]] of rows.entries()) samples[n]!.push(await measure(path, widget));
  }
  for (const [n, [label, , widget]] of rows.entries()) {
    const m = (pick: (s: Sample) => number) => median(samples[n]!.map(pick));
    const raw = m((s) => s.raw);
    const share = raw ? `${((m((s) => s.unused) / raw) * 100).toFixed(0)}%` : '-';
    console.log(
      `  ${label.padEnd(20)}${kb(raw)}${kb(m((s) => s.gzip))}${kb(m((s) => s.brotli))}${share.padStart(8)}${ms(m((s) => s.scriptMs))}${ms(m((s) => s.longestTaskMs))}${widget ? ms(m((s) => s.firstStateMs ?? 0)) : '-'.padStart(11)}`,
    );
  }
  console.log(
    '  (longest: the longest task over 50 ms, 0 when none; 1st state: navigation start → calls card shows the queue)',
  );
} finally {
  server.close();
  await hub.stop();
}
