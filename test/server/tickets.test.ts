/**
 * Visitors in the line, against a real hub: joining, places and waiting times as others come and
 * go, closed queues, routing checks, updates reaching the agent, reloads, and tenancy.
 * Every test gets a fresh hub, so no ticket of one test stands in another's line.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import type {
  QueueState,
  QueueSubscribeResult,
  Ticket,
  TicketResult,
  TicketResumeResult,
} from '../../src/protocol/frames.js';
import { hashPassword } from '../../server/services/passwords.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';
import {
  addQueue,
  errorCode,
  joinQueue,
  pool,
  settledFrames,
  ticketState,
  ticketsState,
  writeRows,
} from './line-kit.js';

describe('tickets', () => {
  let hub: TestHub;
  const parties = pool(() => hub.port);

  beforeEach(async () => {
    hub = await startTestHub({ presenceGraceMs: 100, callGraceMs: 200, visitorGraceMs: 60_000 });
  });
  afterEach(async () => {
    await parties.closeAll();
    await hub?.stop();
  });

  it('gives places in order, and moves everyone behind up when someone ahead leaves', async () => {
    const watcher = await parties.connect();
    const initial = (await watcher.ok<QueueSubscribeResult>({ type: 'queue.subscribe', queue: 'default' }))
      .queue;
    assert.equal(initial.waiting, 0);

    const [a, b, c] = [await parties.visitor(), await parties.visitor(), await parties.visitor()];
    const ta = await joinQueue(a.client, 'support', { productIds: ['SKU-1'] });
    const tb = await joinQueue(b.client, 'default');
    const tc = await joinQueue(c.client, 'default');
    assert.deepEqual([ta.place, tb.place, tc.place], [1, 2, 3]);
    assert.deepEqual(ta, {
      ticketId: ta.ticketId,
      queueId: 'default',
      status: 'waiting',
      place: 1,
      estimatedWaitingTime: null,
      callAgentId: null,
      productIds: ['SKU-1'],
      joinedAt: ta.joinedAt,
      callId: null,
      endReason: null,
      canRejoin: false,
    } satisfies Ticket);
    assert.ok(ta.joinedAt <= tb.joinedAt && tb.joinedAt <= tc.joinedAt);
    await watcher.queueState('default', (s) => s.waiting === 3);

    // Joining again is the same ticket, not a second place in the line.
    const again = await joinQueue(a.client, 'default');
    assert.equal(again.ticketId, ta.ticketId);
    assert.equal(again.place, 1);

    const markB = b.client.frames.length;
    const markC = c.client.frames.length;
    const markW = watcher.frames.length;
    const left = (await a.client.ok<TicketResult>({ type: 'ticket.leave', ticketId: ta.ticketId })).ticket;
    assert.equal(left.status, 'ended');
    assert.equal(left.endReason, 'left-queue');
    assert.equal(left.place, null);
    assert.equal((await ticketState(b.client, tb.ticketId, (t) => t.place === 1, markB)).status, 'waiting');
    await ticketState(c.client, tc.ticketId, (t) => t.place === 2, markC);
    await watcher.queueState('default', (s) => s.waiting === 2, markW);

    // Leaving twice changes nothing.
    const twice = (await a.client.ok<TicketResult>({ type: 'ticket.leave', ticketId: ta.ticketId })).ticket;
    assert.equal(twice.endReason, 'left-queue');
  });

  it('estimates the wait from the agents online who may take the ticket', async () => {
    const watcher = await parties.connect();
    await watcher.ok({ type: 'queue.subscribe', queue: 'default' });
    const a = await parties.visitor();
    const b = await parties.visitor();
    const ta = await joinQueue(a.client, 'default');
    const tb = await joinQueue(b.client, 'default');
    assert.equal(tb.estimatedWaitingTime, null, 'nobody online: unknown');

    const mark = b.client.frames.length;
    const markW = watcher.frames.length;
    await parties.agent('anna');
    // Support's average handle is 300 s; place 2 with one agent waits one round, place 1 none.
    const withAnna = await ticketState(b.client, tb.ticketId, (t) => t.estimatedWaitingTime !== null, mark);
    assert.equal(withAnna.estimatedWaitingTime, 300);
    await ticketState(a.client, ta.ticketId, (t) => t.estimatedWaitingTime === 0);
    const state: QueueState = await watcher.queueState('default', (s) => s.numberOfAgentsOnline === 1, markW);
    assert.equal(state.waiting, 2);
    assert.equal(state.estimatedWaitingTime, 600);

    const mark2 = b.client.frames.length;
    await parties.agent('chen');
    // Two agents: the one visitor ahead takes one of them, the other is free for place 2.
    const withTwo = await ticketState(b.client, tb.ticketId, (t) => t.estimatedWaitingTime !== 300, mark2);
    assert.equal(withTwo.estimatedWaitingTime, 0);
  });

  it('refuses a closed queue with conflict, and agents, strangers and unknown agents', async () => {
    addQueue(hub.dataDir, { id: 'night', name: 'Night', openingHours: '[]' });
    const visitor = await parties.visitor();
    const closed = await visitor.client.command({ type: 'ticket.join', queue: 'night' });
    assert.equal(closed.type === 'error' && closed.code, 'conflict');
    assert.equal(closed.type === 'error' && closed.message, 'The queue is closed');

    assert.equal(
      await errorCode(visitor.client, { type: 'ticket.join', queue: 'no-such-queue' }),
      'not-found',
    );
    assert.equal(
      await errorCode(visitor.client, { type: 'ticket.join', queue: 'default', callAgentId: 'nobody' }),
      'not-found',
    );
    // Björn does not carry the tag the styling queue asks for.
    addQueue(hub.dataDir, { id: 'styling', name: 'Styling', agentTag: 'fashion-support' });
    assert.equal(
      await errorCode(visitor.client, { type: 'ticket.join', queue: 'styling', callAgentId: 'bjorn' }),
      'not-found',
    );
    assert.equal((await joinQueue(visitor.client, 'styling', { callAgentId: 'anna' })).callAgentId, 'anna');

    const agent = await parties.agent('chen');
    assert.equal(await errorCode(agent.client, { type: 'ticket.join', queue: 'default' }), 'unauthorized');
    const silent = await parties.connect();
    assert.equal(await errorCode(silent, { type: 'ticket.join', queue: 'default' }), 'unauthorized');
  });

  it('shows updated data and tracking tags (last of each key wins) to watching agents', async () => {
    const anna = await parties.agent('anna', { watch: true });
    const visitor = await parties.visitor();
    const ticket = await joinQueue(visitor.client, 'default', {
      data: { firstName: 'Joe' },
      trackingTags: [
        { key: 'segment', value: 'basic' },
        { key: 'returning', value: true },
        { key: 'segment', value: 'premium' },
      ],
    });
    const listed = await ticketsState(anna.client, (tickets) => tickets.length === 1);
    assert.deepEqual(listed[0]?.data, { firstName: 'Joe' });
    assert.deepEqual(listed[0]?.trackingTags, [
      { key: 'segment', value: 'premium' },
      { key: 'returning', value: true },
    ]);

    const mark = anna.client.frames.length;
    const updated = await visitor.client.ok<TicketResult>({
      type: 'ticket.update',
      ticketId: ticket.ticketId,
      data: { firstName: 'Jane', externalId: 456 },
      trackingTags: [{ key: 'cart-value', value: 99.5 }],
    });
    assert.equal(updated.ticket.place, 1);
    const after = await ticketsState(
      anna.client,
      (tickets) => tickets[0]?.data['firstName'] === 'Jane',
      mark,
    );
    assert.deepEqual(after[0]?.data, { firstName: 'Jane', externalId: 456 });
    assert.deepEqual(after[0]?.trackingTags, [{ key: 'cart-value', value: 99.5 }]);
  });

  it("resumes only the visitor's own ticket", async () => {
    const owner = await parties.visitor();
    const ticket = await joinQueue(owner.client, 'default');
    const stranger = await parties.visitor();
    for (const type of ['ticket.resume', 'ticket.leave'] as const) {
      assert.equal(await errorCode(stranger.client, { type, ticketId: ticket.ticketId }), 'not-found', type);
    }
    assert.equal(
      await errorCode(stranger.client, { type: 'ticket.update', ticketId: ticket.ticketId, data: {} }),
      'not-found',
    );

    // A reloaded page of the same visitor (same token, new connection) gets it back, same place.
    const reloaded = await parties.visitor(owner.token);
    const resumed = await reloaded.client.ok<TicketResumeResult>({
      type: 'ticket.resume',
      ticketId: ticket.ticketId,
    });
    assert.equal(resumed.ticket.ticketId, ticket.ticketId);
    assert.equal(resumed.ticket.place, 1);
    assert.equal(resumed.call, null);
  });

  it('pushes ticket.state to every connection of the visitor, and to nobody else', async () => {
    const tab1 = await parties.visitor();
    const tab2 = await parties.visitor(tab1.token);
    const other = await parties.visitor();
    const first = await joinQueue(other.client, 'default');
    const mine = await joinQueue(tab1.client, 'default');
    assert.equal(mine.place, 2);

    const mark1 = tab1.client.frames.length;
    const mark2 = tab2.client.frames.length;
    const markOther = other.client.frames.length;
    await other.client.ok({ type: 'ticket.leave', ticketId: first.ticketId });
    await ticketState(tab1.client, mine.ticketId, (t) => t.place === 1, mark1);
    await ticketState(tab2.client, mine.ticketId, (t) => t.place === 1, mark2);
    const leaked = (await settledFrames(other.client, ['ticket.state'], markOther)).filter(
      (f) => f.type === 'ticket.state' && f.ticket.ticketId === mine.ticketId,
    );
    assert.deepEqual(leaked, []);
  });

  it("treats another org's ticket ids as not found", async () => {
    writeRows(hub.dataDir, (db) => {
      db.prepare(
        `INSERT INTO orgs (id, name, allowed_origins) VALUES ('other', 'Other Shop', '["http://localhost:*"]')`,
      ).run();
    });
    addQueue(hub.dataDir, { orgId: 'other', id: 'default', name: 'Other support' });
    const hash = await hashPassword('other-secret');
    writeRows(hub.dataDir, (db) => {
      db.prepare(
        `INSERT INTO agents (org_id, id, name, tags, photo_url, status, password_hash)
         VALUES ('other', 'anna', 'Anna Other', '[]', '/media/agents/anna.svg', 'offline', ?)`,
      ).run(hash);
    });

    const outsider = await parties.connect({ org: 'other' });
    await outsider.ok({ type: 'hello' });
    const theirs = (await outsider.ok<TicketResult>({ type: 'ticket.join', queue: 'default' })).ticket;

    const visitor = await parties.visitor();
    for (const type of ['ticket.resume', 'ticket.leave'] as const) {
      assert.equal(await errorCode(visitor.client, { type, ticketId: theirs.ticketId }), 'not-found', type);
    }
    assert.equal(
      await errorCode(visitor.client, {
        type: 'ticket.join',
        queue: 'default',
        rejoinTicketId: theirs.ticketId,
      }),
      'not-found',
    );
    const anna = await parties.agent('anna', { watch: true });
    assert.deepEqual(anna.watched?.tickets, [], "the other org's waiting ticket is not demo's");
    assert.equal(
      await errorCode(anna.client, { type: 'call.accept', ticketId: theirs.ticketId }),
      'not-found',
    );
    assert.equal(await errorCode(anna.client, { type: 'call.accept' }), 'not-found', 'nothing to take');
  });
});
