/**
 * The `Store` contract, one suite run against both stores: SQLite in a temporary directory, and
 * Postgres in a database created for the run (skipped, saying so, when no Postgres is configured:
 * see test/support/databases.ts). Outcomes of lost races are typed values, never driver errors.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { PostgresStore } from '../../server/store/postgres-store.js';
import { seedIfEmpty } from '../../server/store/seed.js';
import { SqliteStore } from '../../server/store/sqlite-store.js';
import type { BookingRecord } from '../../server/store/booking-store.js';
import type { ConversationRecord, MessageDraft } from '../../server/store/chat-store.js';
import type { CallRecord, Store, TicketRecord } from '../../server/store/store.js';
import { conversationRecord, messageDraft } from '../support/chat-records.js';
import { NO_POSTGRES, createTestDatabase } from '../support/databases.js';

interface Backend {
  name: string;
  skip: string | false;
  open(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    skip: false,
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'tandem-contract-'));
      const store = new SqliteStore(dir);
      return {
        store,
        async dispose() {
          await store.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'Postgres',
    skip: NO_POSTGRES,
    async open() {
      const database = await createTestDatabase();
      const store = await PostgresStore.open(database.url);
      return {
        store,
        async dispose() {
          await store.close();
          await database.drop();
        },
      };
    },
  },
];

const now = () => new Date().toISOString();

function ticket(id: string, visitorId: string, seq: number): TicketRecord {
  return {
    id,
    orgId: 'demo',
    queueId: 'default',
    visitorId,
    status: 'waiting',
    priority: false,
    joinedAt: '2026-01-01T00:00:00.000Z',
    seq,
    callAgentId: null,
    productIds: ['p1'],
    agentTags: [],
    data: { a: 1 },
    trackingTags: [{ key: 'k', value: 'v' }],
    callId: null,
    endReason: null,
    endedAt: null,
    canRejoin: false,
  };
}

function call(id: string, ticketId: string, agentId: string): CallRecord {
  return {
    id,
    orgId: 'demo',
    ticketId,
    agentId,
    startedAt: now(),
    endedAt: null,
    endReason: null,
    transferredToAgentId: null,
    transferredToQueueId: null,
    agentStatusBefore: 'online',
  };
}

const conversation = (id: string, visitorId: string, createdAt: string): ConversationRecord =>
  conversationRecord(id, { visitorId, createdAt });

const draft = (conversationId: string, messageId: string, text: string): MessageDraft =>
  messageDraft(conversationId, messageId, { text });

for (const backend of backends) {
  describe(`the store contract on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    before(async () => {
      ({ store, dispose } = await backend.open());
      assert.equal(await seedIfEmpty(store), true);
      for (const id of ['v1', 'v2', 'v3', 'v4'])
        await store.createVisitor({ id, orgId: 'demo', tokenHash: `hash-${id}`, createdAt: now() });
    });
    after(async () => dispose?.());

    it('seeds once, and lists orgs, queues and agents in one order', async () => {
      assert.equal(await seedIfEmpty(store), false);
      assert.deepEqual(
        (await store.listOrgs()).map((org) => org.id),
        ['demo'],
      );
      assert.deepEqual(
        (await store.listQueues('demo')).map((q) => q.name),
        ['After hours', 'Fashion', 'Support'],
      );
      assert.deepEqual(
        (await store.listAgents('demo')).map((a) => a.id),
        ['anna', 'bjorn', 'chen'],
      );
      const fashion = await store.getQueue('demo', 'fashion');
      assert.equal(fashion?.openingHours?.length, 6);
      assert.equal(await store.getQueue('other', 'fashion'), null, 'ids are looked up within the org');
    });

    it('creates and updates what an operator sets, refusing an unknown org', async () => {
      await store.putOrg({ id: 'acme', name: 'Acme', allowedOrigins: ['https://acme.example'] });
      await store.putOrg({
        id: 'acme',
        name: 'Acme Inc',
        allowedOrigins: ['https://acme.example', 'http://x:*'],
      });
      assert.deepEqual(await store.getOrg('acme'), {
        id: 'acme',
        name: 'Acme Inc',
        allowedOrigins: ['https://acme.example', 'http://x:*'],
      });
      const queue = {
        id: 'sales',
        orgId: 'acme',
        slug: 'sales',
        name: 'Sales',
        timeZone: 'UTC',
        openingHours: null,
        agentTag: null,
        averageHandleSeconds: 60,
      };
      assert.equal(await store.putQueue(queue), 'created');
      assert.equal(await store.putQueue({ ...queue, name: 'Sales team' }), 'updated');
      assert.equal(await store.putQueue({ ...queue, orgId: 'nobody' }), 'unknown-org');
      assert.equal((await store.getQueue('acme', 'sales'))?.name, 'Sales team');
      const agent = {
        id: 'dora',
        orgId: 'acme',
        name: 'Dora',
        tags: ['x'],
        photoUrl: '/media/agents/dora.svg',
        status: 'offline' as const,
        passwordHash: 'h1',
      };
      assert.equal(await store.putAgent(agent), 'created');
      assert.equal(await store.putAgent({ ...agent, name: 'Dora D' }), 'updated');
      assert.equal(await store.putAgent({ ...agent, orgId: 'nobody' }), 'unknown-org');
      assert.equal(await store.setAgentPasswordHash('acme', 'dora', 'h2'), true);
      assert.equal(await store.setAgentPasswordHash('acme', 'nobody', 'h2'), false);
      assert.equal(await store.getAgentPasswordHash('acme', 'dora'), 'h2');
      assert.equal((await store.getAgent('acme', 'dora'))?.name, 'Dora D');
    });

    it("keeps an org's settings and aliases (the demo's aliases seeded), refusing an unknown org", async () => {
      assert.deepEqual(await store.getOrgSettings('demo'), {});
      assert.equal(
        await store.putOrgSettings('demo', { bookingsEnabled: true, retentionDays: 30 }),
        'created',
      );
      assert.equal(await store.putOrgSettings('demo', { chatLanguages: ['sv-SE'] }), 'updated');
      assert.deepEqual(await store.getOrgSettings('demo'), { chatLanguages: ['sv-SE'] });
      assert.equal(await store.putOrgSettings('nobody', {}), 'unknown-org');
      assert.equal((await store.getOrgByAlias('your_org_id'))?.id, 'demo', 'seeded, matched in any case');
      await store.setOrgAlias('ACME-GUID', 'demo');
      assert.equal((await store.getOrgByAlias('acme-guid'))?.id, 'demo');
      await store.setOrgAlias('acme-guid', null);
      assert.equal(await store.getOrgByAlias('acme-guid'), null);
      await store.putOrgSettings('demo', {});
    });

    it('keeps one live ticket per visitor, as a typed outcome', async () => {
      assert.equal(await store.createTicket(ticket('t1', 'v1', 1)), 'created');
      assert.equal(await store.createTicket(ticket('t1b', 'v1', 2)), 'visitor-has-live-ticket');
      assert.equal(await store.getTicket('demo', 't1b'), null);
      assert.deepEqual(await store.getTicket('demo', 't1'), ticket('t1', 'v1', 1));
      assert.deepEqual(
        (await store.listLiveTicketsOf('demo')).map((t) => t.id),
        ['t1'],
      );
      assert.equal(await store.maxTicketSeq(), 1);
    });

    it('starts a call once: a second taker finds the ticket taken, a busy agent is busy', async () => {
      const taken = { ...ticket('t1', 'v1', 1), status: 'in-call' as const, callId: 'c1' };
      const outcomes = await Promise.all([
        store.startCall(taken, call('c1', 't1', 'anna')),
        store.startCall({ ...taken, callId: 'c2' }, call('c2', 't1', 'chen')),
      ]);
      assert.deepEqual(outcomes.sort(), ['started', 'ticket-taken']);
      assert.equal(await store.createTicket(ticket('t2', 'v2', 3)), 'created');
      const winner = (await store.listActiveCallsOf('demo'))[0]!;
      assert.equal(
        await store.startCall(
          { ...ticket('t2', 'v2', 3), status: 'in-call', callId: 'c3' },
          call('c3', 't2', winner.agentId),
        ),
        'agent-busy',
      );
      assert.equal((await store.getTicket('demo', 't2'))?.status, 'waiting', 'nothing was written');
      const ended = { ...winner, endedAt: now(), endReason: 'agent-hung-up' as const };
      await store.endCall(ended, {
        ...taken,
        callId: null,
        status: 'ended',
        endReason: 'call-ended',
        endedAt: now(),
        canRejoin: true,
      });
      assert.deepEqual(await store.listActiveCallsOf('demo'), []);
      assert.equal((await store.getCall('demo', winner.id))?.endReason, 'agent-hung-up');
      const rejoined = { ...ticket('t3', 'v1', 4), priority: true };
      assert.equal(
        await store.rejoinTicket({ ...taken, status: 'ended', canRejoin: false }, rejoined),
        'created',
      );
      assert.equal(
        await store.rejoinTicket(rejoined, { ...rejoined, id: 't4', seq: 5 }),
        'visitor-has-live-ticket',
      );
      assert.deepEqual(
        (await store.listLiveTicketsOf('demo')).map((t) => t.id),
        ['t3', 't2'],
        'the front first',
      );
    });

    it('stores each message once, with seqs that never skip or repeat', async () => {
      const started = await store.chat.startConversation(
        conversation('k1', 'v3', '2026-01-01T00:00:00.000Z'),
      );
      assert.equal(started.created, true);
      const again = await store.chat.startConversation(conversation('k1b', 'v3', '2026-01-01T00:00:00.000Z'));
      assert.deepEqual([again.created, again.conversation.id], [false, 'k1']);
      const results = [];
      for (const id of ['m1', 'm2', 'm3'])
        results.push(await store.chat.appendMessage(draft('k1', id, `text ${id}`)));
      // A resend racing a new message (the services keep one conversation's appends in turn; the
      // store alone still stores each once and never skips a seq).
      results.push(
        ...(await Promise.all(['m2', 'm4', 'm4'].map((id) => store.chat.appendMessage(draft('k1', id, id))))),
      );
      assert.deepEqual(
        results.map((r) => r.created),
        [true, true, true, false, ...results.slice(4).map((r) => r.created)],
      );
      assert.equal(results.slice(4).filter((r) => r.created).length, 1, 'm4 stored once');
      assert.equal(results[3]!.message.seq, 2, 'a resend gets the stored message');
      const listed = await store.chat.listMessages('k1', 0, 100, false);
      assert.deepEqual(
        listed.map((m) => [m.seq, m.messageId]),
        [
          [1, 'm1'],
          [2, 'm2'],
          [3, 'm3'],
          [4, 'm4'],
        ],
      );
      assert.deepEqual(
        (await store.chat.listMessages('k1', 2, 1, false)).map((m) => m.messageId),
        ['m3'],
      );
      assert.equal((await store.chat.getConversation('demo', 'k1'))?.lastSeq, 4);
      assert.equal(await store.chat.getConversation('other', 'k1'), null, "another org's id is not found");
      assert.equal((await store.chat.listOpenConversations('demo')).find((c) => c.id === 'k1')?.lastSeq, 4);
      const taken = { ...started.conversation, status: 'active' as const, agentId: 'anna' };
      assert.equal(await store.chat.takeConversation(taken), true);
      assert.equal(await store.chat.takeConversation({ ...taken, agentId: 'chen' }), false);
      await store.chat.createOfflineConversation(
        { ...conversation('k2', 'v4', '2026-01-01T00:00:00.000Z'), status: 'offline' },
        draft('k2', 'o1', 'call me'),
      );
      assert.equal((await store.chat.findOfflineConversation('demo', 'v4', 'site', 'call me'))?.id, 'k2');
      assert.deepEqual(
        (await store.chat.listOpenConversations('demo')).map((c) => c.id),
        ['k1', 'k2'],
        'in the order they were created',
      );
    });

    it("counts a visitor's open conversations (waiting or active), not ended ones or others'", async () => {
      assert.equal(await store.chat.countOpenConversationsOf('demo', 'v4'), 0);
      await store.chat.startConversation({ ...conversation('open-a', 'v4', now()), scope: 'a' });
      const b = await store.chat.startConversation({ ...conversation('open-b', 'v4', now()), scope: 'b' });
      assert.equal(await store.chat.countOpenConversationsOf('demo', 'v4'), 2);
      await store.chat.updateConversation({ ...b.conversation, status: 'ended', endedAt: now() });
      assert.equal(await store.chat.countOpenConversationsOf('demo', 'v4'), 1);
      assert.equal(await store.chat.countOpenConversationsOf('other', 'v4'), 0);
    });

    it('keeps the first hub secret written under a name: processes starting at once agree', async () => {
      const offered = ['first', 'second', 'third'].map((value) => store.hubSecret('race', value));
      const answers = await Promise.all(offered);
      assert.equal(new Set(answers).size, 1, `one value for all: ${answers.join(', ')}`);
      assert.ok(['first', 'second', 'third'].includes(answers[0]!));
      assert.equal(await store.hubSecret('race', 'later'), answers[0], 'kept');
      assert.equal(await store.hubSecret('other', 'own'), 'own', 'each name its own');
    });

    it('writes a visitor once, moves its last activity only forward, and lists abandoned conversations', async () => {
      const at = '2026-02-01T00:00:00.000Z';
      const visitor = { id: 'v-touch', orgId: 'demo', tokenHash: 'hash-touch', createdAt: at };
      await store.createVisitor(visitor);
      await store.createVisitor({ ...visitor, createdAt: '2026-03-01T00:00:00.000Z' });
      assert.equal((await store.findVisitorByTokenHash('hash-touch'))?.lastSeenAt, at, 'written once');
      await store.touchVisitor('v-touch', '2026-02-05T00:00:00.000Z');
      await store.touchVisitor('v-touch', '2026-02-02T00:00:00.000Z');
      assert.equal(
        (await store.findVisitorByTokenHash('hash-touch'))?.lastSeenAt,
        '2026-02-05T00:00:00.000Z',
      );

      await store.chat.startConversation({ ...conversation('idle-old', 'v-touch', at), scope: 'idle-old' });
      await store.chat.startConversation({ ...conversation('idle-new', 'v-touch', at), scope: 'idle-new' });
      await store.chat.appendMessage({
        ...draft('idle-new', 'idle-m', 'late'),
        sentAt: '2026-02-10T00:00:00.000Z',
      });
      const idle = await store.listIdleConversations('2026-02-09T00:00:00.000Z', 100);
      const ids = idle.map((c) => c.id);
      assert.ok(ids.includes('idle-old'), 'no message since: abandoned');
      assert.ok(!ids.includes('idle-new'), 'a message since: not abandoned');
    });

    it('gives one time of an agent to exactly one of two bookings', async () => {
      const booking = (id: string, start: string, end: string, visitorId: string): BookingRecord => ({
        id,
        orgId: 'demo',
        serviceId: 'fitting',
        agentId: 'anna',
        visitorId,
        start,
        end,
        status: 'confirmed',
        connectId: `connect-${id}`,
        visitorName: 'V',
        visitorEmail: 'v@example.com',
        visitorPhone: '+46701234567',
        timeZone: 'Europe/Stockholm',
        createdAt: now(),
        cancelledAt: null,
      });
      const outcomes = await Promise.all([
        store.bookings.createBooking(
          booking('b1', '2030-01-07T09:00:00.000Z', '2030-01-07T09:45:00.000Z', 'v1'),
        ),
        store.bookings.createBooking(
          booking('b2', '2030-01-07T09:30:00.000Z', '2030-01-07T10:15:00.000Z', 'v2'),
        ),
        store.bookings.createBooking(
          booking('b3', '2030-01-07T09:00:00.000Z', '2030-01-07T09:45:00.000Z', 'v3'),
        ),
      ]);
      assert.deepEqual(outcomes.filter((o) => o === 'created').length, 1);
      const confirmed = await store.bookings.listConfirmedBookings(
        'demo',
        ['anna', 'chen'],
        '2030-01-07T00:00:00.000Z',
        '2030-01-08T00:00:00.000Z',
      );
      assert.equal(confirmed.length, 1);
      const id = confirmed[0]!.id;
      assert.equal(await store.bookings.cancelBooking('demo', id, now()), true);
      assert.equal(await store.bookings.cancelBooking('demo', id, now()), false);
      assert.equal(
        (await store.bookings.findBookingByConnectId('demo', `connect-${id}`))?.status,
        'cancelled',
      );
      const services = await store.bookings.listBookingServices('demo');
      assert.deepEqual(
        services.map((s) => [s.id, s.agentIds]),
        [
          ['style-advice', ['anna', 'chen']],
          ['fitting', ['anna', 'bjorn', 'chen']],
          ['internal', ['anna']],
        ],
      );
      assert.deepEqual(
        (await store.bookings.listWorkingHours('demo', ['chen', 'anna'])).map((h) => h.agentId),
        ['anna', 'chen'],
      );
    });

    it('creates and replaces a booking service and working hours for the operator', async () => {
      const service = {
        id: 'repair',
        orgId: 'demo',
        name: 'Repair',
        description: '',
        durationMinutes: 20,
        published: true,
        position: 9,
        agentIds: ['anna', 'chen'],
      };
      await store.bookings.putBookingService(service);
      await store.bookings.putBookingService({ ...service, name: 'Repairs', agentIds: ['bjorn'] });
      const stored = await store.bookings.getBookingService('demo', 'repair');
      assert.deepEqual([stored?.name, stored?.agentIds], ['Repairs', ['bjorn']]);
      const hours = {
        orgId: 'demo',
        agentId: 'bjorn',
        timeZone: 'Europe/Stockholm',
        periods: [{ day: 1 as const, open: '08:00', close: '12:00' }],
      };
      await store.bookings.putWorkingHours(hours);
      await store.bookings.putWorkingHours({ ...hours, timeZone: 'Europe/Oslo' });
      const [bjorn] = await store.bookings.listWorkingHours('demo', ['bjorn']);
      assert.deepEqual([bjorn?.timeZone, bjorn?.periods], ['Europe/Oslo', hours.periods]);
    });

    it('purges, before a cutoff, ended transcripts, finished tickets and visitors with nothing left', async () => {
      const old = '2020-01-01T00:00:00.000Z';
      await store.createVisitor({ id: 'gone', orgId: 'demo', tokenHash: 'hash-gone', createdAt: old });
      const finished = { ...ticket('t-old', 'gone', 900), joinedAt: old };
      assert.equal(await store.createTicket(finished), 'created');
      await store.updateTicket({ ...finished, status: 'ended', endReason: 'left-queue', endedAt: old });
      await store.chat.startConversation(conversation('k-old', 'gone', old));
      await store.chat.appendMessage(draft('k-old', 'm-old', 'an old word'));
      const kOld = (await store.chat.getConversation('demo', 'k-old'))!;
      await store.chat.updateConversation({ ...kOld, status: 'ended', endedAt: old });

      const counts = await store.purgeBefore('demo', '2021-01-01T00:00:00.000Z');
      assert.deepEqual(counts, {
        messages: 1,
        conversations: 1,
        calls: 0,
        tickets: 1,
        bookings: 0,
        visitors: 1,
      });
      assert.equal(await store.chat.getConversation('demo', 'k-old'), null);
      assert.equal(await store.getTicket('demo', 't-old'), null);
      assert.notEqual(await store.chat.getConversation('demo', 'k1'), null, 'newer than the cutoff: kept');
      assert.deepEqual(
        await store.purgeBefore('other', '2021-01-01T00:00:00.000Z'),
        { messages: 0, conversations: 0, calls: 0, tickets: 0, bookings: 0, visitors: 0 },
        'another org loses nothing',
      );
    });
  });
}
