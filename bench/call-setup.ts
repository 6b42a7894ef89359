/**
 * How fast a one-to-one call comes up, on loopback: a real hub, a `<calls-widget>` on a plain shop page
 * of another origin (the CDN script), and the hub's agent console with `anna` signed in, each page in a
 * browser context of its own, in Chromium with its fake camera and microphone. Per run:
 *
 *   ringing      from the visitor page's `startCall()` (camera and microphone, then the ticket) to the
 *                agent console's `call-offered` event; for comparison, when the visitor's page hears
 *                its ticket is in (`joined_queue`)
 *   first frame  from the agent's `accept()` (the agent's camera, the hub, WebRTC signalling, ICE, DTLS,
 *                the first decoded frame) to the first frame of the remote video on each side,
 *                by `requestVideoFrameCallback` on the remote `<video>`; for comparison, when
 *                `accept()` resolves (the agent's camera is on and the hub has answered)
 *
 * Times are `performance.timeOrigin + performance.now()` in each page, so the two pages' clocks compare
 * (one machine, one wall clock). Each run uses a fresh visitor context, already showing the queue state
 * when the clock starts, and ends with the agent hanging up. Prints figures; never fails on time.
 *
 * The hub is packages/hub as `npm run build` wrote it, the files production runs (the source
 * through tsx when it is not built; the output says which).
 *
 *   node --import tsx bench/call-setup.ts [runs]     (default 10; or BENCH_RUNS=n)
 */
import os from 'node:os';
import type { Page } from 'playwright-core';
import { startTestHub } from '../test/support/start-hub.js';
import { builtHub, hubLabel } from './support/compiled-hub.js';
import {
  WAIT,
  callsWidgetPage,
  launchChromium,
  openPage,
  servePages,
  signInAgent,
  waitForConsoleState,
  waitForPhase,
} from '../test/e2e/pages.js';

const runs = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 10);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`runs must be a positive integer, got ${process.argv[2] ?? process.env.BENCH_RUNS}`);
  process.exit(1);
}

interface BenchMarks {
  /** Wall-clock ms (timeOrigin + now) of each mark in this page. */
  startCall?: number;
  joinedQueue?: number;
  offered?: Array<{ ticketId: string; at: number }>;
  accept?: number;
  /** `accept()` resolved: the agent's camera is on and the hub answered; media starts from here. */
  accepted?: number;
  /** Resolves with the time of the first presented frame of the page's remote video. */
  firstFrame?: Promise<number>;
}

declare global {
  interface Window {
    __bench: BenchMarks;
    /** Starts watching for the first presented frame of the remote video of `host`. */
    __watchFirstFrame(host: string): void;
  }
}

/**
 * Runs in every page before its own scripts. Strings, not functions: tsx (esbuild's keepNames) would
 * wrap a function's inner functions in a `__name` helper that does not exist in the page.
 */
const instrument = `
  window.__bench = { offered: [] };
  const clock = () => performance.timeOrigin + performance.now();
  document.addEventListener('call-offered', (e) => window.__bench.offered.push({ ticketId: e.detail.ticketId, at: clock() }));
  document.addEventListener('tracking-event', (e) => {
    if (e.detail.eventName === 'joined_queue' && window.__bench.joinedQueue === undefined) window.__bench.joinedQueue = clock();
  });
  /** Watches the host's shadow root for its remote video and resolves at its first presented frame. */
  window.__watchFirstFrame = (host) => {
    window.__bench.firstFrame = new Promise((resolve) => {
      const root = document.querySelector(host).shadowRoot;
      let armed = false;
      const arm = () => {
        const video = root.querySelector('video[part~="remote-video"]');
        if (!video || armed) return;
        armed = true;
        observer.disconnect();
        video.requestVideoFrameCallback(() => resolve(clock()));
      };
      const observer = new MutationObserver(arm);
      observer.observe(root, { subtree: true, childList: true });
      arm();
    });
  };
`;

/** Starts watching for the first frame of the remote video of `host` (`calls-widget` or `agent-console`). */
function watchFirstFrame(page: Page, host: string): Promise<void> {
  return page.evaluate((host) => window.__watchFirstFrame(host), host);
}

function firstFrameAt(page: Page): Promise<number> {
  return page.evaluate(() =>
    Promise.race([
      window.__bench.firstFrame!,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('no remote frame within 30 s')), 30_000),
      ),
    ]),
  );
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, p90: at(0.9), min: sorted[0]!, max: sorted.at(-1)! };
}

const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);

interface Run {
  joinedQueue: number;
  ringing: number;
  accepted: number;
  visitorFirstFrame: number;
  agentFirstFrame: number;
}

// The hub's own speed, not its rate limits (a bench floods on purpose).
const compiled = builtHub();
const hub = await startTestHub({ limits: 'off', ...(compiled ? { compiled } : {}) });
const shop = await servePages({ '/shop.html': callsWidgetPage(hub.url, 'demo') });
const browser = await launchChromium();
try {
  const agent = await openPage(browser, new URL('/agent.html', hub.url).href, { initScript: instrument });
  await signInAgent(agent.page, 'anna');

  const measure = async (): Promise<Run> => {
    const visitor = await openPage(browser, shop.url('/shop.html'), { initScript: instrument });
    try {
      // The clock starts on a page that already shows the queue (connected to the hub).
      await visitor.page.waitForFunction(
        () =>
          document
            .querySelector('calls-widget')
            ?.shadowRoot?.querySelector('[part~="base"]')
            ?.getAttribute('data-state') === 'open',
        null,
        WAIT,
      );
      await agent.page.evaluate(() => {
        window.__bench.offered = [];
        delete window.__bench.accept;
        delete window.__bench.accepted;
      });

      // (a) Ringing: startCall() on the visitor page → call-offered in the console.
      await visitor.page.evaluate(() => {
        window.__bench.startCall = performance.timeOrigin + performance.now();
        void document.querySelector('calls-widget')!.startCall();
      });
      await waitForPhase(visitor.page, 'waiting');
      await agent.page.waitForFunction(() => window.__bench.offered!.length > 0, null, WAIT);
      const offered = await agent.page.evaluate(() => window.__bench.offered![0]!);
      const visitorMarks = await visitor.page.evaluate(() => ({
        startCall: window.__bench.startCall!,
        joinedQueue: window.__bench.joinedQueue!,
      }));

      // (b) First frame: accept() in the console → the first frame of each side's remote video.
      await watchFirstFrame(visitor.page, 'calls-widget');
      await watchFirstFrame(agent.page, 'agent-console');
      await agent.page.evaluate(async (ticketId) => {
        window.__bench.accept = performance.timeOrigin + performance.now();
        await document.querySelector('agent-console')!.accept(ticketId);
        window.__bench.accepted = performance.timeOrigin + performance.now();
      }, offered.ticketId);
      const [visitorFrame, agentFrame] = await Promise.all([
        firstFrameAt(visitor.page),
        firstFrameAt(agent.page),
      ]);
      const { accept, accepted } = await agent.page.evaluate(() => ({
        accept: window.__bench.accept!,
        accepted: window.__bench.accepted!,
      }));

      // Hang up, so the next run starts with a free agent and an empty queue.
      await agent.page.evaluate(() => document.querySelector('agent-console')!.endCall());
      await waitForPhase(visitor.page, 'ended');
      await waitForConsoleState(agent.page, 'signed-in');

      return {
        joinedQueue: visitorMarks.joinedQueue - visitorMarks.startCall,
        ringing: offered.at - visitorMarks.startCall,
        accepted: accepted - accept,
        visitorFirstFrame: visitorFrame - accept,
        agentFirstFrame: agentFrame - accept,
      };
    } catch (error) {
      console.error(
        `visitor page log:\n  ${visitor.log.join('\n  ')}\nagent page log:\n  ${agent.log.join('\n  ')}`,
      );
      throw error;
    } finally {
      await visitor.context.close();
    }
  };

  await measure(); // warm-up, not counted: the hub's and Chromium's first-time costs
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(await measure());

  const cpus = os.cpus();
  console.log(
    `call set-up on loopback, ${runs} runs (+1 warm-up), fresh visitor context each; ` +
      `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Chromium ${browser.version()}`,
  );
  console.log(`  ${hubLabel(compiled)}`);
  console.log(
    `  ${''.padEnd(38)}${'median'.padStart(10)}${'p90'.padStart(10)}${'min'.padStart(10)}${'max'.padStart(10)}`,
  );
  const line = (label: string, values: number[]) => {
    const s = stats(values);
    console.log(`  ${label.padEnd(38)}${ms(s.median)}${ms(s.p90)}${ms(s.min)}${ms(s.max)}`);
  };
  line(
    'startCall → joined_queue',
    results.map((r) => r.joinedQueue),
  );
  line(
    'startCall → call-offered (ringing)',
    results.map((r) => r.ringing),
  );
  line(
    'accept → accept() resolved',
    results.map((r) => r.accepted),
  );
  line(
    'accept → visitor sees the first frame',
    results.map((r) => r.visitorFirstFrame),
  );
  line(
    'accept → agent sees the first frame',
    results.map((r) => r.agentFirstFrame),
  );
} finally {
  await browser.close();
  await shop.close();
  await hub.stop();
}
