/**
 * Calls against a real hub: offers (routed and narrowed by tags), accepting the next or a chosen
 * ticket, two agents racing for one, signalling and media relayed to the other party only,
 * hang-ups, transfers, and a visitor page reloaded mid-call. A fresh hub per test.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import type {
  AgentSetStatusResult,
  CallInfo,
  CallResult,
  HubFrame,
  Signal,
  TicketResumeResult,
} from '../../src/protocol/frames.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';
import type { TestClient } from './client.js';
import { listStates, ticketsKind } from './list-mirror.js';
import {
  callState,
  errorCode,
  joinQueue,
  pool,
  settledFrames,
  ticketState,
  ticketsState,
} from './line-kit.js';

const isOffer = (f: HubFrame): f is HubFrame & { type: 'call.offered' } => f.type === 'call.offered';

async function accept(client: TestClient, ticketId?: string): Promise<CallInfo> {
  return (
    await client.ok<CallResult>(
      ticketId === undefined ? { type: 'call.accept' } : { type: 'call.accept', ticketId },
    )
  ).call;
}

/** The agent's own status as its connection last heard it. */
async function agentStatus(client: TestClient, status: string, from = 0): Promise<void> {
  await client.waitFor((f) => f.type === 'agent.state' && f.agent.status === status, from);
}

describe('calls', () => {
  let hub: TestHub;
  const parties = pool(() => hub.port);

  beforeEach(async () => {
    hub = await startTestHub({ presenceGraceMs: 100, callGraceMs: 60_000, visitorGraceMs: 60_000 });
  });
  afterEach(async () => {
    await parties.closeAll();
    await hub?.stop();
  });

  it('offers a routed ticket to its agent only', async () => {
    const anna = await parties.agent('anna', { watch: true });
    const chen = await parties.agent('chen', { watch: true });
    const visitor = await parties.visitor();
    const routed = await joinQueue(visitor.client, 'default', {
      callAgentId: 'anna',
      productIds: ['ITM-BLUE-SHIRT'],
      data: { firstName: 'Joe' },
    });
    const offer = await anna.client.waitFor(isOffer);
    assert.deepEqual(offer, {
      v: 1,
      type: 'call.offered',
      ticketId: routed.ticketId,
      queueId: 'default',
      data: { firstName: 'Joe' },
      trackingTags: [],
      productIds: ['ITM-BLUE-SHIRT'],
    });
    await ticketsState(anna.client, (tickets) => tickets.some((t) => t.ticketId === routed.ticketId));
    assert.deepEqual(await settledFrames(chen.client, ['call.offered']), [], 'chen was not offered it');
    assert.ok(
      listStates(chen.client, ticketsKind).every((tickets) => tickets.length === 0),
      "and it is not in chen's list",
    );
    assert.equal(
      await errorCode(chen.client, { type: 'call.accept', ticketId: routed.ticketId }),
      'conflict',
    );
    assert.equal(await errorCode(chen.client, { type: 'call.accept' }), 'not-found', 'nothing chen may take');
    assert.equal((await accept(anna.client)).ticketId, routed.ticketId);
  });

  it('narrows offers to agents carrying every tag the page asked for', async () => {
    const anna = await parties.agent('anna', { watch: true });
    const chen = await parties.agent('chen', { watch: true });
    const bjorn = await parties.agent('bjorn', { watch: true });
    const visitor = await parties.visitor();
    const swedish = await joinQueue(visitor.client, 'default', { agentTags: ['fashion-support', 'sv'] });
    await anna.client.waitFor(isOffer);
    assert.deepEqual(await settledFrames(chen.client, ['call.offered']), []);
    assert.deepEqual(await settledFrames(bjorn.client, ['call.offered']), []);
    assert.equal(
      await errorCode(chen.client, { type: 'call.accept', ticketId: swedish.ticketId }),
      'conflict',
    );

    // An unrouted, untagged ticket is offered to everyone who serves the queue.
    const other = await parties.visitor();
    const plain = await joinQueue(other.client, 'default');
    for (const agent of [anna, chen, bjorn]) {
      await agent.client.waitFor((f) => isOffer(f) && f.ticketId === plain.ticketId);
    }
  });

  it('takes the first ticket in line, or the chosen one, and tells both parties', async () => {
    const visitors = [await parties.visitor(), await parties.visitor(), await parties.visitor()];
    const tickets = [];
    for (const visitor of visitors)
      tickets.push(await joinQueue(visitor.client, 'default', { data: { n: tickets.length } }));
    const [t1, t2, t3] = tickets as [(typeof tickets)[0], (typeof tickets)[0], (typeof tickets)[0]];

    const anna = await parties.agent('anna');
    const annaMark = anna.client.frames.length;
    const call = await accept(anna.client);
    assert.equal(call.ticketId, t1.ticketId, 'first come, first served');
    assert.equal(call.status, 'active');
    assert.equal(call.role, 'agent');
    assert.equal(call.agent.id, 'anna');
    assert.deepEqual(call.data, { n: 0 });
    assert.deepEqual(call.iceServers, [], 'no STUN or TURN configured');
    await agentStatus(anna.client, 'busy', annaMark);

    const seen = await callState(visitors[0]!.client, (c) => c.callId === call.callId);
    assert.equal(seen.role, 'visitor');
    assert.equal(seen.status, 'active');
    assert.deepEqual(seen.data, {}, 'the page data is for agents only');
    assert.deepEqual(seen.trackingTags, []);
    assert.equal(seen.agent.name, 'Anna Berg');
    const inCall = await ticketState(visitors[0]!.client, t1.ticketId, (t) => t.status === 'in-call');
    assert.equal(inCall.callId, call.callId);
    assert.equal(inCall.place, null);
    await ticketState(visitors[1]!.client, t2.ticketId, (t) => t.place === 1);

    assert.equal(await errorCode(anna.client, { type: 'call.accept' }), 'agent-busy', 'one call at a time');

    const chen = await parties.agent('chen');
    const chosen = await accept(chen.client, t3.ticketId);
    assert.equal(chosen.ticketId, t3.ticketId);
    assert.equal(await errorCode(chen.client, { type: 'call.accept', ticketId: t1.ticketId }), 'agent-busy');

    const bjorn = await parties.agent('bjorn');
    assert.equal(await errorCode(bjorn.client, { type: 'call.accept', ticketId: t1.ticketId }), 'conflict');
    await bjorn.client.ok<AgentSetStatusResult>({ type: 'agent.setStatus', status: 'offline' });
    assert.equal(await errorCode(bjorn.client, { type: 'call.accept' }), 'agent-busy', 'not online');
  });

  it('lets exactly one of two agents accepting the same ticket at once win', async () => {
    const visitor = await parties.visitor();
    const ticket = await joinQueue(visitor.client, 'default');
    const anna = await parties.agent('anna');
    const chen = await parties.agent('chen');
    const answers = await Promise.all([
      anna.client.command({ type: 'call.accept', ticketId: ticket.ticketId }),
      chen.client.command({ type: 'call.accept', ticketId: ticket.ticketId }),
    ]);
    const won = answers.filter((a) => a.type === 'reply');
    const lost = answers.filter((a) => a.type === 'error');
    assert.equal(won.length, 1, JSON.stringify(answers));
    assert.equal(lost.length, 1);
    assert.equal(lost[0]?.type === 'error' && lost[0].code, 'conflict');
    const calls = await settledFrames(visitor.client, ['call.state']);
    assert.equal(calls.length, 1, 'the visitor is in one call');
  });

  it('relays signalling and media to the other party only', async () => {
    const visitor = await parties.visitor();
    const ticket = await joinQueue(visitor.client, 'default');
    const anna = await parties.agent('anna');
    const annaTab2 = await parties.connect();
    await annaTab2.ok({ type: 'hello', agentToken: anna.token });
    const bystander = await parties.visitor();
    await joinQueue(bystander.client, 'default');
    const chen = await parties.agent('chen');
    const call = await accept(anna.client, ticket.ticketId);

    const offer: Signal = {
      kind: 'description',
      description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' },
    };
    const visitorMark = visitor.client.frames.length;
    assert.deepEqual(await anna.client.ok({ type: 'call.signal', callId: call.callId, signal: offer }), {});
    const relayed = await visitor.client.waitFor((f) => f.type === 'call.signal', visitorMark);
    assert.deepEqual(relayed, { v: 1, type: 'call.signal', callId: call.callId, signal: offer });

    const candidate: Signal = {
      kind: 'candidate',
      candidate: {
        candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host',
        sdpMid: '0',
        sdpMLineIndex: 0,
      },
    };
    const end: Signal = { kind: 'candidate', candidate: null };
    const annaMark = anna.client.frames.length;
    const tab2Mark = annaTab2.frames.length;
    await visitor.client.ok({ type: 'call.signal', callId: call.callId, signal: candidate });
    await visitor.client.ok({ type: 'call.signal', callId: call.callId, signal: end });
    await visitor.client.ok({ type: 'call.media', callId: call.callId, audio: false, video: true });
    await anna.client.waitFor((f) => f.type === 'call.media', annaMark);
    const toAnna = anna.client.frames
      .slice(annaMark)
      .filter((f) => f.type === 'call.signal' || f.type === 'call.media');
    assert.deepEqual(
      toAnna,
      [
        { v: 1, type: 'call.signal', callId: call.callId, signal: candidate },
        { v: 1, type: 'call.signal', callId: call.callId, signal: end },
        { v: 1, type: 'call.media', callId: call.callId, audio: false, video: true },
      ],
      'in order',
    );
    // Every connection of the agent is the agent.
    await annaTab2.waitFor((f) => f.type === 'call.media', tab2Mark);

    assert.deepEqual(await settledFrames(bystander.client, ['call.signal', 'call.media']), []);
    assert.deepEqual(await settledFrames(chen.client, ['call.signal', 'call.media']), []);
    assert.deepEqual(
      (await settledFrames(visitor.client, ['call.signal', 'call.media'], visitorMark)).length,
      1,
      'the sender hears nothing back of its own signals',
    );
    assert.equal(
      await errorCode(chen.client, { type: 'call.signal', callId: call.callId, signal: offer }),
      'not-found',
    );
    assert.equal(
      await errorCode(bystander.client, {
        type: 'call.media',
        callId: call.callId,
        audio: true,
        video: true,
      }),
      'not-found',
    );
    assert.equal(await errorCode(chen.client, { type: 'call.hangup', callId: call.callId }), 'not-found');
  });

  for (const side of ['visitor', 'agent'] as const) {
    it(`ends the call when the ${side} hangs up, and frees the agent`, async () => {
      const visitor = await parties.visitor();
      const ticket = await joinQueue(visitor.client, 'default');
      const anna = await parties.agent('anna');
      const call = await accept(anna.client);
      const annaMark = anna.client.frames.length;
      const visitorMark = visitor.client.frames.length;

      const by = side === 'visitor' ? visitor.client : anna.client;
      const ended = (await by.ok<CallResult>({ type: 'call.hangup', callId: call.callId })).call;
      const reason = side === 'visitor' ? 'visitor-hung-up' : 'agent-hung-up';
      assert.equal(ended.status, 'ended');
      assert.equal(ended.endReason, reason);
      assert.equal(ended.role, side);
      assert.ok(ended.endedAt !== null);

      for (const client of [visitor.client, anna.client]) {
        const mark = client === anna.client ? annaMark : visitorMark;
        await callState(client, (c) => c.callId === call.callId && c.endReason === reason, mark);
      }
      const final = await ticketState(
        visitor.client,
        ticket.ticketId,
        (t) => t.status === 'ended',
        visitorMark,
      );
      assert.equal(final.endReason, 'call-ended');
      assert.equal(final.canRejoin, false);
      await agentStatus(anna.client, 'online', annaMark);

      assert.equal(
        await errorCode(by, { type: 'call.hangup', callId: call.callId }),
        'conflict',
        'already ended',
      );
      assert.equal(
        await errorCode(visitor.client, {
          type: 'call.signal',
          callId: call.callId,
          signal: { kind: 'candidate', candidate: null },
        }),
        'conflict',
      );
    });
  }

  it('transfers to an agent: the ticket goes to the front, routed to that agent', async () => {
    const first = await parties.visitor();
    const firstTicket = await joinQueue(first.client, 'default');
    const second = await parties.visitor();
    const secondTicket = await joinQueue(second.client, 'default');
    const anna = await parties.agent('anna');
    const chen = await parties.agent('chen', { watch: true });
    const bjorn = await parties.agent('bjorn', { watch: true });
    const call = await accept(anna.client, secondTicket.ticketId);
    const chenMark = chen.client.frames.length;
    const secondMark = second.client.frames.length;
    const bjornMark = bjorn.client.frames.length;

    const ended = (
      await anna.client.ok<CallResult>({ type: 'call.transfer', callId: call.callId, agentId: 'chen' })
    ).call;
    assert.equal(ended.endReason, 'transferred');
    assert.deepEqual(ended.transferredTo, { agentId: 'chen', queueId: null });
    const seen = await callState(second.client, (c) => c.status === 'ended', secondMark);
    assert.deepEqual(seen.transferredTo, { agentId: 'chen', queueId: null });

    const back = await ticketState(
      second.client,
      secondTicket.ticketId,
      (t) => t.status === 'waiting',
      secondMark,
    );
    assert.equal(back.place, 1, 'ahead of the visitor who waited longer: it was being served');
    assert.equal(back.callAgentId, 'chen');
    assert.equal(back.joinedAt, secondTicket.joinedAt);
    const offer = await chen.client.waitFor(isOffer, chenMark);
    assert.equal(offer.ticketId, secondTicket.ticketId);
    const list = await ticketsState(chen.client, (t) => t[0]?.ticketId === secondTicket.ticketId, chenMark);
    assert.equal(list[0]?.priority, true);
    assert.equal(list[1]?.ticketId, firstTicket.ticketId);
    assert.deepEqual(
      (await settledFrames(bjorn.client, ['call.offered'], bjornMark)).length,
      0,
      'routed to chen only',
    );

    const taken = await accept(chen.client);
    assert.equal(taken.ticketId, secondTicket.ticketId, 'chen takes the transferred visitor first');
    assert.equal(
      await errorCode(anna.client, { type: 'call.transfer', callId: call.callId, agentId: 'chen' }),
      'conflict',
    );
    assert.equal(
      await errorCode(chen.client, { type: 'call.transfer', callId: taken.callId, agentId: 'nobody' }),
      'not-found',
    );
    assert.equal(
      await errorCode(second.client, { type: 'call.transfer', callId: taken.callId, agentId: 'anna' }),
      'unauthorized',
    );
  });

  it('transfers to a queue: the ticket moves there, at the front', async () => {
    const waiting = await parties.visitor();
    await joinQueue(waiting.client, 'default');
    const visitor = await parties.visitor();
    const ticket = await joinQueue(visitor.client, 'default', { agentTags: ['sv'] });
    const bjorn = await parties.agent('bjorn');
    const anna = await parties.agent('anna');
    const call = await accept(anna.client, ticket.ticketId);
    const mark = visitor.client.frames.length;
    const ended = (
      await anna.client.ok<CallResult>({ type: 'call.transfer', callId: call.callId, queue: 'Fashion' })
    ).call;
    assert.deepEqual(ended.transferredTo, { agentId: null, queueId: 'fashion' });
    assert.equal(ended.queueId, 'default', 'the call was in Support');
    const moved = await ticketState(visitor.client, ticket.ticketId, (t) => t.status === 'waiting', mark);
    assert.equal(moved.queueId, 'fashion');
    assert.equal(moved.place, 1);
    assert.equal(moved.callAgentId, null);
    // Björn does not serve Fashion.
    assert.equal(
      await errorCode(bjorn.client, { type: 'call.accept', ticketId: ticket.ticketId }),
      'conflict',
    );
    const chen = await parties.agent('chen');
    assert.equal((await accept(chen.client)).ticketId, ticket.ticketId, 'first in the fashion line');
  });

  it('shows the agent new page data during the call, and not the visitor', async () => {
    const visitor = await parties.visitor();
    const ticket = await joinQueue(visitor.client, 'default', { data: { step: 1 } });
    const anna = await parties.agent('anna');
    const call = await accept(anna.client);
    const annaMark = anna.client.frames.length;
    const visitorMark = visitor.client.frames.length;
    await visitor.client.ok({
      type: 'ticket.update',
      ticketId: ticket.ticketId,
      data: { step: 2 },
      trackingTags: [{ key: 'cart', value: 3 }],
    });
    const fresh = await callState(anna.client, (c) => c.data['step'] === 2, annaMark);
    assert.equal(fresh.callId, call.callId);
    assert.deepEqual(fresh.trackingTags, [{ key: 'cart', value: 3 }]);
    assert.deepEqual(await settledFrames(visitor.client, ['call.state'], visitorMark), []);
  });

  it('ends the call when the visitor page reloads, and puts the visitor back at the front', async () => {
    const visitor = await parties.visitor();
    const ticket = await joinQueue(visitor.client, 'default');
    const other = await parties.visitor();
    await joinQueue(other.client, 'default');
    const anna = await parties.agent('anna', { watch: true });
    const call = await accept(anna.client);
    const annaMark = anna.client.frames.length;

    await visitor.client.close();
    const reloaded = await parties.visitor(visitor.token);
    const resumed = await reloaded.client.ok<TicketResumeResult>({
      type: 'ticket.resume',
      ticketId: ticket.ticketId,
    });
    assert.equal(resumed.call, null, 'the old page took the call with it');
    assert.equal(resumed.ticket.status, 'waiting');
    assert.equal(resumed.ticket.place, 1);
    const ended = await callState(anna.client, (c) => c.status === 'ended', annaMark);
    assert.equal(ended.callId, call.callId);
    assert.equal(ended.endReason, 'visitor-left');
    await agentStatus(anna.client, 'online', annaMark);
    const offer = await anna.client.waitFor((f) => isOffer(f) && f.ticketId === ticket.ticketId, annaMark);
    assert.equal(offer.type, 'call.offered');
    assert.equal((await accept(anna.client)).ticketId, ticket.ticketId, 'at the front again');
  });
});
