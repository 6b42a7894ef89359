/**
 * Chat delivery on loopback against a real hub: 200 concurrent conversations (200 visitor sockets,
 * three agents who accepted them), then
 *  1. latency: every conversation sends a message every 500 ms for 10 rounds (400 messages a second,
 *     spread evenly); the time from a visitor's send to the agent's socket receiving it (p50, p99, max);
 *  2. throughput: every visitor sends 100 messages as fast as the hub acknowledges them (20 in
 *     flight per socket); messages stored and relayed per second of wall time, and per second of
 *     the hub's own CPU time (the hub is one Node process: one core).
 * Prints figures; never fails on time.
 *
 *   node --import tsx bench/chat-delivery.ts [conversations]     (default 200; or BENCH_CONVERSATIONS=n)
 */
import { cpus } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { ChatMessage, HubFrame } from '../src/protocol/frames.js';
import { startTestHub } from '../test/support/start-hub.js';

const conversations = Number(process.argv[2] ?? process.env.BENCH_CONVERSATIONS ?? 200);
const LATENCY_ROUNDS = 10;
const LATENCY_INTERVAL_MS = 500;
const BURST_PER_VISITOR = 100;
const IN_FLIGHT = 20;

type Reply = { type: 'reply'; result: unknown } | { type: 'error'; code: string; message: string };

/** A bare protocol client: commands by id, and a hook for pushed events. */
class Client {
  private nextId = 0;
  private readonly waiting = new Map<string, (reply: Reply) => void>();
  onEvent: (frame: HubFrame) => void = () => undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as HubFrame;
      if ((frame.type === 'reply' || frame.type === 'error') && frame.re) {
        this.waiting.get(frame.re)?.(frame as Reply);
        this.waiting.delete(frame.re);
      } else {
        this.onEvent(frame);
      }
    });
  }

  static open(port: number): Promise<Client> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?org=demo`, { origin: `http://localhost` });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new Client(socket)));
      socket.once('error', reject);
    });
  }

  async ok<T>(type: string, body: Record<string, unknown> = {}): Promise<T> {
    const id = `b${++this.nextId}`;
    const reply = await new Promise<Reply>((resolve) => {
      this.waiting.set(id, resolve);
      this.socket.send(JSON.stringify({ v: 1, id, type, ...body }));
    });
    if (reply.type === 'error') throw new Error(`${type}: ${reply.code} ${reply.message}`);
    return reply.result as T;
  }

  close(): void {
    this.socket.close();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The hub's CPU seconds so far (user + system), from /proc: it is our child running server/main.ts. */
function hubCpuSeconds(): number | null {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('server/main.ts')) continue;
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
    } catch {
      // A process that ended while we looked.
    }
  }
  return null;
}

// The hub's own speed, not its rate limits (a bench floods on purpose).
const hub = await startTestHub({ limits: 'off' });
try {
  const agents = await Promise.all(
    ['anna', 'bjorn', 'chen'].map(async (agentId) => {
      const client = await Client.open(hub.port);
      await client.ok('hello');
      await client.ok('agent.signIn', { agentId, password: 'demo' });
      await client.ok('chats.watch');
      return client;
    }),
  );
  const visitors: { client: Client; conversationId: string }[] = [];
  for (let i = 0; i < conversations; i++) {
    const client = await Client.open(hub.port);
    await client.ok('hello');
    const { conversation } = await client.ok<{ conversation: { conversationId: string } }>('chat.start', {
      queue: 'default',
      scope: `bench-${i}`,
    });
    await agents[i % agents.length]!.ok('chat.accept', { conversationId: conversation.conversationId });
    visitors.push({ client, conversationId: conversation.conversationId });
  }

  // Delivery to the agent side, keyed by message id.
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let delivered = 0;
  for (const agent of agents) {
    agent.onEvent = (frame) => {
      if (frame.type !== 'chat.message') return;
      const message: ChatMessage = frame.message;
      if (message.from !== 'visitor') return;
      delivered++;
      const start = sentAt.get(message.messageId);
      if (start !== undefined) latencies.push(performance.now() - start);
    };
  }

  // 1. Latency under a steady load: each conversation sends every 500 ms, the conversations spread
  // evenly over the interval (as people typing would be), not all in the same millisecond.
  const spacing = LATENCY_INTERVAL_MS / conversations;
  await Promise.all(
    visitors.map(async ({ client, conversationId }, i) => {
      await new Promise((r) => setTimeout(r, i * spacing));
      for (let round = 0; round < LATENCY_ROUNDS; round++) {
        const started = performance.now();
        const messageId = `lat-${round}-${i}`;
        sentAt.set(messageId, started);
        await client.ok('chat.send', { conversationId, messageId, text: `round ${round} from ${i}` });
        const rest = LATENCY_INTERVAL_MS - (performance.now() - started);
        if (rest > 0) await new Promise((r) => setTimeout(r, rest));
      }
    }),
  );
  await new Promise((r) => setTimeout(r, 200));
  latencies.sort((a, b) => a - b);

  // 2. Throughput: as fast as the hub acknowledges.
  const cpuBefore = hubCpuSeconds();
  const deliveredBefore = delivered;
  const burstStart = performance.now();
  await Promise.all(
    visitors.map(async ({ client, conversationId }, i) => {
      let next = 0;
      const lane = async () => {
        while (next < BURST_PER_VISITOR) {
          const n = next++;
          await client.ok('chat.send', { conversationId, messageId: `burst-${i}-${n}`, text: `burst ${n}` });
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    }),
  );
  const total = conversations * BURST_PER_VISITOR;
  while (delivered - deliveredBefore < total && performance.now() - burstStart < 120_000) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - burstStart) / 1000;
  const cpuAfter = hubCpuSeconds();
  const hubCpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`chat delivery on loopback, ${conversations} conversations, ${cpus().length} cores (${cpu})`);
  console.log(
    `  latency visitor → agent over ${latencies.length} messages: p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms (aim: p99 < 20 ms)`,
  );
  console.log(
    `  throughput: ${total} messages stored and relayed in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)}/s wall` +
      (hubCpu ? `, ${Math.round(total / hubCpu)}/s per hub CPU second (${hubCpu.toFixed(2)} s of CPU)` : '') +
      ' (aim: > 5,000/s on one core)',
  );
  console.log('  (the bench\'s own 203 clients share the machine\'s other core with the hub: the wall figure is a floor)');
  for (const { client } of visitors) client.close();
  for (const agent of agents) agent.close();
} finally {
  await hub.stop();
}
