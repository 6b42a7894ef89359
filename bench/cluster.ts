/**
 * One hub process against two, on loopback, with real Postgres and Redis (TANDEM_TEST_DATABASE_URL
 * and TANDEM_TEST_REDIS_URL, as .ci/run sets them; without them it says so and prints nothing else):
 *
 *  - chat: `conversations` visitors, each with an accepted conversation, send a message every
 *    200 ms for 10 rounds: p50/p99 from a visitor's send to the agent's socket receiving it; then
 *    each sends 40 messages, 10 in flight: messages stored and relayed per second;
 *  - call set-up: a visitor joins, an agent accepts; time from the accept to the visitor's
 *    `call.state` (20 calls);
 *  - idle connections: the hub's resident memory before and after 500 idle sockets said hello.
 *
 * Setups: one process on SQLite (the default), one on Postgres + Redis, and two on Postgres +
 * Redis with every visitor on A and every agent on B; each hub compiled as production runs it
 * (bench/support/compiled-hub.ts). Prints figures; never fails on time.
 *
 *   node --import tsx bench/cluster.ts [conversations]      (default 40)
 *   BENCH_VERBOSE=1 prints each stage; BENCH_CLUSTER_ONLY=1 skips the SQLite run.
 */
import { randomUUID } from 'node:crypto';

import { NO_CLUSTER, TEST_REDIS_URL, createTestDatabase } from '../test/support/databases.js';
import { startTestHub, type TestHub, type TestHubOptions } from '../test/support/start-hub.js';
import { compileHub } from './support/compiled-hub.js';
import { FrameClient } from './support/frame-client.js';

const conversations = Number(process.argv[2] ?? 40);
const ROUNDS = 10;
const INTERVAL_MS = 200;
const BURST = 40;
const IN_FLIGHT = 10;
const CALLS = 20;
const IDLE = 500;

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function residentBytes(hub: TestHub): Promise<number> {
  const text = await (await fetch(`${hub.url}/metrics`)).text();
  return Number(/^tandem_process_(?:process_)?resident_memory_bytes (\S+)/m.exec(text)?.[1] ?? NaN);
}

interface Figures {
  p50: number;
  p99: number;
  perSecond: number;
  callP50: number;
  callP99: number;
  bytesPerIdle: number;
}

async function run(visitorHub: TestHub, agentHub: TestHub): Promise<Figures> {
  const agents = await Promise.all(
    ['anna', 'bjorn', 'chen'].map(async (agentId) => {
      const client = await FrameClient.open(`ws://127.0.0.1:${agentHub.port}/ws?org=demo`);
      await client.ok('agent.signIn', { agentId, password: 'demo' });
      return { agentId, client };
    }),
  );
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let received = 0;
  for (const { client } of agents) {
    client.onEvent = (frame) => {
      if (frame.type !== 'chat.message') return;
      received++;
      const started = sentAt.get(frame.message.messageId);
      if (started !== undefined) latencies.push(performance.now() - started);
    };
  }
  const visitors: Array<{ client: FrameClient; conversationId: string }> = [];
  for (let i = 0; i < conversations; i++) {
    const client = await FrameClient.open(`ws://127.0.0.1:${visitorHub.port}/ws?org=demo`);
    await client.ok('hello');
    const { conversation } = await client.ok<{ conversation: { conversationId: string } }>('chat.start', {
      queue: 'default',
      scope: `bench-${randomUUID()}`,
    });
    await agents[i % agents.length]!.client.ok('chat.accept', {
      conversationId: conversation.conversationId,
    });
    visitors.push({ client, conversationId: conversation.conversationId });
  }

  stage('latency');
  // Latency at a steady rate.
  for (let round = 0; round < ROUNDS; round++) {
    const tick = performance.now();
    await Promise.all(
      visitors.map(async ({ client, conversationId }, i) => {
        await new Promise((r) => setTimeout(r, (INTERVAL_MS * i) / visitors.length));
        const messageId = randomUUID();
        sentAt.set(messageId, performance.now());
        await client.ok('chat.send', { conversationId, messageId, text: `r${round}` });
      }),
    );
    const left = INTERVAL_MS - (performance.now() - tick);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  }
  await new Promise((r) => setTimeout(r, 500));
  latencies.sort((x, y) => x - y);

  stage('throughput');
  // Throughput.
  const before = received;
  const started = performance.now();
  await Promise.all(
    visitors.map(async ({ client, conversationId }) => {
      let next = 0;
      const lane = async () => {
        while (next < BURST) {
          next++;
          await client.ok('chat.send', { conversationId, messageId: randomUUID(), text: 'burst' });
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    }),
  );
  const want = before + visitors.length * BURST;
  while (received < want && performance.now() - started < 60_000) await new Promise((r) => setTimeout(r, 20));
  if (received < want)
    stage(`throughput: ${want - received} of ${want - before} messages never reached the agents`);
  const perSecond = (received - before) / ((performance.now() - started) / 1000);
  for (const { client, conversationId } of visitors)
    await client.ok('chat.end', { conversationId }).catch(() => undefined);

  stage('calls');
  // Call set-up: accept on the agent's hub, call.state on the visitor's.
  const calls: number[] = [];
  const anna = agents[0]!.client;
  for (let i = 0; i < CALLS; i++) {
    const visitor = await FrameClient.open(`ws://127.0.0.1:${visitorHub.port}/ws?org=demo`);
    await visitor.ok('hello');
    const { ticket } = await visitor.ok<{ ticket: { ticketId: string } }>('ticket.join', {
      queue: 'default',
    });
    const onCall = new Promise<number>((resolve) => {
      visitor.onEvent = (frame) => {
        if (frame.type === 'call.state' && frame.call.status === 'active') resolve(performance.now());
      };
    });
    const t0 = performance.now();
    const { call } = await anna.ok<{ call: { callId: string } }>('call.accept', {
      ticketId: ticket.ticketId,
    });
    calls.push((await onCall) - t0);
    await anna.ok('call.hangup', { callId: call.callId });
    visitor.close();
  }
  calls.sort((x, y) => x - y);

  stage('idle');
  // Idle connections.
  const rssBefore = await residentBytes(visitorHub);
  const idle: FrameClient[] = [];
  for (let i = 0; i < IDLE; i++) {
    const client = await FrameClient.open(`ws://127.0.0.1:${visitorHub.port}/ws?org=demo`);
    await client.ok('hello');
    idle.push(client);
  }
  await new Promise((r) => setTimeout(r, 500));
  const rssAfter = await residentBytes(visitorHub);
  for (const client of [...idle, ...visitors.map((v) => v.client), ...agents.map((a) => a.client)])
    client.close();

  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond,
    callP50: percentile(calls, 50),
    callP99: percentile(calls, 99),
    bytesPerIdle: (rssAfter - rssBefore) / IDLE,
  };
}

function print(name: string, f: Figures): void {
  console.log(
    `${name.padEnd(34)} chat p50 ${ms(f.p50)}, p99 ${ms(f.p99)}; ${Math.round(f.perSecond)} msgs/s; ` +
      `call set-up p50 ${ms(f.callP50)}, p99 ${ms(f.callP99)}; ~${Math.round(f.bytesPerIdle / 1024)} KiB RSS per idle connection`,
  );
}

class Skip extends Error {}

function stage(name: string): void {
  if (process.env['BENCH_VERBOSE']) console.error(`  ${name}`);
}

async function main(): Promise<void> {
  console.log(
    `cluster bench: ${conversations} conversations, ${ROUNDS} rounds every ${INTERVAL_MS} ms, bursts of ${BURST}`,
  );
  const sqlite = await startTestHub({ limits: 'off', compiled: await compileHub() });
  try {
    if (process.env['BENCH_CLUSTER_ONLY']) throw new Skip();
    print('one process, SQLite + memory', await run(sqlite, sqlite));
  } catch (error) {
    if (!(error instanceof Skip)) throw error;
  } finally {
    await sqlite.stop();
  }
  await runCluster();
}

async function runCluster(): Promise<void> {
  if (NO_CLUSTER) {
    console.log(`skipping Postgres + Redis: ${NO_CLUSTER}`);
    return;
  }
  const database = await createTestDatabase();
  const options: TestHubOptions = {
    databaseUrl: database.url,
    redisUrl: TEST_REDIS_URL,
    redisPrefix: `tandem-bench-${randomUUID()}:`,
    limits: 'off',
    compiled: await compileHub(),
  };
  try {
    const [a, b] = await Promise.all([startTestHub(options), startTestHub(options)]);
    try {
      if (!process.env['BENCH_TWO_ONLY']) print('one process, Postgres + Redis', await run(a, a));
      print('two processes (visitors A, agents B)', await run(a, b));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  } finally {
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
