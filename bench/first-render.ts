/**
 * Time from navigation start to the first rendered queue state of a `<calls-widget>` on a plain host
 * page (the CDN script from a real hub, page on another origin): the widget's `[part~="base"]` gets
 * `data-state` `open` or `closed`. Measured in the page (performance.now(), whose origin is the
 * navigation start), checked every frame. bench/page-weight.ts measures it with 4× CPU throttling
 * beside the one-file baseline. Each run uses a fresh browser
 * context, so nothing is cached. Prints figures; never fails on time.
 *
 * The hub is packages/hub as `npm run build` wrote it, the files production runs (the source
 * through tsx when it is not built; the output says which).
 *
 *   node --import tsx bench/first-render.ts [runs]     (default 15; or BENCH_RUNS=n)
 */
import { startTestHub } from '../test/support/start-hub.js';
import { builtHub, hubLabel } from './support/compiled-hub.js';
import { callsWidgetPage, launchChromium, servePages } from '../test/e2e/pages.js';

const runs = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 15);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`runs must be a positive integer, got ${process.argv[2] ?? process.env.BENCH_RUNS}`);
  process.exit(1);
}

interface Marks {
  /** The first rendered queue state (`open` or `closed`). */
  firstState: number;
  state: string;
  /** tandem.js fully received. */
  scriptLoaded: number | null;
  /** The element defined by then (the launcher defines it on the first act: null). */
  defined: number | null;
}

declare global {
  interface Window {
    __firstRender?: Promise<Marks>;
  }
}

/**
 * Runs in the page before any of its scripts. A string, not a function: tsx (esbuild's keepNames)
 * would wrap a function's inner functions in a `__name` helper that does not exist in the page.
 */
const instrument = `
  window.__firstRender = new Promise((resolve) => {
    // The launcher draws the card before the element is defined (that waits for the visitor's first
    // act), so the shadow root is watched from when it appears.
    const check = () => {
      const widget = document.querySelector('calls-widget');
      const state = widget?.shadowRoot?.querySelector('[part~="base"]')?.getAttribute('data-state');
      if (state !== 'open' && state !== 'closed') return requestAnimationFrame(check);
      const script = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/tandem.js'));
      const defined = customElements.get('calls-widget') ? performance.now() : null;
      resolve({ firstState: performance.now(), state, scriptLoaded: script ? script.responseEnd : null, defined });
    };
    requestAnimationFrame(check);
  });
`;

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, p90: at(0.9), min: sorted[0]!, max: sorted.at(-1)! };
}

const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);

const compiled = builtHub();
const hub = await startTestHub(compiled ? { compiled } : {});
const pages = await servePages({ '/shop.html': callsWidgetPage(hub.url, 'demo') });
const browser = await launchChromium();
try {
  const measure = async (): Promise<Marks> => {
    const context = await browser.newContext();
    try {
      await context.addInitScript({ content: instrument });
      const page = await context.newPage();
      await page.goto(pages.url('/shop.html'));
      return await page.evaluate(() =>
        Promise.race([
          window.__firstRender!,
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error('no queue state within 30 s')), 30_000),
          ),
        ]),
      );
    } finally {
      await context.close();
    }
  };

  await measure(); // warm-up, not counted: the hub's and Chromium's first-time costs
  const results: Marks[] = [];
  for (let i = 0; i < runs; i++) results.push(await measure());

  const first = stats(results.map((r) => r.firstState));
  const script = results.map((r) => r.scriptLoaded).filter((v): v is number => v !== null);
  const defined = results.map((r) => r.defined).filter((v): v is number => v !== null);
  const states = [...new Set(results.map((r) => r.state))].join(', ');

  console.log(
    `first render of the queue state, ${runs} runs (+1 warm-up), fresh context each, state: ${states}`,
  );
  console.log(`  ${hubLabel(compiled)}`);
  console.log(
    `  ${''.padEnd(26)}${'median'.padStart(10)}${'p90'.padStart(10)}${'min'.padStart(10)}${'max'.padStart(10)}`,
  );
  const line = (label: string, s: ReturnType<typeof stats>) =>
    console.log(`  ${label.padEnd(26)}${ms(s.median)}${ms(s.p90)}${ms(s.min)}${ms(s.max)}`);
  if (script.length) line('tandem.js received', stats(script));
  if (defined.length) line('elements defined', stats(defined));
  line('queue state rendered', first);
} finally {
  await browser.close();
  await pages.close();
  await hub.stop();
}
