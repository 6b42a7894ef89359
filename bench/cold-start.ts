/**
 * Hub cold start, side by side in one run: the same hub run through tsx (as `npm start` does),
 * compiled to one JavaScript file first (esbuild, into .tmp/, dependencies left to node_modules),
 * and the socket.io relay of bench/relays compiled the same way. Per run: time from spawning the
 * process to its first answered HTTP request (`/healthz` for the hub), and resident memory once it
 * has idled for two seconds. Fresh data directory each run (the hub creates and migrates its
 * SQLite file). Median of the runs. Prints figures; never fails on time.
 *
 *   node --import tsx bench/cold-start.ts [runs]      (default 5; or BENCH_RUNS=n)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { build } from 'esbuild';

import { REPO_ROOT, residentBytes } from './support/processes.js';

const RUNS = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 5);
const IDLE_MS = 2000;

interface Variant {
  name: string;
  args: string[];
  /** The path answered once the process serves. */
  path: string;
}

async function compile(entry: string, outfile: string): Promise<number> {
  const started = performance.now();
  await build({
    entryPoints: [join(REPO_ROOT, entry)],
    outfile: join(REPO_ROOT, outfile),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return performance.now() - started;
}

/** One cold start: ms to the first answered request, and RSS after idling. */
async function coldStart(variant: Variant): Promise<{ serveMs: number; rss: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-cold-'));
  const started = performance.now();
  const child = spawn(process.execPath, variant.args, {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      TANDEM_DATA: dataDir,
      TANDEM_DEMO: '1',
      TANDEM_LOG: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const match = /listening on (?:http:\/\/[^:]+:)?(\d+)/.exec(line);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`${variant.name} exited (${code}) before listening`)));
    });
    const response = await fetch(`http://127.0.0.1:${port}${variant.path}`);
    await response.text();
    const serveMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return { serveMs, rss: residentBytes(child.pid!) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    process.off('exit', killOnExit);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// In .tmp/ directly: the hub finds the repository (its static files) one folder up, as from server/.
const hubMs = await compile('server/main.ts', '.tmp/cold-start-hub.mjs');
await compile('bench/relays/socketio-relay.ts', '.tmp/cold-start-socketio-relay.mjs');
const variants: Variant[] = [
  { name: 'Tandem hub through tsx', args: ['--import', 'tsx', 'server/main.ts'], path: '/healthz' },
  { name: 'Tandem hub compiled', args: ['.tmp/cold-start-hub.mjs'], path: '/healthz' },
  { name: 'socket.io relay compiled', args: ['.tmp/cold-start-socketio-relay.mjs'], path: '/' },
];
const results = [];
for (const variant of variants) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await coldStart(variant));
  results.push({
    name: variant.name,
    serveMs: median(runs.map((r) => r.serveMs)),
    rss: median(runs.map((r) => r.rss)),
  });
}
for (const file of ['.tmp/cold-start-hub.mjs', '.tmp/cold-start-socketio-relay.mjs'])
  rmSync(join(REPO_ROOT, file), { force: true });

console.log(
  `cold start, median of ${RUNS}: spawn → first answered request, RSS after ${IDLE_MS / 1000} s idle (hub compiled in ${hubMs.toFixed(0)} ms)`,
);
for (const r of results)
  console.log(
    `  ${r.name.padEnd(26)}${r.serveMs.toFixed(0).padStart(6)} ms ${(r.rss / 1024 / 1024).toFixed(0).padStart(6)} MB`,
  );
