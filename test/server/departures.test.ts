/**
 * Parties that vanish, against a real hub: an agent or visitor gone from a call for longer than
 * the call grace ends it; a waiting visitor gone for longer than the visitor grace leaves the
 * line; one that comes back in time keeps its place or call; and tickets and calls outlive a hub
 * restart. The graces are set per hub, short where a test waits for one to run out, long where a
 * reconnect must land inside it; no test measures time.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';

import type { CallResult, HelloResult, TicketResult, TicketsWatchResult } from '../../src/protocol/frames.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub, TestHubOptions } from '../support/start-hub.js';
import { TestClient } from './client.js';
import { callState, joinQueue, pool, settledFrames, ticketState } from './line-kit.js';

describe('vanishing parties', () => {
  let hub: TestHub;
  const parties = pool(() => hub.port);
  const start = async (options: TestHubOptions) => {
    hub = await startTestHub({ presenceGraceMs: 100, ...options });
  };

  afterEach(async () => {
    await parties.closeAll();
    await hub?.stop();
  });

  it('ends the call as agent-left when the agent is gone, and the visitor rejoins at the front', async () => {
    await start({ callGraceMs: 100, visitorGraceMs: 60_000 });
    const visitor = await parties.visitor();
    const ticket = await joinQueue(visitor.client, 'default', { productIds: ['SKU-9'] });
    const later = await parties.visitor();
    const laterTicket = await joinQueue(later.client, 'default');
    const anna = await TestClient.connect(hub.port);
    await anna.ok({ type: 'agent.signIn', agentId: 'anna', password: 'demo' });
    const call = (await anna.ok<CallResult>({ type: 'call.accept', ticketId: ticket.ticketId })).call;
    const mark = visitor.client.frames.length;

    await anna.close();
    const ended = await callState(visitor.client, (c) => c.status === 'ended', mark);
    assert.equal(ended.callId, call.callId);
    assert.equal(ended.endReason, 'agent-left');
    const final = await ticketState(visitor.client, ticket.ticketId, (t) => t.status === 'ended', mark);
    assert.equal(final.canRejoin, true);
    assert.equal(final.endReason, 'call-ended');

    const rejoined = (
      await visitor.client.ok<TicketResult>({
        type: 'ticket.join',
        queue: 'default',
        rejoinTicketId: ticket.ticketId,
      })
    ).ticket;
    assert.notEqual(rejoined.ticketId, ticket.ticketId);
    assert.equal(rejoined.place, 1, 'ahead of the visitor who joined after');
    assert.equal(rejoined.joinedAt, ticket.joinedAt);
    assert.deepEqual(rejoined.productIds, ['SKU-9']);
    await ticketState(later.client, laterTicket.ticketId, (t) => t.place === 2);

    // A rejoin jumps the line once: the old ticket cannot be used again.
    await visitor.client.ok({ type: 'ticket.leave', ticketId: rejoined.ticketId });
    const plain = (
      await visitor.client.ok<TicketResult>({
        type: 'ticket.join',
        queue: 'default',
        rejoinTicketId: ticket.ticketId,
      })
    ).ticket;
    assert.equal(plain.place, 2);
  });

  it('ends the call as visitor-left when the visitor is gone, and frees the agent', async () => {
    await start({ callGraceMs: 100, visitorGraceMs: 60_000 });
    const visitor = await TestClient.connect(hub.port);
    await visitor.ok({ type: 'hello' });
    await joinQueue(visitor, 'default');
    const anna = await parties.agent('anna');
    const call = (await anna.client.ok<CallResult>({ type: 'call.accept' })).call;
    await anna.client.waitFor((f) => f.type === 'agent.state' && f.agent.status === 'busy');
    const mark = anna.client.frames.length;

    await visitor.close();
    const ended = await callState(anna.client, (c) => c.status === 'ended', mark);
    assert.equal(ended.callId, call.callId);
    assert.equal(ended.endReason, 'visitor-left');
    await anna.client.waitFor((f) => f.type === 'agent.state' && f.agent.status === 'online', mark);
  });

  it('lets a waiting visitor who is gone leave the line, and everyone behind move up', async () => {
    await start({ callGraceMs: 60_000, visitorGraceMs: 100 });
    const gone = await TestClient.connect(hub.port);
    await gone.ok({ type: 'hello' });
    await joinQueue(gone, 'default');
    const stays = await parties.visitor();
    const ticket = await joinQueue(stays.client, 'default');
    assert.equal(ticket.place, 2);
    await gone.close();
    await ticketState(stays.client, ticket.ticketId, (t) => t.place === 1);
  });

  it('keeps the place of a waiting visitor who reconnects within the grace', async () => {
    await start({ callGraceMs: 60_000, visitorGraceMs: 60_000 });
    const first = await TestClient.connect(hub.port);
    const { visitorToken } = await first.ok<HelloResult>({ type: 'hello' });
    const ticket = await joinQueue(first, 'default');
    const behind = await parties.visitor();
    const behindTicket = await joinQueue(behind.client, 'default');
    await first.close();

    const back = await parties.visitor(visitorToken);
    // The new connection is told where its ticket stands without asking.
    const told = await ticketState(back.client, ticket.ticketId, () => true);
    assert.equal(told.place, 1);
    assert.equal(told.status, 'waiting');
    assert.deepEqual(
      (await settledFrames(behind.client, ['ticket.state'])).filter(
        (f) => f.type === 'ticket.state' && f.ticket.place !== 2,
      ),
      [],
      'the visitor behind never moved up',
    );
    assert.equal(behindTicket.place, 2);
  });

  it('keeps a call going when a party reconnects within the grace, with signals reaching the new connection', async () => {
    await start({ callGraceMs: 60_000, visitorGraceMs: 60_000 });
    const visitor = await TestClient.connect(hub.port);
    const { visitorToken } = await visitor.ok<HelloResult>({ type: 'hello' });
    await joinQueue(visitor, 'default');
    const anna = await parties.agent('anna');
    const call = (await anna.client.ok<CallResult>({ type: 'call.accept' })).call;
    await visitor.close();

    const back = await parties.visitor(visitorToken);
    const resumed = await callState(back.client, (c) => c.callId === call.callId);
    assert.equal(resumed.status, 'active');
    assert.equal(resumed.role, 'visitor');
    await anna.client.ok({ type: 'call.media', callId: call.callId, audio: true, video: false });
    const media = await back.client.waitFor((f) => f.type === 'call.media');
    assert.deepEqual(media, { v: 1, type: 'call.media', callId: call.callId, audio: true, video: false });
  });

  it('keeps waiting tickets and a running call across a restart', async () => {
    await start({ callGraceMs: 60_000, visitorGraceMs: 60_000 });
    const visitor = await TestClient.connect(hub.port);
    const { visitorToken } = await visitor.ok<HelloResult>({ type: 'hello' });
    const inCall = await joinQueue(visitor, 'default');
    const waiter = await TestClient.connect(hub.port);
    const waiterHello = await waiter.ok<HelloResult>({ type: 'hello' });
    const waiting = await joinQueue(waiter, 'default', { data: { firstName: 'Joe' } });
    const anna = await TestClient.connect(hub.port);
    const { token } = await anna.ok<{ token: string }>({
      type: 'agent.signIn',
      agentId: 'anna',
      password: 'demo',
    });
    const call = (await anna.ok<CallResult>({ type: 'call.accept', ticketId: inCall.ticketId })).call;

    await hub.restart();
    await Promise.all([visitor.closed, waiter.closed, anna.closed]);

    const agentBack = await parties.connect();
    const hello = await agentBack.ok<HelloResult>({ type: 'hello', agentToken: token });
    assert.equal(hello.agent?.status, 'busy', 'still in the call');
    const watched = await agentBack.ok<TicketsWatchResult>({ type: 'tickets.watch' });
    assert.equal(watched.call?.callId, call.callId);
    assert.equal(watched.call?.status, 'active');
    assert.deepEqual(
      watched.tickets.map((t) => [t.ticketId, t.place, t.data]),
      [[waiting.ticketId, 1, { firstName: 'Joe' }]],
    );
    assert.ok(watched.queues.some((q) => q.queueId === 'fashion' && q.name === 'Fashion'));

    const visitorBack = await parties.visitor(visitorToken);
    await callState(visitorBack.client, (c) => c.callId === call.callId && c.status === 'active');
    await agentBack.ok({
      type: 'call.signal',
      callId: call.callId,
      signal: { kind: 'candidate', candidate: null },
    });
    await visitorBack.client.waitFor((f) => f.type === 'call.signal' && f.callId === call.callId);

    const waiterBack = await parties.visitor(waiterHello.visitorToken);
    const told = await ticketState(waiterBack.client, waiting.ticketId, () => true);
    assert.equal(told.status, 'waiting');
    assert.equal(told.place, 1);

    const ended = (await visitorBack.client.ok<CallResult>({ type: 'call.hangup', callId: call.callId }))
      .call;
    assert.equal(ended.endReason, 'visitor-hung-up');
    await agentBack.waitFor((f) => f.type === 'agent.state' && f.agent.status === 'online');
  });
});
