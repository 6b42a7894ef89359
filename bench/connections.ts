/**
 * Idle visitor connections per process, side by side in one run: a real hub, compiled as production
 * runs it (bench/support/compiled-hub.ts; each client says hello, as a widget's page does, and is
 * answered) and the socket.io relay of bench/relays (each
 * client connects and has a `hello` acknowledged). Connections are opened in steps up to 50,000
 * by helper processes (bench/support/idle-clients.ts, at most 12,500 each, so the bench's own
 * descriptors are not the limit); after each step the server's resident memory is read and
 * divided by the connections it holds. When a step fails, the table says what stopped it and the
 * server's descriptor limit.
 * Prints figures; never fails on size.
 *
 *   node --import tsx bench/connections.ts            (BENCH_MAX_CONNECTIONS=50000; BENCH_VERBOSE=1 prints each batch)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { startTestHub } from '../test/support/start-hub.js';
import { compileHub } from './support/compiled-hub.js';
import { REPO_ROOT, childPid, residentBytes, startRelay } from './support/processes.js';

const MAX = Number(process.env.BENCH_MAX_CONNECTIONS ?? 50_000);
const STEPS = [1000, 5000, 10_000, 20_000, 30_000, 40_000, 50_000].filter((n) => n <= MAX);
const PER_HELPER = 12_500;
const SETTLE_MS = 1500;

interface Opened {
  opened: number;
  failed: number;
  firstError: string;
}

interface Row {
  connections: number;
  rssBytes: number;
  kbEach: number;
}

interface Outcome {
  name: string;
  idleRss: number;
  rows: Row[];
  stoppedBy: string | null;
  fdLimit: string;
  seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fdLimit(pid: number): string {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const [soft, hard] = line?.split(/\s+/).slice(3, 5) ?? ['?', '?'];
  return `${soft} soft / ${hard} hard`;
}

class Helper {
  readonly child: ChildProcess;
  held = 0;

  constructor() {
    this.child = fork('bench/support/idle-clients.ts', [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  open(kind: 'tandem' | 'socket.io', url: string, count: number): Promise<Opened> {
    return new Promise((resolve) => {
      const died = (code: number | null) =>
        resolve({ opened: 0, failed: count, firstError: `client helper exited (${code})` });
      this.child.once('exit', died);
      this.child.once('message', (answer) => {
        this.child.off('exit', died);
        resolve(answer as Opened);
      });
      this.child.send({ kind, url, count });
    });
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}

async function measure(
  name: string,
  kind: 'tandem' | 'socket.io',
  url: string,
  pid: number,
): Promise<Outcome> {
  const started = performance.now();
  await sleep(SETTLE_MS);
  const idleRss = residentBytes(pid);
  const helpers: Helper[] = [];
  const rows: Row[] = [];
  let held = 0;
  let stoppedBy: string | null = null;
  try {
    for (const target of STEPS) {
      let failure = '';
      while (held < target && !failure) {
        let helper = helpers.find((h) => h.held < PER_HELPER);
        if (!helper) helpers.push((helper = new Helper()));
        const count = Math.min(target - held, PER_HELPER - helper.held);
        const result = await helper.open(kind, url, count);
        if (process.env.BENCH_VERBOSE) console.error(name, held, count, result);
        helper.held += result.opened;
        held += result.opened;
        if (result.failed > 0) failure = `${result.failed} failed after ${held} (${result.firstError})`;
      }
      await sleep(SETTLE_MS);
      const rssBytes = residentBytes(pid);
      rows.push({ connections: held, rssBytes, kbEach: (rssBytes - idleRss) / held / 1024 });
      if (failure) {
        stoppedBy = failure;
        break;
      }
    }
  } finally {
    for (const helper of helpers) helper.stop();
  }
  return {
    name,
    idleRss,
    rows,
    stoppedBy,
    fdLimit: fdLimit(pid),
    seconds: (performance.now() - started) / 1000,
  };
}

const outcomes: Outcome[] = [];
{
  // Limits off: thousands of new visitors from one address is the point here.
  const compiled = await compileHub();
  const hub = await startTestHub({ limits: 'off', compiled });
  try {
    const pid = childPid(compiled);
    outcomes.push(await measure('Tandem', 'tandem', `ws://127.0.0.1:${hub.port}/ws?org=demo`, pid));
  } finally {
    await hub.stop();
  }
}
{
  const relay = await startRelay('socketio-relay');
  try {
    outcomes.push(await measure('socket.io relay', 'socket.io', `http://127.0.0.1:${relay.port}`, relay.pid));
  } finally {
    await relay.stop();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
console.log(`idle connections per process, up to ${MAX}; KB each = (RSS − idle RSS) / connections`);
for (const o of outcomes) {
  console.log(`  ${o.name}: idle ${mb(o.idleRss)}, descriptors ${o.fdLimit}, ${o.seconds.toFixed(0)} s`);
  for (const row of o.rows)
    console.log(
      `    ${String(row.connections).padStart(6)} connections  RSS ${mb(row.rssBytes).padStart(7)}  ${row.kbEach.toFixed(1).padStart(5)} KB each`,
    );
  console.log(`    stopped by: ${o.stoppedBy ?? `nothing (reached ${MAX})`}`);
}
const [mine, theirs] = outcomes;
const mineLast = mine?.rows.at(-1);
const theirsLast = theirs?.rows.at(-1);
if (mineLast && theirsLast)
  console.log(
    `  at the most each held: Tandem ${mineLast.kbEach.toFixed(1)} KB each (${mineLast.connections}), ` +
      `socket.io ${theirsLast.kbEach.toFixed(1)} KB each (${theirsLast.connections}): ` +
      `${(mineLast.kbEach / theirsLast.kbEach).toFixed(2)}×`,
  );
