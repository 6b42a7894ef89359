/**
 * Two orgs on one real hub: org A (`demo`) with a call, a waiting ticket, a conversation and a booking;
 * org B (`acme`, made with the operator's CLI) with its own agent and visitor. Org B's visitor and agent
 * try every frame type with org A's ids and tokens, and the HTTP routes with org A's names: every
 * attempt is refused or answered with org B's own data only, nothing of org A reaches org B (no name,
 * no text, no id it was not given), and org A's data is unchanged and hears nothing of it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type {
  AgentSignInResult,
  Booking,
  BookingService,
  BookingSlot,
  CallResult,
  ConversationResult,
  HelloResult,
  HubFrame,
  TicketResult,
} from '../../src/protocol/frames.js';
import { runHubCli } from '../support/hub-cli.js';
import { startTestHub, type TestHub } from '../support/start-hub.js';
import { TestClient, http, type Command } from '../server/client.js';

const ORIGIN = 'http://localhost:3000';
/** What org A holds and org B must never see. */
const SECRET = {
  data: 'SECRET-TICKET-DATA-a1',
  message: 'SECRET-CHAT-TEXT-a2',
  visitorName: 'SECRET-VISITOR-NAME-a3',
  bookingName: 'SECRET-BOOKING-NAME-a4',
  bookingEmail: 'secret-booker-a5@example.com',
};
/** Org A's agents' names (org B never sends them; it does send queue names, which errors may echo). */
const A_NAMES = ['Anna Berg', 'Björn', 'Chen'];
/** What org B's attempts carry, so org A's side can be searched for it. */
const ATTACK = 'ATTACK-FROM-ORG-B';

let hub: TestHub | undefined;
const clients: TestClient[] = [];

async function connect(org: string): Promise<TestClient> {
  const client = await TestClient.connect(hub!.port, { org, origin: ORIGIN });
  clients.push(client);
  return client;
}

/** Org A's state, made before the attempts. */
interface OrgA {
  anna: TestClient;
  annaToken: string;
  visitorToken: string;
  callId: string;
  callTicketId: string;
  waitingTicketId: string;
  conversationId: string;
  bookingId: string;
  connectId: string;
  serviceId: string;
  slot: BookingSlot;
  visitors: TestClient[];
}
let a: OrgA;

before(async () => {
  hub = await startTestHub();
  await runHubCli(
    hub,
    ['org', 'add', 'acme', '--name', 'Acme', '--origin', 'http://localhost:*'],
    ['queue', 'add', 'acme', 'sales', '--name', 'Sales', '--hours', 'mon-sun=00:00-24:00'],
    ['agent', 'add', 'acme', 'dora', '--name', 'Dora Diaz', '--password', 'dora-password'],
  );
  await hub.restart();

  // Org A: anna in a call with one visitor, a second visitor waiting, a conversation, a booking.
  const anna = await connect('demo');
  await anna.ok({ type: 'hello' });
  const signedIn = await anna.ok<AgentSignInResult>({
    type: 'agent.signIn',
    agentId: 'anna',
    password: 'demo',
  });
  await anna.ok({ type: 'agent.setStatus', status: 'online' });
  await anna.ok({ type: 'tickets.watch' });
  await anna.ok({ type: 'chats.watch' });

  const caller = await connect('demo');
  const hello = await caller.ok<HelloResult>({ type: 'hello' });
  const ticket = (
    await caller.ok<TicketResult>({ type: 'ticket.join', queue: 'default', data: { note: SECRET.data } })
  ).ticket;
  const call = (await anna.ok<CallResult>({ type: 'call.accept', ticketId: ticket.ticketId })).call;

  const waiter = await connect('demo');
  await waiter.ok({ type: 'hello' });
  const waiting = (
    await waiter.ok<TicketResult>({ type: 'ticket.join', queue: 'default', data: { note: SECRET.data } })
  ).ticket;

  const chatter = await connect('demo');
  await chatter.ok({ type: 'hello' });
  const conversation = (
    await chatter.ok<ConversationResult>({
      type: 'chat.start',
      queue: 'default',
      scope: 'shared-scope',
      visitorInfo: { name: SECRET.visitorName },
    })
  ).conversation;
  await chatter.ok({
    type: 'chat.send',
    conversationId: conversation.conversationId,
    messageId: 'secret-1',
    text: SECRET.message,
  });

  const booker = await connect('demo');
  await booker.ok({ type: 'hello' });
  const services = (await booker.ok<{ services: BookingService[] }>({ type: 'booking.services' })).services;
  const serviceId = services[0]!.serviceId;
  const slots = (
    await booker.ok<{ slots: BookingSlot[] }>({
      type: 'booking.slots',
      serviceId,
      from: new Date().toISOString(),
      days: 14,
    })
  ).slots;
  const slot = slots[0]!;
  const booking = (
    await booker.ok<{ booking: Booking }>({
      type: 'booking.create',
      serviceId,
      start: slot.start,
      agentId: slot.agentId,
      visitor: { name: SECRET.bookingName, email: SECRET.bookingEmail, phone: '+46701234567' },
      timeZone: 'Europe/Stockholm',
    })
  ).booking;

  a = {
    anna,
    annaToken: signedIn.token,
    visitorToken: hello.visitorToken,
    callId: call.callId,
    callTicketId: ticket.ticketId,
    waitingTicketId: waiting.ticketId,
    conversationId: conversation.conversationId,
    bookingId: booking.bookingId,
    connectId: booking.connectId,
    serviceId,
    slot,
    visitors: [caller, waiter, chatter, booker],
  };
});

after(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await hub?.stop();
});

/** Every string org B's side must not receive: org A's secrets and names (never sent by org B). */
function leaks(frames: HubFrame[]): string[] {
  const text = JSON.stringify(frames);
  return [...Object.values(SECRET), ...A_NAMES, a.annaToken].filter((secret) => text.includes(secret));
}

/** The answers to org B's attempts: each must be an error, or a reply that `allowReply` accepts. */
async function attempt(
  client: TestClient,
  command: Command,
  allowReply?: (result: Record<string, unknown>) => boolean,
): Promise<string | null> {
  const answer = await client.command(command);
  if (answer.type === 'error') return null;
  const result = answer.result as Record<string, unknown>;
  if (allowReply?.(result)) return null;
  return `${command.type} was served: ${JSON.stringify(result).slice(0, 300)}`;
}

describe('org B against org A', () => {
  it("is refused on every frame type that names org A's ids, tokens and queues", async () => {
    const visitor = await connect('acme');
    await visitor.ok({ type: 'hello' });
    const dora = await connect('acme');
    await dora.ok({ type: 'hello' });
    await dora.ok({ type: 'agent.signIn', agentId: 'dora', password: 'dora-password' });
    await dora.ok({ type: 'agent.setStatus', status: 'online' });
    const thief = await connect('acme');

    const candidate = {
      candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
    };
    const served: Array<string | null> = [];
    const noAData = (result: Record<string, unknown>) => leaks([result as unknown as HubFrame]).length === 0;

    // Tokens of org A on an org B connection: not org A's visitor, not anna.
    const stolen = await thief.command({
      type: 'hello',
      visitorToken: a.visitorToken,
      agentToken: a.annaToken,
    });
    if (stolen.type === 'reply') {
      const result = stolen.result as unknown as HelloResult;
      assert.notEqual(result.visitorToken, a.visitorToken, "org A's visitor token is not honoured");
      assert.equal(result.agent, null, "anna's token is not honoured");
    }
    served.push(await attempt(thief, { type: 'agent.signIn', agentId: 'anna', password: 'demo' }));

    // As org B's visitor.
    for (const command of [
      { type: 'queue.subscribe', queue: 'default' },
      { type: 'queue.subscribe', queue: 'fashion' },
      { type: 'queue.subscribe', queue: 'Fashion' },
      { type: 'ticket.join', queue: 'default' },
      { type: 'ticket.join', queue: 'fashion', data: { note: ATTACK } },
      { type: 'ticket.leave', ticketId: a.waitingTicketId },
      { type: 'ticket.resume', ticketId: a.waitingTicketId },
      { type: 'ticket.update', ticketId: a.waitingTicketId, data: { note: ATTACK } },
      { type: 'call.hangup', callId: a.callId },
      { type: 'call.signal', callId: a.callId, signal: { kind: 'candidate', candidate } },
      { type: 'call.media', callId: a.callId, audio: false, video: false },
      { type: 'call.commerce', callId: a.callId, message: { kind: 'checkout' } },
      { type: 'chat.start', queue: 'default', scope: 'x' },
      { type: 'chat.send', conversationId: a.conversationId, messageId: 'b-1', text: ATTACK },
      { type: 'chat.history', conversationId: a.conversationId, afterSeq: 0 },
      { type: 'chat.typing', conversationId: a.conversationId, typing: true },
      { type: 'chat.read', conversationId: a.conversationId, seq: 1 },
      { type: 'chat.visitorInfo', conversationId: a.conversationId, visitorInfo: { name: ATTACK } },
      { type: 'chat.end', conversationId: a.conversationId },
      { type: 'booking.slots', serviceId: a.serviceId, from: new Date().toISOString(), days: 7 },
      {
        type: 'booking.create',
        serviceId: a.serviceId,
        start: a.slot.start,
        agentId: a.slot.agentId,
        visitor: { name: ATTACK, email: 'b@example.com', phone: '+46701234568' },
        timeZone: 'Europe/Stockholm',
      },
      { type: 'booking.byConnectId', connectId: a.connectId },
    ] as Command[]) {
      served.push(await attempt(visitor, command));
    }
    // Allowed, but with org B's own data only.
    served.push(await attempt(visitor, { type: 'chat.restore', scope: 'shared-scope' }, noAData));
    served.push(await attempt(visitor, { type: 'booking.services' }, noAData));
    served.push(
      await attempt(
        visitor,
        { type: 'ticket.join', queue: 'sales', callAgentId: 'anna', data: { note: ATTACK } },
        noAData,
      ),
    );

    // As org B's agent.
    for (const command of [
      { type: 'call.accept', ticketId: a.waitingTicketId },
      { type: 'call.accept', ticketId: a.callTicketId },
      { type: 'call.transfer', callId: a.callId, agentId: 'dora' },
      { type: 'call.transfer', callId: a.callId, queue: 'sales' },
      { type: 'call.hangup', callId: a.callId },
      { type: 'call.signal', callId: a.callId, signal: { kind: 'candidate', candidate } },
      { type: 'call.media', callId: a.callId, audio: true, video: true },
      {
        type: 'call.commerce',
        callId: a.callId,
        message: { kind: 'search', requestId: 'r1', query: ATTACK },
      },
      { type: 'chat.accept', conversationId: a.conversationId },
      { type: 'chat.assign', conversationId: a.conversationId, agentId: 'dora' },
      { type: 'chat.send', conversationId: a.conversationId, messageId: 'b-2', text: ATTACK },
      { type: 'chat.history', conversationId: a.conversationId, afterSeq: 0 },
      { type: 'chat.end', conversationId: a.conversationId },
      { type: 'booking.cancel', bookingId: a.bookingId },
      { type: 'booking.byConnectId', connectId: a.connectId },
    ] as Command[]) {
      served.push(await attempt(dora, command));
    }
    // Commands without ids: org B's agent gets org B's work only (org A's waiting ticket and chat stay).
    served.push(await attempt(dora, { type: 'call.accept' }, noAData));
    served.push(await attempt(dora, { type: 'chat.accept' }, noAData));
    served.push(await attempt(dora, { type: 'tickets.watch' }, noAData));
    served.push(await attempt(dora, { type: 'chats.watch' }, noAData));
    served.push(await attempt(dora, { type: 'bookings.list' }, noAData));

    assert.deepEqual(
      served.filter((s) => s !== null),
      [],
    );
    for (const client of [visitor, dora, thief])
      assert.deepEqual(leaks(client.frames), [], 'nothing of org A reached org B');
  });

  it("leaves org A's data as it was, and org A hears nothing of it", async () => {
    const [, waiter, chatter] = a.visitors;
    // The call is on, the waiting ticket waits, the conversation holds only its own messages.
    const history = await chatter!.ok<{ messages: Array<{ text: string }> }>({
      type: 'chat.history',
      conversationId: a.conversationId,
      afterSeq: 0,
    });
    const texts = JSON.stringify(history);
    assert.ok(texts.includes(SECRET.message));
    assert.ok(!texts.includes(ATTACK));
    const resumed = await waiter!.command({ type: 'ticket.resume', ticketId: a.waitingTicketId });
    assert.equal(resumed.type, 'reply', "the waiting ticket is still org A's visitor's");
    const booking = await chatter!.ok<{ booking: Booking }>({
      type: 'booking.byConnectId',
      connectId: a.connectId,
    });
    assert.equal(JSON.stringify(booking).includes('cancel'), false, JSON.stringify(booking));
    for (const client of [a.anna, ...a.visitors]) {
      assert.equal(JSON.stringify(client.frames).includes(ATTACK), false, 'org A heard of org B');
    }
    const ended = a.anna.frames.some((f) => f.type === 'call.state' && JSON.stringify(f).includes('"ended"'));
    assert.equal(ended, false, "anna's call is still on");
  });
});

describe('org B on the HTTP routes', () => {
  it("gets org B's data only from /api", async () => {
    const headers = { origin: ORIGIN };
    for (const queue of ['default', 'fashion', 'Fashion']) {
      const answer = await http(hub!.port, `/api/orgs/acme/queues/${queue}`, { headers });
      assert.equal(answer.status, 404, `acme's ${queue}`);
    }
    const agents = await http(hub!.port, '/api/orgs/acme/agents', { headers });
    assert.equal(agents.status, 200);
    for (const name of A_NAMES) assert.equal(agents.body.includes(name), false, agents.body);
    const sales = await http(hub!.port, '/api/orgs/acme/queues/sales', { headers });
    assert.equal(sales.status, 200);
    for (const name of A_NAMES) assert.equal(sales.body.includes(name), false, sales.body);
  });

  it("cannot read org A's agents' names through org B's photo URLs", async () => {
    const visitor = await connect('acme');
    await visitor.ok({ type: 'hello' });
    const state = await visitor.ok<{ queue: { agents: Array<{ profile_photo_url: string }> } }>({
      type: 'queue.subscribe',
      queue: 'sales',
    });
    const doraPhoto = state.queue.agents[0]?.profile_photo_url ?? `${hub!.url}/media/agents/dora.svg`;
    const annaPhoto = new URL(doraPhoto.replace(/dora/g, 'anna')).pathname;
    const answer = await http(hub!.port, annaPhoto);
    // Anna Berg's initials would tell org B who works at org A.
    assert.equal(answer.status === 200 && answer.body.includes('>AB<'), false, annaPhoto);
  });
});
