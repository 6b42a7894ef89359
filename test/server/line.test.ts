/**
 * The line's guarantees in one process, where two commands really interleave at every await:
 * accepting is atomic in the services (the org's turn on the line) and again in the store (for
 * several processes on one database). Real services on a real (temporary) SQLite store.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { MemoryBus } from '../../server/bus/memory-bus.js';
import { HubError } from '../../server/errors.js';
import { AgentService } from '../../server/services/agents.js';
import { CallService } from '../../server/services/calls.js';
import { Departures } from '../../server/services/departures.js';
import { IceServers } from '../../server/services/ice-servers.js';
import { Line } from '../../server/services/line.js';
import { LineNews } from '../../server/services/line-news.js';
import { Presence } from '../../server/services/presence.js';
import { QueueService } from '../../server/services/queues.js';
import { TicketService } from '../../server/services/tickets.js';
import { seedIfEmpty } from '../../server/store/seed.js';
import { SqliteStore } from '../../server/store/sqlite-store.js';
import type { CallRecord, TicketRecord } from '../../server/store/store.js';

describe('the line in one process', () => {
  let dataDir: string;
  let store: SqliteStore;
  let presence: Presence;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tandem-line-'));
    store = new SqliteStore(dataDir);
    await seedIfEmpty(store);
  });
  after(async () => {
    presence?.close();
    await store?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function services() {
    const bus = new MemoryBus();
    presence = new Presence(bus, 60_000);
    const agents = new AgentService(store, bus, presence);
    const line = new Line(store);
    await line.load();
    const queues = new QueueService(store, agents, line);
    const news = new LineNews(line, agents, queues, bus);
    const departures = new Departures();
    const calls = new CallService({ line, agents, queues, news, ice: new IceServers(), bus, departures });
    const tickets = new TicketService({ line, queues, agents, news, calls, departures });
    for (const agentId of ['anna', 'chen', 'bjorn']) {
      presence.attach('demo', agentId);
      await agents.setStatus('demo', agentId, 'online');
    }
    return { line, calls, tickets };
  }

  async function visitor(id: string): Promise<string> {
    await store.createVisitor({
      id,
      orgId: 'demo',
      tokenHash: `hash-${id}`,
      createdAt: new Date().toISOString(),
    });
    return id;
  }

  it('lets one of several agents accepting one ticket at the same moment win', async () => {
    const { calls, tickets, line } = await services();
    const ticket = await tickets.join('demo', await visitor('v-race'), { queue: 'default' });
    const outcomes = await Promise.allSettled(
      ['anna', 'chen', 'bjorn'].map((agentId) => calls.accept('demo', agentId, ticket.ticketId)),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    assert.equal(won.length, 1);
    assert.deepEqual(
      lost.map((error) => (error instanceof HubError ? error.code : String(error))),
      ['conflict', 'conflict'],
    );
    assert.equal(line.calls('demo').length, 1);
    // Leave the agents free for the next test.
    const call = line.calls('demo')[0]!;
    await calls.hangup('demo', { kind: 'agent', id: call.agentId }, call.id);
  });

  it('takes distinct tickets when agents accept "the next one" at the same moment', async () => {
    const { calls, tickets } = await services();
    const ids = [];
    for (const name of ['v-a', 'v-b', 'v-c'])
      ids.push((await tickets.join('demo', await visitor(name), { queue: 'default' })).ticketId);
    const views = await Promise.all(
      ['anna', 'chen', 'bjorn'].map((agentId) => calls.accept('demo', agentId, undefined)),
    );
    assert.deepEqual(new Set(views.map((view) => view.ticket.id)), new Set(ids));
    for (const view of views)
      await calls.hangup('demo', { kind: 'visitor', id: view.ticket.visitorId }, view.call.id);
  });

  it('refuses in the store a second taker of a ticket, a second call of an agent, a second live ticket', async () => {
    const now = new Date().toISOString();
    const ticket: TicketRecord = {
      id: 't-store',
      orgId: 'demo',
      queueId: 'default',
      visitorId: await visitor('v-store'),
      status: 'waiting',
      priority: false,
      joinedAt: now,
      seq: 1000,
      callAgentId: null,
      productIds: [],
      agentTags: [],
      data: {},
      trackingTags: [],
      callId: null,
      endReason: null,
      endedAt: null,
      canRejoin: false,
    };
    assert.equal(await store.createTicket(ticket), 'created');
    assert.equal(
      await store.createTicket({ ...ticket, id: 't-store-2', seq: 1001 }),
      'visitor-has-live-ticket',
    );
    assert.equal(await store.getTicket('demo', 't-store-2'), null);

    const call = (id: string, agentId: string): CallRecord => ({
      id,
      orgId: 'demo',
      ticketId: ticket.id,
      agentId,
      startedAt: now,
      endedAt: null,
      endReason: null,
      transferredToAgentId: null,
      transferredToQueueId: null,
      agentStatusBefore: 'online',
    });
    const taken = { ...ticket, status: 'in-call' as const, callId: 'c-1' };
    assert.equal(await store.startCall(taken, call('c-1', 'anna')), 'started');
    assert.equal(await store.startCall({ ...taken, callId: 'c-2' }, call('c-2', 'chen')), 'ticket-taken');

    const other: TicketRecord = {
      ...ticket,
      id: 't-store-3',
      visitorId: await visitor('v-store-3'),
      seq: 1002,
    };
    await store.createTicket(other);
    assert.equal(
      await store.startCall(
        { ...other, status: 'in-call', callId: 'c-3' },
        { ...call('c-3', 'anna'), ticketId: other.id },
      ),
      'agent-busy',
    );
    assert.equal((await store.getTicket('demo', other.id))?.status, 'waiting', 'nothing was written');
    assert.equal(await store.getCall('demo', 'c-3'), null);
  });
});
