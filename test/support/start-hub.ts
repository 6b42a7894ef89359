/**
 * Starts a real hub in its own process for tests, benchmarks and end-to-end runs: the same
 * `server/main.ts` a user runs, on a free port, with a fresh data directory.
 *
 *   const hub = await startTestHub();
 *   // … connect to `${hub.url}` / `ws://localhost:${hub.port}/ws?org=demo` …
 *   await hub.restart(); // same port, same data: what survives a restart
 *   await hub.stop();    // kills the process and removes the data directory
 *
 * The process is killed when the test process exits, even if `stop()` was never called.
 * Set TANDEM_TEST_HUB_LOG=1 to see the hub's log on stderr.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface TestHubOptions {
  /** How long an agent stays present after its last connection closes (ms); small in tests. */
  presenceGraceMs?: number;
  /** How long a party of a call may be without a connection before the call ends (ms). */
  callGraceMs?: number;
  /** How long a waiting visitor may be without a connection before it leaves the queue (ms). */
  visitorGraceMs?: number;
  /** ICE configuration, as the TANDEM_STUN_URLS / TANDEM_TURN_* variables. */
  stunUrls?: string[];
  turnUrls?: string[];
  turnSecret?: string;
  turnTtlSeconds?: number;
  /** Several processes: the shared Postgres and Redis (see test/support/databases.ts). */
  databaseUrl?: string;
  redisUrl?: string;
  /** Keeps a test's Redis keys apart from other runs'. */
  redisPrefix?: string;
  /** How long a killed process still counts as alive (ms). */
  processTtlMs?: number;
  /** Another checkout to run the hub from (a benchmark's baseline); this repository by default. */
  root?: string;
  /**
   * A compiled hub's `main.js` to run with plain node, as production does (a benchmark's, see
   * bench/support/compiled-hub.ts), instead of `server/main.ts` through tsx.
   */
  compiled?: string;
  /** Rate limits, as TANDEM_LIMITS: `name=points[/seconds],…` or `off`. */
  limits?: string;
  /** The first sign-in lockout and the longest (s), as TANDEM_SIGNIN_LOCKOUT_SECONDS / _MAX_SECONDS. */
  signInLockoutSeconds?: number;
  signInLockoutMaxSeconds?: number;
  /** Take clients' addresses from X-Forwarded-For, as TANDEM_TRUST_PROXY=1. */
  trustProxy?: boolean;
  /** The secret visitor tokens are signed with, as TANDEM_SECRET (by default one kept in the store). */
  secret?: string;
}

/** Each option and the variable server/main.ts reads it from. */
const ENV: { [K in keyof Required<Omit<TestHubOptions, 'root' | 'compiled'>>]: string } = {
  presenceGraceMs: 'TANDEM_PRESENCE_GRACE_MS',
  callGraceMs: 'TANDEM_CALL_GRACE_MS',
  visitorGraceMs: 'TANDEM_VISITOR_GRACE_MS',
  stunUrls: 'TANDEM_STUN_URLS',
  turnUrls: 'TANDEM_TURN_URLS',
  turnSecret: 'TANDEM_TURN_SECRET',
  turnTtlSeconds: 'TANDEM_TURN_TTL_SECONDS',
  databaseUrl: 'TANDEM_DATABASE_URL',
  redisUrl: 'TANDEM_REDIS_URL',
  redisPrefix: 'TANDEM_REDIS_PREFIX',
  processTtlMs: 'TANDEM_PROCESS_TTL_MS',
  limits: 'TANDEM_LIMITS',
  signInLockoutSeconds: 'TANDEM_SIGNIN_LOCKOUT_SECONDS',
  signInLockoutMaxSeconds: 'TANDEM_SIGNIN_LOCKOUT_MAX_SECONDS',
  trustProxy: 'TANDEM_TRUST_PROXY',
  secret: 'TANDEM_SECRET',
};

export interface TestHub {
  /** `http://localhost:<port>` */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the hub and removes its data directory. */
  stop(): Promise<void>;
  /** Stops the hub and starts it again on the same port with the same data. */
  restart(): Promise<void>;
  /** Kills the process at once (SIGKILL): no drain, nothing closed. */
  kill(): Promise<void>;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const READY = /Tandem hub listening on http:\/\/localhost:(\d+)/;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
/** How much of the hub's stderr to keep for error messages. */
const STDERR_KEPT = 8_000;

interface Running {
  child: ChildProcess;
  port: number;
  exited: Promise<void>;
  forget: () => void;
}

async function launch(dataDir: string, port: number, options: TestHubOptions): Promise<Running> {
  // The tests work with the demo org and its agents, whatever NODE_ENV the runner has.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    TANDEM_DATA: dataDir,
    TANDEM_DEMO: '1',
  };
  // Only what the test asks for: the runner's own environment must not configure the hub.
  for (const name of Object.values(ENV)) delete env[name];
  for (const [option, name] of Object.entries(ENV) as Array<[keyof typeof ENV, string]>) {
    const value = options[option];
    if (value !== undefined)
      env[name] = Array.isArray(value)
        ? value.join(',')
        : typeof value === 'boolean'
          ? value
            ? '1'
            : '0'
          : String(value);
  }
  const entry = options.compiled ? [options.compiled] : ['--import', 'tsx', 'server/main.ts'];
  const child = spawn(process.execPath, entry, {
    cwd: options.root ?? REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never outlive the test process, whatever the test forgot.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const forget = () => process.off('exit', killOnExit);

  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
  exited.then(forget, forget);

  let stderr = '';
  const echo = process.env['TANDEM_TEST_HUB_LOG'] === '1';
  if (echo)
    child.once('exit', (code, signal) =>
      process.stderr.write(`hub process ${child.pid} exited (code ${code}, signal ${signal})\n`),
    );
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
    if (echo) process.stderr.write(chunk);
  });

  const ready = new Promise<number>((resolveReady, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`The hub did not start within ${START_TIMEOUT_MS} ms.\n--- hub stderr ---\n${stderr}`),
      );
    }, START_TIMEOUT_MS);
    lines.on('line', (line) => {
      const match = READY.exec(line);
      if (match) {
        clearTimeout(timer);
        resolveReady(Number(match[1]));
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Could not spawn the hub: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `The hub exited before it was ready (code ${code}, signal ${signal}).\n--- hub stderr ---\n${stderr}`,
        ),
      );
    });
  });

  const actualPort = await ready;
  // A forgotten stop() must not keep the test runner alive; the exit hook still kills the hub.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  return { child, port: actualPort, exited, forget };
}

async function terminate(running: Running): Promise<void> {
  const { child, exited } = running;
  if (child.exitCode === null && child.signalCode === null) {
    // Unreferenced since start: without this, once the SIGKILL timer has fired nothing keeps this
    // process waiting for the exit of a hub that was slow to stop.
    child.ref();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  running.forget();
}

export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tandem-hub-'));
  let running: Running;
  try {
    running = await launch(dataDir, 0, options);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const port = running.port;
  let stopped = false;

  return {
    url: `http://localhost:${port}`,
    port,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await terminate(running);
      await rm(dataDir, { recursive: true, force: true });
    },
    async kill() {
      running.child.ref();
      running.child.kill('SIGKILL');
      await running.exited;
      running.forget();
    },
    async restart() {
      if (stopped) throw new Error('This test hub was stopped; start a new one.');
      await terminate(running);
      running = await launch(dataDir, port, options);
    },
  };
}
