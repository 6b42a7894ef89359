/**
 * Two hub processes on one Postgres and one Redis (real ones: see test/support/databases.ts;
 * skipped, saying so, without them): a visitor on hub A and an agent on hub B must not notice.
 * Queue state and agents online, a call, a chat, a booking race, a command resent to the other
 * hub, a hub killed with SIGKILL, and the operations endpoints.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import type {
  CommandResults,
  HelloResult,
  QueueState,
  TicketsWatchResult,
} from '../../src/protocol/frames.js';

type BookingSlotsResult = CommandResults['booking.slots'];
import { NO_CLUSTER, TEST_REDIS_URL, createTestDatabase } from '../support/databases.js';
import type { TestDatabase } from '../support/databases.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub, TestHubOptions } from '../support/start-hub.js';
import { accept, chatMessage, send, startChat } from './chat-kit.js';
import { TestClient, http } from './client.js';
import { callState, joinQueue, ticketsState } from './line-kit.js';

const names = (state: QueueState) => state.agents.map((agent) => agent.id);

describe('two hub processes on Postgres and Redis', { skip: NO_CLUSTER }, () => {
  let database: TestDatabase;
  let a: TestHub;
  let b: TestHub;
  const open: TestClient[] = [];
  let options: TestHubOptions;

  const connect = async (hub: TestHub): Promise<TestClient> => {
    const client = await TestClient.connect(hub.port);
    open.push(client);
    return client;
  };
  const visitor = async (hub: TestHub, token?: string) => {
    const client = await connect(hub);
    const hello = await client.ok<HelloResult>(
      token === undefined ? { type: 'hello' } : { type: 'hello', visitorToken: token },
    );
    return { client, token: hello.visitorToken };
  };
  const agent = async (hub: TestHub, agentId: string) => {
    const client = await connect(hub);
    await client.ok({ type: 'agent.signIn', agentId, password: 'demo' });
    return client;
  };
  const subscribe = async (client: TestClient, queue: string) =>
    (await client.ok<{ queue: QueueState }>({ type: 'queue.subscribe', queue })).queue;

  before(async () => {
    database = await createTestDatabase();
    options = {
      databaseUrl: database.url,
      redisUrl: TEST_REDIS_URL,
      redisPrefix: `tandem-test-${randomUUID()}:`,
      presenceGraceMs: 300,
      callGraceMs: 1500,
      visitorGraceMs: 3000,
      processTtlMs: 1500,
    };
    // Both start at once on an empty database: migrations and the seed happen once.
    [a, b] = await Promise.all([startTestHub(options), startTestHub(options)]);
  });
  after(async () => {
    await Promise.all(open.splice(0).map((client) => client.close()));
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('shows an agent who signs in on B online to a visitor on A, once while on both', async () => {
    const watcher = (await visitor(a)).client;
    assert.deepEqual(names(await subscribe(watcher, 'default')), []);
    const mark = watcher.frames.length;
    const onB = await agent(b, 'bjorn');
    await watcher.queueState('default', (s) => names(s).includes('bjorn'), mark);
    const onA = await agent(a, 'bjorn');
    await onA.ok({ type: 'ping' });
    const state = await subscribe(await connect(a), 'default');
    assert.deepEqual(names(state), ['bjorn'], 'on two processes, counted once');
    assert.equal(state.numberOfAgentsOnline, 1);
    // Gone from both: offline everywhere after the grace.
    const gone = watcher.frames.length;
    await Promise.all([onA.close(), onB.close()]);
    await watcher.queueState('default', (s) => !names(s).includes('bjorn'), gone);
  });

  it('lets an agent on B take the call of a visitor waiting on A, signalling across', async () => {
    const anna = await agent(b, 'anna');
    const watched = await anna.ok<TicketsWatchResult>({ type: 'tickets.watch' });
    assert.deepEqual(watched.tickets, []);
    const { client: guest } = await visitor(a);
    const mark = anna.frames.length;
    const ticket = await joinQueue(guest, 'default');
    await ticketsState(anna, (tickets) => tickets.some((t) => t.ticketId === ticket.ticketId), mark);
    const guestMark = guest.frames.length;
    const accepted = await anna.ok<{ call: { callId: string } }>({
      type: 'call.accept',
      ticketId: ticket.ticketId,
    });
    const call = await callState(guest, (c) => c.callId === accepted.call.callId, guestMark);
    assert.equal(call.agent.id, 'anna');
    const signalMark = guest.frames.length;
    await anna.ok({
      type: 'call.signal',
      callId: call.callId,
      signal: { kind: 'description', description: { type: 'offer', sdp: 'v=0' } },
    });
    await guest.waitFor((f) => f.type === 'call.signal' && f.callId === call.callId, signalMark);
    const endMark = anna.frames.length;
    await guest.ok({ type: 'call.hangup', callId: call.callId });
    await callState(anna, (c) => c.callId === call.callId && c.status === 'ended', endMark);
    await anna.close();
  });

  it('carries a chat between a visitor on A and an agent on B: every message once, in order', async () => {
    const { client: guest } = await visitor(a);
    const chen = await agent(b, 'chen');
    const conversation = await startChat(guest, 'cluster');
    await accept(chen, conversation.conversationId);
    for (let i = 1; i <= 10; i++) {
      const from = i % 2 === 0 ? chen : guest;
      await send(from, conversation.conversationId, `m${i}`);
    }
    await chatMessage(guest, (m) => m.text === 'm10');
    await chatMessage(chen, (m) => m.text === 'm9');
    for (const client of [guest, chen]) {
      const texts = client.frames.flatMap((f) =>
        f.type === 'chat.message' &&
        f.message.conversationId === conversation.conversationId &&
        f.message.kind === 'text'
          ? [f.message]
          : [],
      );
      // Each side gets the other side's messages pushed (its own come back as replies).
      assert.equal(texts.length, 5, `five pushed to each side: ${texts.map((m) => m.text).join(' ')}`);
      const seqs = texts.map((m) => m.seq);
      assert.deepEqual(
        seqs,
        [...seqs].sort((x, y) => x - y),
        'in seq order',
      );
      assert.equal(new Set(texts.map((m) => m.messageId)).size, texts.length, 'each once');
    }
    await chen.close();
  });

  it('does a command resent to the other hub after a reconnect once', async () => {
    const first = await visitor(a);
    const conversation = await startChat(first.client, 'resend');
    const frame = {
      type: 'chat.send' as const,
      conversationId: conversation.conversationId,
      messageId: 'x1',
      text: 'hello',
    };
    const once = await first.client.command(frame, 'resend-1');
    await first.client.close();
    const again = await visitor(b, first.token);
    const twice = await again.client.command(frame, 'resend-1');
    assert.deepEqual(twice, once, 'the remembered reply');
    const history = await again.client.ok<{ messages: Array<{ messageId: string }> }>({
      type: 'chat.history',
      conversationId: conversation.conversationId,
      afterSeq: 0,
    });
    assert.deepEqual(
      history.messages.map((m) => m.messageId),
      ['x1'],
    );
  });

  it('gives one of two visitors on different hubs racing for a slot the booking', async () => {
    const one = (await visitor(a)).client;
    const two = (await visitor(b)).client;
    const slots = await one.ok<BookingSlotsResult>({
      type: 'booking.slots',
      serviceId: 'fitting',
      from: new Date().toISOString(),
      days: 14,
    });
    const slot = slots.slots[0];
    assert.ok(slot, 'a free slot');
    const details = (name: string) => ({
      type: 'booking.create' as const,
      serviceId: 'fitting',
      agentId: slot.agentId,
      start: slot.start,
      visitor: { name, email: `${name}@example.com`, phone: '+46701234567' },
      timeZone: 'Europe/Stockholm',
    });
    const answers = await Promise.all([one.command(details('one')), two.command(details('two'))]);
    assert.deepEqual(answers.map((x) => x.type).sort(), ['error', 'reply']);
    const refused = answers.find((x) => x.type === 'error');
    assert.equal(refused?.type === 'error' && refused.code, 'conflict');
  });

  it('keeps a waiting visitor its place when hub A is killed and it reconnects to B', async () => {
    const first = await visitor(a);
    const ahead = await visitor(b);
    const aheadTicket = await joinQueue(ahead.client, 'default');
    const ticket = await joinQueue(first.client, 'default');
    assert.equal(ticket.place, (aheadTicket.place ?? 0) + 1);
    // A visitor on A that never comes back: B must end its ticket once its grace is over.
    const lost = await visitor(a);
    const lostTicket = await joinQueue(lost.client, 'default');

    await a.kill();
    const back = await visitor(b, first.token);
    const resumed = await back.client.ok<{ ticket: { ticketId: string; status: string; place: number } }>({
      type: 'ticket.resume',
      ticketId: ticket.ticketId,
    });
    assert.equal(resumed.ticket.status, 'waiting');
    assert.equal(resumed.ticket.place, ticket.place, 'the same place');

    // The lost visitor's connection died with A: B sweeps A's parties once A stops beating, and
    // ends that ticket when the visitor's grace is over (a timer that A can no longer fire).
    const end = await waitUntil(async () => {
      const seen = await http(b.port, '/metrics');
      return /tandem_queue_waiting\{org="demo",queue="default"\} 2\b/.test(seen.body) ? seen : null;
    });
    assert.ok(end, `the lost visitor's ticket ${lostTicket.ticketId} ended after its grace, on B`);
    await a.restart();
  });

  it('answers the probes and serves metrics', async () => {
    assert.equal((await http(b.port, '/healthz')).status, 200);
    assert.equal((await http(b.port, '/readyz')).status, 200);
    const metrics = await http(b.port, '/metrics');
    assert.equal(metrics.status, 200);
    for (const name of [
      'tandem_connections',
      'tandem_frames_in_total',
      'tandem_frames_out_total',
      'tandem_chat_messages_stored_total',
      'tandem_calls_running',
      'tandem_queue_waiting',
      'tandem_command_duration_seconds_bucket',
    ])
      assert.match(metrics.body, new RegExp(`^${name}`, 'm'), name);
  });
});

describe('two hub processes started at once: one secret for visitor tokens', { skip: NO_CLUSTER }, () => {
  let database: TestDatabase;
  const hubs: TestHub[] = [];
  after(async () => {
    await Promise.all(hubs.map((hub) => hub.stop()));
    await database?.drop();
  });

  it('knows on B a visitor who only looked on A, without counting it as new (one per address, counted in Redis)', async () => {
    database = await createTestDatabase();
    const options: TestHubOptions = {
      databaseUrl: database.url,
      redisUrl: TEST_REDIS_URL,
      redisPrefix: `tandem-test-${randomUUID()}:`,
      limits: 'newVisitorsPerIp=1/600',
    };
    // Neither has TANDEM_SECRET: the first to store one wins, the other reads it.
    const [a, b] = await Promise.all([startTestHub(options), startTestHub(options)]);
    hubs.push(a, b);
    const hello = async (hub: TestHub, token?: string) => {
      const client = await TestClient.connect(hub.port);
      try {
        return await client.command(
          token === undefined ? { type: 'hello' } : { type: 'hello', visitorToken: token },
        );
      } finally {
        await client.close();
      }
    };
    const first = await hello(a);
    assert.equal(first.type, 'reply');
    const token = (first.type === 'reply' && (first.result as HelloResult).visitorToken) || '';
    const onB = await hello(b, token);
    assert.equal(
      onB.type === 'reply' && (onB.result as HelloResult).visitorToken,
      token,
      JSON.stringify(onB),
    );
    const stranger = await hello(b);
    assert.equal(
      stranger.type === 'error' && stranger.code,
      'rate-limited',
      'the one new visitor was counted',
    );
  });
});

async function waitUntil<T>(probe: () => Promise<T | null>, timeoutMs = 15_000): Promise<T | null> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
