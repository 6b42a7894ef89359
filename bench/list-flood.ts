/**
 * What one visitor's flood costs the agents, against a real hub, side by side with a baseline hub
 * run from the commit before the agents' lists became diffs (same machine, same run):
 *  1. tickets flood: 300 visitors (or BENCH_TICKETS) each join the queue as fast as the hub answers
 *     while two agents watch their waiting lists; bytes each agent receives, its largest frame, and
 *     the time until both agents' lists hold every ticket;
 *  2. console burst: a visitor sends 1,000 messages without waiting for replies into a conversation
 *     open in a real Chromium agent console (`/agent.html`); the time from the first send until the
 *     console shows the 1,000th, the page's JS heap and the console's DOM size afterwards.
 * Prints figures; never fails on time. Needs a built repository (`npm run build`); the baseline is
 * exported with `git archive` into a temporary folder and built there once (kept for later runs).
 *
 *   node --import tsx bench/list-flood.ts        (BENCH_NO_BASELINE=1: this checkout only)
 */
import WebSocket from 'ws';
import type { Browser } from 'playwright-core';
import type { HubFrame } from '../src/protocol/frames.js';
import { startTestHub } from '../test/support/start-hub.js';
import { launchChromium, signInAgent } from '../test/e2e/pages.js';
import { baselineBefore } from './support/baseline-build.js';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 300);
const BURST = 1000;
const PARALLEL_VISITORS = 10;
const WAIT_MS = 180_000;
/** How long the console is given to show the burst's last message. */
const BURST_WAIT_MS = 90_000;

interface Figures {
  bytesPerAgent: number;
  largestFrame: number;
  visitorBytes: number;
  listsFullMs: number;
  /** null when the 1,000th was not shown within BURST_WAIT_MS; `burstShown` says how far it got. */
  burstMs: number | null;
  burstShown: string;
  /** When the hub had answered every message of the burst (stored them). */
  storedMs: number | null;
  /** When the last message reached the console page's socket. */
  arrivedMs: number | null;
  heapMb: number | null;
  consoleNodes: number | null;
}

/** A bare protocol client that counts what it receives. */
class Client {
  bytes = 0;
  largest = 0;
  sent = 0;
  onEvent: (frame: HubFrame) => void = () => undefined;
  private nextId = 0;
  private readonly waiting = new Map<string, (frame: HubFrame) => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.bytes += data.length;
      this.largest = Math.max(this.largest, data.length);
      const frame = JSON.parse(String(data)) as HubFrame;
      if ((frame.type === 'reply' || frame.type === 'error') && frame.re && this.waiting.has(frame.re)) {
        this.waiting.get(frame.re)!(frame);
        this.waiting.delete(frame.re);
      } else this.onEvent(frame);
    });
  }

  static open(port: number): Promise<Client> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?org=demo`);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new Client(socket)));
      socket.once('error', reject);
    });
  }

  send(frame: Record<string, unknown>): void {
    const text = JSON.stringify({ v: 1, ...frame });
    this.sent += Buffer.byteLength(text);
    this.socket.send(text);
  }

  command<T = unknown>(frame: Record<string, unknown>): Promise<T> {
    const id = `b${++this.nextId}`;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (answer) =>
        answer.type === 'reply' ? resolve(answer.result as T) : reject(new Error(JSON.stringify(answer))),
      );
      this.send({ id, ...frame });
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** Tracks how many tickets an agent's list holds, from full lists (baseline) or diffs (now). */
function followTickets(agent: Client): { count: () => number } {
  let ids = new Set<string>();
  agent.onEvent = (frame) => {
    const f = frame as unknown as {
      type: string;
      tickets?: Array<{ ticketId: string }>;
      reset?: boolean;
      remove?: string[];
      upsert?: Array<{ ticketId: string }>;
    };
    if (f.type === 'tickets.state') ids = new Set(f.tickets!.map((t) => t.ticketId));
    if (f.type !== 'tickets.diff') return;
    if (f.reset) ids = new Set();
    for (const id of f.remove ?? []) ids.delete(id);
    for (const t of f.upsert ?? []) ids.add(t.ticketId);
  };
  return { count: () => ids.size };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function ticketsFlood(
  port: number,
): Promise<Pick<Figures, 'bytesPerAgent' | 'largestFrame' | 'visitorBytes' | 'listsFullMs'>> {
  const agents: Client[] = [];
  const lists: Array<{ count: () => number }> = [];
  for (const agentId of ['anna', 'bjorn']) {
    const agent = await Client.open(port);
    await agent.command({ type: 'agent.signIn', agentId, password: 'demo' });
    await agent.command({ type: 'tickets.watch' });
    agent.bytes = 0;
    agent.largest = 0;
    lists.push(followTickets(agent));
    agents.push(agent);
  }
  const visitors: Client[] = [];
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < TICKETS) {
      next++;
      const visitor = await Client.open(port);
      visitors.push(visitor);
      await visitor.command({ type: 'hello' });
      await visitor.command({ type: 'ticket.join', queue: 'default', data: { note: 'flood' } });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_VISITORS }, worker));
  await until(() => lists.every((list) => list.count() >= TICKETS), 'the agents never listed every ticket');
  const listsFullMs = Date.now() - started;
  const figures = {
    bytesPerAgent: agents.reduce((sum, agent) => sum + agent.bytes, 0) / agents.length,
    largestFrame: Math.max(...agents.map((agent) => agent.largest)),
    visitorBytes: visitors.reduce((sum, visitor) => sum + visitor.sent, 0),
    listsFullMs,
  };
  for (const client of [...agents, ...visitors]) client.close();
  return figures;
}

async function consoleBurst(
  url: string,
  port: number,
  browser: Browser,
): Promise<Pick<Figures, 'burstMs' | 'burstShown' | 'storedMs' | 'arrivedMs' | 'heapMb' | 'consoleNodes'>> {
  const context = await browser.newContext();
  const page = await context.newPage();
  // When the burst's last message reaches the page's socket, to tell the hub's delay from the console's.
  await page.addInitScript((last) => {
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('message', (event) => {
          if (typeof event.data === 'string' && event.data.includes(`"text":"${last}"`))
            (window as unknown as { __lastArrived: number }).__lastArrived = Date.now();
        });
      }
    };
  }, `burst ${BURST}`);
  await page.goto(`${url}/agent.html`);
  await signInAgent(page, 'chen');
  const visitor = await Client.open(port);
  await visitor.command({ type: 'hello' });
  const { conversation } = await visitor.command<{ conversation: { conversationId: string } }>({
    type: 'chat.start',
    queue: 'default',
    scope: `bench-${Date.now()}`,
  });
  const conversationId = conversation.conversationId;
  await page.evaluate(
    (id) =>
      (
        document.querySelector('agent-console') as unknown as { acceptChat(id: string): Promise<unknown> }
      ).acceptChat(id),
    conversationId,
  );
  await page.waitForFunction(() =>
    document.querySelector('agent-console')?.shadowRoot?.querySelector('[part="transcript"]'),
  );
  const started = Date.now();
  let storedMs: number | null = null;
  let answered = 0;
  visitor.onEvent = (frame) => {
    if ((frame.type === 'reply' || frame.type === 'error') && ++answered === BURST)
      storedMs = Date.now() - started;
  };
  for (let i = 1; i <= BURST; i++) {
    visitor.send({
      id: `m${i}`,
      type: 'chat.send',
      conversationId,
      messageId: crypto.randomUUID(),
      text: `burst ${i}`,
    });
  }
  const lastShown = () =>
    page.evaluate(() => {
      const lines = document
        .querySelector('agent-console')
        ?.shadowRoot?.querySelectorAll('[part="transcript"] .line[data-seq] .text');
      return lines?.length ? (lines[lines.length - 1]!.textContent ?? '') : '';
    });
  let shown = '';
  while (shown !== `burst ${BURST}` && Date.now() - started < BURST_WAIT_MS) {
    shown = await lastShown();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (shown !== `burst ${BURST}`) {
    visitor.close();
    await context.close();
    return { burstMs: null, burstShown: shown, storedMs, arrivedMs: null, heapMb: null, consoleNodes: null };
  }
  const burstMs = Date.now() - started;
  const arrived = await page.evaluate(
    () => (window as unknown as { __lastArrived?: number }).__lastArrived ?? null,
  );
  const { heap, nodes } = await page.evaluate(() => ({
    heap: (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null,
    nodes: document.querySelector('agent-console')!.shadowRoot!.querySelectorAll('*').length,
  }));
  visitor.close();
  await context.close();
  return {
    burstMs,
    arrivedMs: arrived === null ? null : arrived - started,
    burstShown: shown,
    storedMs,
    heapMb: heap === null ? null : heap / 1e6,
    consoleNodes: nodes,
  };
}

async function measure(root: string | undefined, browser: Browser): Promise<Figures> {
  const hub = await startTestHub({ visitorGraceMs: 600_000, ...(root ? { root } : {}) });
  try {
    const flood = await ticketsFlood(hub.port);
    const burst = await consoleBurst(hub.url, hub.port, browser);
    return { ...flood, ...burst };
  } finally {
    await hub.stop();
  }
}

/** The commit before the lists became diffs, exported and built once; null outside a git checkout. */
const baselineRoot = (): string | null => baselineBefore('tickets.diff', 'server/transport/tickets-watch.ts');

const baseline = process.env.BENCH_NO_BASELINE === '1' ? null : baselineRoot();
const browser = await launchChromium();
try {
  const before = baseline ? await measure(baseline, browser) : null;
  const now = await measure(undefined, browser);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const rows: Array<[string, (f: Figures) => string]> = [
    [`tickets flood (${TICKETS}): bytes per agent`, (f) => kb(f.bytesPerAgent)],
    ['  × what the visitors sent', (f) => `${(f.bytesPerAgent / f.visitorBytes).toFixed(1)}×`],
    ['  largest frame to an agent', (f) => kb(f.largestFrame)],
    ['  until both lists hold every ticket', (f) => `${f.listsFullMs} ms`],
    [
      `console burst (${BURST}): 1,000th message shown after`,
      (f) =>
        f.burstMs === null ? `> ${BURST_WAIT_MS / 1000} s (${f.burstShown || 'none'})` : `${f.burstMs} ms`,
    ],
    ['  (the hub had stored all 1,000 after)', (f) => (f.storedMs === null ? '–' : `${f.storedMs} ms`)],
    ["  (it reached the console's socket after)", (f) => (f.arrivedMs === null ? '–' : `${f.arrivedMs} ms`)],
    ['  page JS heap afterwards', (f) => (f.heapMb === null ? '–' : `${f.heapMb.toFixed(1)} MB`)],
    ["  elements in the console's shadow root", (f) => String(f.consoleNodes ?? '–')],
  ];
  console.log(`\nAgents' lists and console under a flood (loopback, one hub process)\n`);
  console.log(`${''.padEnd(48)}${'baseline'.padStart(26)}${'now'.padStart(14)}`);
  for (const [label, value] of rows) {
    console.log(
      `${label.padEnd(48)}${(before ? value(before) : 'n/a').padStart(26)}${value(now).padStart(14)}`,
    );
  }
  if (baseline) console.log(`\nbaseline: ${baseline}`);
} finally {
  await browser.close();
}
