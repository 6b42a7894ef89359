/**
 * Chat under open-loop load on loopback: messages are sent at a fixed rate whatever the replies
 * (as visitors type, not as the hub answers), so a hub that falls behind builds a queue and it
 * shows in the latency. Side by side in one run, each with 200 conversations (200 visitor
 * sockets, 3 agent sockets) and the same frames on the wire:
 *
 *   Tandem      a real hub, compiled as production runs it (bench/support/compiled-hub.ts: esbuild,
 *               plain node, no tsx), SQLite: every message validated, stored once, relayed to the
 *               conversation's agent
 *   Tandem before  the same for the commit before the SQLite message log (BENCH_BASELINE_REV
 *               names another), exported and compiled into a temporary directory
 *   socket.io   bench/relays/socketio-relay.ts: acknowledged and emitted to a room, stored nowhere
 *   ws          bench/relays/ws-relay.ts: the same over bare `ws`
 *
 * Steps of a fixed rate (400, 1,600, 3,200 msg/s, then 6,400, 12,800, 25,600, shorter), the same
 * for every target, so each meets the same loads: a step past a target's capacity measures how fast
 * it works off its backlog. The best delivered rate of any step is the saturation. A target stops
 * early only when a step collapses (delivers less than half of what it was offered) or loses messages.
 * Per step: messages delivered per second (from the first send to the last delivery), latency
 * from the message's scheduled send to the agent's socket decoding it (p50, p99, max), the
 * server's CPU per message (its user + system time from /proc over the step and its drain), and
 * what was lost (not delivered 5 s after the last delivery), delivered twice or out of order
 * within a conversation.
 * Prints figures; never fails on time.
 *
 *   node --import tsx bench/chat-open-loop.ts
 *   BENCH_STEP_SECONDS=3  BENCH_CONVERSATIONS=200  BENCH_TARGETS=tandem,tandem-before,socket.io,ws
 *   BENCH_ROUNDS=5        runs every target that many times in turn (default 3) and prints the median ratio
 *   BENCH_BASELINE_REV=<commit>  the hub "Tandem before" runs (default: before the message log)
 *   BENCH_CPU_PROF=<dir>  writes the hub's CPU profile there (bench/support/cpu-profile.mjs)
 */
import { cpus, loadavg } from 'node:os';

import { io, type Socket } from 'socket.io-client';

import { startTestHub } from '../test/support/start-hub.js';
import { baselineHub, compileHub } from './support/compiled-hub.js';
import { REPO_ROOT, childPid, cpuSeconds, percentile, startRelay } from './support/processes.js';
import { FrameClient } from './support/frame-client.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 200);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 3);
const RAMP_SECONDS = Math.max(1, STEP_SECONDS - 1);
const FIXED_RATES = [400, 1600, 3200];
const RAMP_RATES = [6400, 12800, 25600];
/** A message not delivered this long after the last delivery is counted lost. */
const DRAIN_MS = 5_000;
const TARGETS = (process.env.BENCH_TARGETS ?? 'tandem,socket.io,ws').split(',');
/** Each round runs every target once, in turn; more rounds, a steadier median on a shared machine. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const AGENTS = ['anna', 'bjorn', 'chen'];

interface Delivered {
  messageId: string;
}

/** What a step drives: 200 visitors that send, and agents whose sockets hear the messages. */
interface Target {
  name: string;
  pid: number;
  send(conversation: number, messageId: string, text: string): void;
  onDelivery: (message: Delivered) => void;
  stop(): Promise<void>;
}

/** A compiled hub: this checkout's, or (`baseline`) the one from before the SQLite message log. */
async function tandem(baseline = false): Promise<Target> {
  const compiled = baseline
    ? await baselineHub('message_log', 'server/store/sqlite-migrations.ts', process.env.BENCH_BASELINE_REV)
    : await compileHub();
  if (!compiled) throw new Error('no baseline commit for the hub (not a git checkout?)');
  const profileDir = process.env.BENCH_CPU_PROF;
  const before = process.env.NODE_OPTIONS;
  if (profileDir)
    process.env.NODE_OPTIONS = `${before ?? ''} --import ${REPO_ROOT}/bench/support/cpu-profile.mjs`;
  // Limits off: the bench measures the chat path, not the flood guards.
  const hub = await startTestHub({ limits: 'off', compiled });
  if (profileDir) process.env.NODE_OPTIONS = before ?? '';
  const url = `ws://127.0.0.1:${hub.port}/ws?org=demo`;
  const agents = await Promise.all(
    AGENTS.map(async (agentId) => {
      const client = await FrameClient.open(url);
      await client.ok('hello');
      await client.ok('agent.signIn', { agentId, password: 'demo' });
      await client.ok('chats.watch');
      return client;
    }),
  );
  const visitors: FrameClient[] = [];
  const conversationIds: string[] = [];
  for (let i = 0; i < CONVERSATIONS; i++) {
    const client = await FrameClient.open(url);
    await client.ok('hello');
    const { conversation } = await client.ok<{ conversation: { conversationId: string } }>('chat.start', {
      queue: 'default',
      scope: `bench-${i}`,
    });
    await agents[i % agents.length]!.ok('chat.accept', { conversationId: conversation.conversationId });
    visitors.push(client);
    conversationIds.push(conversation.conversationId);
  }
  const target: Target = {
    name: baseline ? 'Tandem before' : 'Tandem',
    pid: childPid(compiled),
    send: (i, messageId, text) =>
      visitors[i]!.fire('chat.send', { conversationId: conversationIds[i], messageId, text }),
    onDelivery: () => undefined,
    async stop() {
      for (const client of [...visitors, ...agents]) client.close();
      await hub.stop();
    },
  };
  for (const agent of agents)
    agent.onEvent = (frame) => {
      if (frame.type === 'chat.message' && frame.message.from === 'visitor') target.onDelivery(frame.message);
    };
  return target;
}

async function wsRelay(): Promise<Target> {
  const relay = await startRelay('ws-relay');
  const url = `ws://127.0.0.1:${relay.port}/`;
  const agents = await Promise.all(AGENTS.map(() => FrameClient.open(url)));
  const visitors: FrameClient[] = [];
  for (let i = 0; i < CONVERSATIONS; i++) {
    const client = await FrameClient.open(url);
    await client.ok('hello');
    await agents[i % agents.length]!.ok('join', { conversationId: `c${i}` });
    visitors.push(client);
  }
  const target: Target = {
    name: 'ws relay',
    pid: relay.pid,
    send: (i, messageId, text) =>
      visitors[i]!.fire('chat.send', { conversationId: `c${i}`, messageId, text }),
    onDelivery: () => undefined,
    async stop() {
      for (const client of [...visitors, ...agents]) client.close();
      await relay.stop();
    },
  };
  for (const agent of agents)
    agent.onEvent = (frame) => {
      if (frame.type === 'chat.message') target.onDelivery(frame.message);
    };
  return target;
}

async function socketIoRelay(): Promise<Target> {
  const relay = await startRelay('socketio-relay');
  const open = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = io(`http://127.0.0.1:${relay.port}`, { transports: ['websocket'], forceNew: true });
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  const agents = await Promise.all(AGENTS.map(open));
  const visitors: Socket[] = [];
  for (let i = 0; i < CONVERSATIONS; i++) {
    const socket = await open();
    await socket.emitWithAck('hello', {});
    await agents[i % agents.length]!.emitWithAck('join', { conversationId: `c${i}` });
    visitors.push(socket);
  }
  const acknowledged = () => undefined;
  const target: Target = {
    name: 'socket.io relay',
    pid: relay.pid,
    send: (i, messageId, text) =>
      visitors[i]!.emit('chat.send', { conversationId: `c${i}`, messageId, text }, acknowledged),
    onDelivery: () => undefined,
    async stop() {
      for (const socket of [...visitors, ...agents]) socket.disconnect();
      await relay.stop();
    },
  };
  for (const agent of agents)
    agent.on('chat.message', ({ message }: { message: Delivered }) => target.onDelivery(message));
  return target;
}

interface StepResult {
  offered: number;
  sentPerSecond: number;
  delivered: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  cpuMicros: number;
  /** The server's and the bench's own CPU use over the step, in % of one core. */
  serverCpuPercent: number;
  benchCpuPercent: number;
  lost: number;
  duplicates: number;
  reordered: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `rate` messages a second for `seconds`, round-robin over the conversations, and waits for them. */
async function step(target: Target, label: string, rate: number, seconds: number): Promise<StepResult> {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const received = new Uint8Array(total);
  const latencies = new Float64Array(total);
  const lastIndex = new Int32Array(CONVERSATIONS).fill(-1);
  const prefix = `${label}-`;
  let unique = 0;
  let duplicates = 0;
  let reordered = 0;
  let lastAt = 0;
  let start = 0;
  target.onDelivery = ({ messageId }) => {
    if (!messageId.startsWith(prefix)) return;
    const k = Number(messageId.slice(prefix.length));
    const now = performance.now();
    if (received[k]) {
      duplicates++;
      return;
    }
    received[k] = 1;
    latencies[unique++] = now - (start + k * interval);
    const conversation = k % CONVERSATIONS;
    if (k < lastIndex[conversation]!) reordered++;
    else lastIndex[conversation] = k;
    lastAt = now;
  };
  const text = 'Do you have these boots in a 39, and in brown?';
  const cpuBefore = cpuSeconds(target.pid);
  const benchBefore = process.cpuUsage();
  start = performance.now();
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      while (sent < due) {
        const k = sent++;
        target.send(k % CONVERSATIONS, `${prefix}${k}`, text);
      }
      if (sent >= total) {
        clearInterval(timer);
        done();
      }
    };
    const timer = setInterval(tick, 1);
    tick();
  });
  const sendSeconds = (performance.now() - start) / 1000;
  // Wait while messages still arrive (a queue draining), up to DRAIN_MS after the last one.
  while (unique < total && performance.now() - Math.max(lastAt, start + sendSeconds * 1000) < DRAIN_MS)
    await sleep(5);
  const cpu = cpuSeconds(target.pid) - cpuBefore;
  const bench = process.cpuUsage(benchBefore);
  const wall = (performance.now() - start) / 1000;
  target.onDelivery = () => undefined;
  const sorted = latencies.subarray(0, unique).sort();
  return {
    offered: rate,
    sentPerSecond: total / sendSeconds,
    delivered: unique,
    perSecond: unique / ((lastAt - start) / 1000),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    cpuMicros: unique === 0 ? NaN : (cpu / unique) * 1e6,
    serverCpuPercent: (cpu / wall) * 100,
    benchCpuPercent: ((bench.user + bench.system) / 1e6 / wall) * 100,
    lost: total - unique,
    duplicates,
    reordered,
  };
}

async function run(name: string): Promise<{ name: string; steps: StepResult[] }> {
  const target =
    name === 'tandem' || name === 'tandem-before'
      ? await tandem(name === 'tandem-before')
      : name === 'ws'
        ? await wsRelay()
        : await socketIoRelay();
  const steps: StepResult[] = [];
  try {
    await step(target, 'warm', 400, 1);
    // The hub's profiler (BENCH_CPU_PROF) starts now, after set-up and warm-up.
    if (name.startsWith('tandem') && process.env.BENCH_CPU_PROF) process.kill(target.pid, 'SIGUSR2');
    // Every target meets the same rates (stopping at 90% of one let a target that fell just short
    // of a step skip the next, where the others showed their capacity).
    for (const rate of [...FIXED_RATES, ...RAMP_RATES]) {
      const seconds = FIXED_RATES.includes(rate) ? STEP_SECONDS : RAMP_SECONDS;
      const result = await step(target, `r${rate}`, rate, seconds);
      steps.push(result);
      if (result.perSecond < 0.5 * rate || result.lost > 0) break;
    }
  } finally {
    await target.stop();
  }
  return { name: target.name, steps };
}

type Results = Array<{ name: string; steps: StepResult[] }>;

const loadBefore = loadavg()[0]!;
const rounds: Results[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const results: Results = [];
  for (const name of TARGETS) results.push(await run(name));
  rounds.push(results);
}

const cell = (value: number | string, width: number) =>
  (typeof value === 'number' ? (Number.isFinite(value) ? String(Math.round(value)) : '–') : value).padStart(
    width,
  );
const ms = (value: number) =>
  Number.isFinite(value) ? (value < 100 ? value.toFixed(1) : value.toFixed(0)) : '–';
const saturation = (steps: StepResult[]) => Math.max(...steps.map((s) => s.perSecond));
/** Messages per second of the server's own CPU at its cheapest step: what one whole core would carry. */
const perCpuSecond = (steps: StepResult[]) => 1e6 / Math.min(...steps.map((s) => s.cpuMicros));
const at400 = (steps: StepResult[]) => steps.find((s) => s.offered === 400)?.cpuMicros ?? NaN;

/** One round's table of steps and its saturation, per-CPU and 400/s comparisons. */
function report(results: Results): void {
  console.log(
    '  latency: scheduled send → agent socket decoded it; CPU µs/msg: the server process only; srv % and bench %: ' +
      'CPU of the server and of this (client) process over the step, in % of one core',
  );
  console.log(
    `  ${'target'.padEnd(16)}${cell('offered/s', 10)}${cell('sent/s', 8)}${cell('deliv/s', 9)}${cell('p50 ms', 9)}` +
      `${cell('p99 ms', 9)}${cell('max ms', 9)}${cell('CPU µs/msg', 11)}${cell('srv %', 7)}${cell('bench %', 8)}${cell('lost', 7)}${cell('dup', 5)}${cell('reord', 7)}`,
  );
  for (const { name, steps } of results)
    for (const s of steps)
      console.log(
        `  ${name.padEnd(16)}${cell(s.offered, 10)}${cell(s.sentPerSecond, 8)}${cell(s.perSecond, 9)}${cell(ms(s.p50), 9)}` +
          `${cell(ms(s.p99), 9)}${cell(ms(s.max), 9)}${cell(s.cpuMicros, 11)}${cell(s.serverCpuPercent, 7)}${cell(s.benchCpuPercent, 8)}${cell(s.lost, 7)}${cell(s.duplicates, 5)}${cell(s.reordered, 7)}`,
      );
  const mine = results.find((r) => r.name === 'Tandem');
  // Each target's figure, and Tandem's as a multiple of it.
  const compare = (title: string, measure: (steps: StepResult[]) => number) => {
    console.log(title);
    for (const { name, steps } of results) {
      const ratio =
        mine && mine.name !== name ? `  (Tandem ${(measure(mine.steps) / measure(steps)).toFixed(2)}×)` : '';
      console.log(`    ${name.padEnd(16)}${cell(measure(steps), 8)}/s${ratio}`);
    }
  };
  compare('  saturation (best delivered/s of any step):', saturation);
  compare(
    '  messages per second of server CPU (1 / the lowest CPU per message of any step; one whole core):',
    perCpuSecond,
  );
  if (mine)
    for (const { name, steps } of results)
      if (name !== mine.name)
        console.log(
          `  CPU per message at 400/s: Tandem ${(at400(mine.steps) / at400(steps)).toFixed(2)}× the ${name}`,
        );
}

console.log(
  `chat, open loop, ${CONVERSATIONS} conversations, ${AGENTS.length} agents, steps of ${STEP_SECONDS} s (ramp ${RAMP_SECONDS} s), ` +
    `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`,
);
console.log(
  `  load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after (above the core count, other work ` +
    'shared the machine: compare within this run only)',
);
rounds.forEach((results, i) => {
  if (ROUNDS > 1) console.log(`  round ${i + 1} of ${ROUNDS}`);
  report(results);
});
if (ROUNDS > 1) {
  // On a shared machine one round can be lucky or unlucky; the median of the rounds' ratios is the figure.
  console.log(`  saturation over ${ROUNDS} rounds (each round runs every target once, in turn):`);
  const names = rounds[0]!.map((r) => r.name);
  const best = (results: Results, name: string) => saturation(results.find((r) => r.name === name)!.steps);
  const median = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    const middle = sorted.length / 2;
    return Number.isInteger(middle)
      ? (sorted[middle - 1]! + sorted[middle]!) / 2
      : sorted[Math.floor(middle)]!;
  };
  for (const name of names) {
    const theirs = rounds.map((results) => best(results, name));
    let ratios = '';
    if (name !== 'Tandem' && names.includes('Tandem')) {
      const ratio = rounds.map((results, i) => best(results, 'Tandem') / theirs[i]!);
      ratios = `  Tandem ÷ it: ${ratio.map((r) => r.toFixed(2)).join(', ')}; median ${median(ratio).toFixed(2)}×`;
    }
    console.log(`    ${name.padEnd(16)}${theirs.map((v) => cell(v, 7)).join('')} /s${ratios}`);
  }
}
