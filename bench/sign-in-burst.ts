/**
 * A burst of wrong passwords against a real hub, and what it costs everyone else: the same burst on a
 * hub without limits (`TANDEM_LIMITS=off`) and on one with the default sign-in lockout, side by side
 * in one run. Per hub:
 *
 *   checked    attempts whose password was checked (answered `bad-credentials`: scrypt ran)
 *   refused    attempts refused before scrypt (`rate-limited`)
 *   page p50/p95/max   time to GET /tandem.js while the burst runs (the thread pool scrypt shares),
 *                      and how many of those responses were cut off
 *
 * Loopback only, bounded: `sockets` connections each sending `perSocket` attempts at once.
 * Prints figures; never fails on time.
 *
 * The hub is packages/hub as `npm run build` wrote it, the files production runs (the source
 * through tsx when it is not built; the output says which).
 *
 *   node --import tsx bench/sign-in-burst.ts [sockets] [perSocket]     (default 10 × 5)
 */
import { TestClient } from '../test/server/client.js';
import { startTestHub } from '../test/support/start-hub.js';
import { builtHub, hubLabel } from './support/compiled-hub.js';
import type { TestHubOptions } from '../test/support/start-hub.js';

const sockets = Number(process.argv[2] ?? 10);
const perSocket = Number(process.argv[3] ?? 5);

async function fetchMs(port: number, path: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`http://localhost:${port}${path}`);
  await response.arrayBuffer();
  return performance.now() - started;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

const compiled = builtHub();

async function burst(label: string, options: TestHubOptions) {
  const hub = await startTestHub(compiled ? { ...options, compiled } : options);
  try {
    const clients = await Promise.all(Array.from({ length: sockets }, () => TestClient.connect(hub.port)));
    await fetchMs(hub.port, '/tandem.js'); // warm
    let running = true;
    const pageTimes: number[] = [];
    let cut = 0;
    const pages = (async () => {
      while (running) {
        // A response cut off under the burst counts as such, not as a time.
        await fetchMs(hub.port, '/tandem.js').then(
          (ms) => pageTimes.push(ms),
          () => cut++,
        );
      }
    })();
    const answers = await Promise.all(
      clients.flatMap((client, c) =>
        Array.from({ length: perSocket }, (_, i) =>
          client.command({ type: 'agent.signIn', agentId: 'anna', password: `wrong-${c}-${i}` }),
        ),
      ),
    );
    running = false;
    await pages;
    await Promise.all(clients.map((client) => client.close()));
    const codes = answers.map((answer) => (answer.type === 'error' ? answer.code : 'reply'));
    return {
      label,
      checked: codes.filter((code) => code === 'bad-credentials').length,
      refused: codes.filter((code) => code === 'rate-limited').length,
      p50: percentile(pageTimes, 50),
      p95: percentile(pageTimes, 95),
      max: Math.max(...pageTimes),
      pages: pageTimes.length,
      cut,
    };
  } finally {
    await hub.stop();
  }
}

const rows = [await burst('no limits', { limits: 'off' }), await burst('default lockout', {})];
console.log(`sign-in burst: ${sockets} sockets × ${perSocket} wrong passwords for one agent, loopback`);
console.log(hubLabel(compiled));
console.log('hub               checked  refused  /tandem.js p50    p95     max   (n, cut off)');
for (const r of rows) {
  console.log(
    `${r.label.padEnd(17)} ${String(r.checked).padStart(7)}  ${String(r.refused).padStart(7)}  ${r.p50.toFixed(1).padStart(9)} ms ${r.p95.toFixed(1).padStart(6)} ${r.max.toFixed(1).padStart(7)}  (${r.pages}, ${r.cut})`,
  );
}
