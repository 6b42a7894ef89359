/**
 * Bookings against a real hub: the services a page may show, free slots in the agents' own time
 * zones, booking one (the agent hears of it, overlapping slots go), the connect link and
 * cancelling, the agent's list, what an existing demo database gets from the migration, joining a
 * booked meeting while the agent is still offline, and tenancy.
 * Every test gets a fresh hub, so no booking of one test takes another's slot.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';

import type { AgentSignInResult, Booking, CommandResults } from '../../src/protocol/frames.js';
import { hashPassword } from '../../server/services/passwords.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';
import { book, bookingState, localInstant, plusMinutes, slots, VISITOR, wednesday } from './bookings-kit.js';
import { addOtherOrg, errorCode, joinQueue, pool, settledFrames, writeRows } from './line-kit.js';

const STOCKHOLM = 'Europe/Stockholm';
const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';

describe('bookings', () => {
  let hub: TestHub;
  const parties = pool(() => hub.port);

  beforeEach(async () => {
    hub = await startTestHub();
  });
  afterEach(async () => {
    await parties.closeAll();
    await hub?.stop();
  });

  it('lists the published services, only those asked for, never unpublished or unknown ones', async () => {
    const page = await parties.connect();
    const all = await page.ok<CommandResults['booking.services']>({ type: 'booking.services' });
    assert.deepEqual(all.services, [
      {
        serviceId: 'style-advice',
        name: 'Style advice',
        description: 'A stylist helps you put together an outfit, on video.',
        durationMinutes: 30,
      },
      {
        serviceId: 'fitting',
        name: 'Personal fitting',
        description: 'Find the right size and fit with one of our tailors.',
        durationMinutes: 45,
      },
    ]);
    const some = await page.ok<CommandResults['booking.services']>({
      type: 'booking.services',
      serviceIds: ['fitting', 'internal', 'no-such-service'],
    });
    assert.deepEqual(
      some.services.map((service) => service.serviceId),
      ['fitting'],
    );
    const none = await page.ok<CommandResults['booking.services']>({
      type: 'booking.services',
      serviceIds: [],
    });
    assert.deepEqual(none.services, []);

    const from = wednesday().toISO() ?? '';
    for (const serviceId of ['internal', 'no-such-service']) {
      assert.equal(
        await errorCode(page, { type: 'booking.slots', serviceId, from, days: 7 }),
        'not-found',
        serviceId,
      );
    }
  });

  it("offers the offering agents' slots in their own time zones, narrowed by resource", async () => {
    const page = await parties.connect();
    const day = wednesday();
    const from = new Date(day.toMillis()).toISOString();

    const advice = await slots(page, 'style-advice', from, 1);
    const of = (list: typeof advice, id: string) => list.filter((slot) => slot.agentId === id);
    assert.deepEqual(new Set(advice.map((slot) => slot.agentId)), new Set(['anna', 'chen']));
    assert.equal(of(advice, 'anna').length, 16);
    assert.equal(of(advice, 'anna')[0]?.start, localInstant(day, STOCKHOLM, '09:00'));
    assert.equal(of(advice, 'anna').at(-1)?.end, localInstant(day, STOCKHOLM, '17:00'));
    assert.equal(of(advice, 'chen').length, 16);
    assert.equal(of(advice, 'chen')[0]?.start, localInstant(day, NEW_YORK, '08:00'));
    assert.equal(of(advice, 'chen')[0]?.agentName, 'Chen Wei');
    assert.deepEqual(
      advice.map((slot) => slot.start),
      [...advice.map((slot) => slot.start)].sort(),
      'by start',
    );

    const fitting = await slots(page, 'fitting', from, 1);
    assert.equal(of(fitting, 'bjorn')[0]?.start, localInstant(day, LONDON, '10:00'));
    assert.equal(of(fitting, 'bjorn').at(-1)?.start, localInstant(day, LONDON, '17:00'));
    assert.equal(of(fitting, 'anna').length, 15, '45 minutes each, ending by 17:00');

    assert.deepEqual(
      new Set((await slots(page, 'fitting', from, 1, { resourceId: 'chen' })).map((slot) => slot.agentId)),
      new Set(['chen']),
    );
    assert.deepEqual(
      await slots(page, 'style-advice', from, 1, { resourceId: 'bjorn' }),
      [],
      'bjorn does not advise',
    );
    assert.equal(
      await errorCode(page, {
        type: 'booking.slots',
        serviceId: 'fitting',
        from,
        days: 1,
        resourceId: 'nobody',
      }),
      'not-found',
    );
    for (const bad of [
      { days: 32 },
      { days: 0 },
      { days: 1.5 },
      { from: 'next week' },
      { from: '2027-03-01T09:00:00' },
    ]) {
      assert.equal(
        await errorCode(page, { type: 'booking.slots', serviceId: 'fitting', from, days: 1, ...bad }),
        'bad-frame',
        JSON.stringify(bad),
      );
    }
    // Nothing in the past, however early `from` is.
    const now = Date.now();
    for (const slot of await slots(page, 'fitting', new Date(now - 3 * 86_400_000).toISOString(), 7))
      assert.ok(Date.parse(slot.start) >= now + 15 * 60_000, slot.start);
  });

  it('books a slot: the agent hears of it and the overlapping slots are gone', async () => {
    const anna = await parties.agent('anna');
    const visitor = await parties.visitor();
    const day = wednesday();
    const from = new Date(day.toMillis()).toISOString();
    const start = localInstant(day, STOCKHOLM, '11:00');
    const before = await slots(visitor.client, 'style-advice', from, 1, { resourceId: 'anna' });
    assert.ok(before.some((slot) => slot.start === plusMinutes(start, 60)));

    const mark = anna.client.frames.length;
    const booking = await book(visitor.client, 'fitting', 'anna', start, {
      name: '  Vera Visitor ',
      email: 'vera@example.com',
      phone: '+46701234567',
    });
    assert.deepEqual(booking, {
      bookingId: booking.bookingId,
      serviceId: 'fitting',
      serviceName: 'Personal fitting',
      agent: booking.agent,
      start,
      end: plusMinutes(start, 45),
      status: 'confirmed',
      connectId: booking.connectId,
      timeZone: 'Europe/Stockholm',
      createdAt: booking.createdAt,
      visitor: VISITOR,
    } satisfies Booking);
    assert.equal(booking.agent.id, 'anna');
    assert.match(booking.agent.profile_photo_url, /^http:\/\/localhost:\d+\/media\/agents\/demo\/anna\.svg$/);
    assert.match(booking.connectId, /^[A-Za-z0-9_-]{24,}$/);
    const pushed = await bookingState(anna.client, (b) => b.bookingId === booking.bookingId, mark);
    assert.deepEqual(pushed, booking);

    // 11:00–11:45 takes 11:00 and 11:30 of anna's 30-minute slots, and nothing of chen's.
    const after = await slots(visitor.client, 'style-advice', from, 1);
    const annaStarts = (list: typeof after) => list.filter((s) => s.agentId === 'anna').map((s) => s.start);
    assert.deepEqual(
      annaStarts(before).filter((s) => !annaStarts(after).includes(s)),
      [start, plusMinutes(start, 30)],
    );
    assert.ok(annaStarts(after).includes(plusMinutes(start, -30)), 'ends as the booking starts');
    assert.ok(annaStarts(after).includes(plusMinutes(start, 60)), 'starts after it ended');
    assert.equal(after.filter((s) => s.agentId === 'chen').length, 16);
  });

  it('shows the booking to whoever holds the link, and that it was cancelled', async () => {
    const anna = await parties.agent('anna');
    const bjorn = await parties.agent('bjorn');
    const booker = await parties.visitor();
    const start = localInstant(wednesday(), STOCKHOLM, '14:00');
    const booking = await book(booker.client, 'style-advice', 'anna', start);

    // The link opened on another device: a different visitor.
    const holder = await parties.visitor();
    const seen = await holder.client.ok<CommandResults['booking.byConnectId']>({
      type: 'booking.byConnectId',
      connectId: booking.connectId,
    });
    assert.deepEqual(seen.booking, booking);
    assert.equal(
      await errorCode(holder.client, { type: 'booking.byConnectId', connectId: `${booking.connectId}x` }),
      'not-found',
    );
    const anonymous = await parties.connect();
    assert.equal(
      await errorCode(anonymous, { type: 'booking.byConnectId', connectId: booking.connectId }),
      'unauthorized',
      'say hello first',
    );

    assert.equal(
      await errorCode(bjorn.client, { type: 'booking.cancel', bookingId: booking.bookingId }),
      'not-found',
      'only the booked agent may cancel',
    );
    assert.equal(
      await errorCode(holder.client, { type: 'booking.cancel', bookingId: booking.bookingId }),
      'unauthorized',
    );
    const mark = anna.client.frames.length;
    const cancelled = await anna.client.ok<CommandResults['booking.cancel']>({
      type: 'booking.cancel',
      bookingId: booking.bookingId,
    });
    assert.deepEqual(cancelled.booking, { ...booking, status: 'cancelled' });
    assert.equal(
      (await bookingState(anna.client, (b) => b.status === 'cancelled', mark)).bookingId,
      booking.bookingId,
    );

    const again = await anna.client.ok<CommandResults['booking.cancel']>({
      type: 'booking.cancel',
      bookingId: booking.bookingId,
    });
    assert.equal(again.booking.status, 'cancelled');
    const link = await holder.client.ok<CommandResults['booking.byConnectId']>({
      type: 'booking.byConnectId',
      connectId: booking.connectId,
    });
    assert.equal(link.booking.status, 'cancelled');

    // The time is free again.
    const free = await slots(holder.client, 'style-advice', start, 1, { resourceId: 'anna' });
    assert.equal(free[0]?.start, start);
    assert.equal((await book(holder.client, 'style-advice', 'anna', start)).status, 'confirmed');
  });

  it("lists the signed-in agent's own bookings from a day ago on, by start", async () => {
    const visitor = await parties.visitor();
    const day = wednesday();
    const late = await book(visitor.client, 'style-advice', 'anna', localInstant(day, STOCKHOLM, '15:00'));
    const early = await book(visitor.client, 'fitting', 'anna', localInstant(day, STOCKHOLM, '09:30'));
    const chens = await book(visitor.client, 'style-advice', 'chen', localInstant(day, NEW_YORK, '09:00'));

    // Two already past, written straight in: 12 hours ago is still listed, 2 days ago no more.
    const visitorId = (() => {
      let id = '';
      writeRows(hub.dataDir, (db) => {
        id = String(db.prepare('SELECT id FROM visitors LIMIT 1').pluck().get());
      });
      return id;
    })();
    const past = (hoursAgo: number): string => {
      const id = randomUUID();
      const start = new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
      writeRows(hub.dataDir, (db) =>
        db
          .prepare(
            `INSERT INTO bookings (org_id, id, service_id, agent_id, visitor_id, start_at, end_at, status,
               connect_id, visitor_name, visitor_email, visitor_phone, time_zone, created_at, cancelled_at)
             VALUES ('demo', ?, 'style-advice', 'anna', ?, ?, ?, 'confirmed', ?, 'Old', 'old@example.com',
               '+46701234567', 'UTC', ?, NULL)`,
          )
          .run(id, visitorId, start, plusMinutes(start, 30), randomUUID(), start),
      );
      return id;
    };
    const recent = past(12);
    past(48);

    const anna = await parties.agent('anna');
    const list = await anna.client.ok<CommandResults['bookings.list']>({ type: 'bookings.list' });
    assert.deepEqual(
      list.bookings.map((b) => b.bookingId),
      [recent, early.bookingId, late.bookingId],
    );
    // The agent signed in since: the same booking, the agent now online.
    const online = (booking: Booking): Booking => ({
      ...booking,
      agent: { ...booking.agent, status: 'online' },
    });
    assert.deepEqual(list.bookings[1], online(early));
    const chen = await parties.agent('chen');
    const chenList = await chen.client.ok<CommandResults['bookings.list']>({ type: 'bookings.list' });
    assert.deepEqual(chenList.bookings, [online(chens)]);

    assert.equal(await errorCode(visitor.client, { type: 'bookings.list' }), 'unauthorized');
    await anna.client.ok({ type: 'agent.signOut' });
    assert.equal(await errorCode(anna.client, { type: 'bookings.list' }), 'unauthorized');
  });

  it('gives a demo database from before bookings its services and working hours', async () => {
    // What a data directory from before migration 4 looks like: no booking tables.
    writeRows(hub.dataDir, (db) =>
      db.exec(`
        DROP TABLE bookings; DROP TABLE booking_service_agents; DROP TABLE agent_working_hours;
        DROP TABLE booking_services; DELETE FROM migrations WHERE id = 4;`),
    );
    await hub.restart();
    const page = await parties.connect();
    const { services } = await page.ok<CommandResults['booking.services']>({ type: 'booking.services' });
    assert.deepEqual(
      services.map((service) => [service.serviceId, service.durationMinutes]),
      [
        ['style-advice', 30],
        ['fitting', 45],
      ],
    );
    const day = wednesday();
    const found = await slots(page, 'fitting', new Date(day.toMillis()).toISOString(), 1);
    assert.equal(found.find((s) => s.agentId === 'anna')?.start, localInstant(day, STOCKHOLM, '09:00'));
    assert.equal(found.find((s) => s.agentId === 'bjorn')?.start, localInstant(day, LONDON, '10:00'));
    assert.equal(found.find((s) => s.agentId === 'chen')?.start, localInstant(day, NEW_YORK, '08:00'));
    const advice = await slots(page, 'style-advice', new Date(day.toMillis()).toISOString(), 1);
    assert.deepEqual(new Set(advice.map((s) => s.agentId)), new Set(['anna', 'chen']));
  });

  it('lets the visitor of a booked meeting wait for an agent who is not online yet', async () => {
    const visitor = await parties.visitor();
    // The page joins with the booking's agent; chen has not signed in.
    const ticket = await joinQueue(visitor.client, 'default', { callAgentId: 'chen' });
    assert.equal(ticket.status, 'waiting');
    assert.equal(ticket.callAgentId, 'chen');
    assert.equal(ticket.place, 1);

    const anna = await parties.agent('anna', { watch: true });
    assert.deepEqual(anna.watched?.tickets, [], 'routed to chen only');
    const chen = await parties.agent('chen', { watch: true });
    assert.deepEqual(
      chen.watched?.tickets.map((t) => t.ticketId),
      [ticket.ticketId],
    );
    const accepted = await chen.client.ok<CommandResults['call.accept']>({
      type: 'call.accept',
      ticketId: ticket.ticketId,
    });
    assert.equal(accepted.call.agent.id, 'chen');
  });

  it("treats another org's services, bookings and agents as not found", async () => {
    const hash = await hashPassword('other-secret');
    writeRows(hub.dataDir, (db) => {
      addOtherOrg(
        db,
        { id: 'other', name: 'Other Shop' },
        [
          { id: 'anna', name: 'Anna Other', photoUrl: '/media/agents/anna.svg' },
          { id: 'olga', name: 'Olga Other', photoUrl: '/media/agents/olga.svg' },
        ],
        hash,
      );
      db.prepare(
        `INSERT INTO booking_services (org_id, id, name, description, duration_minutes, published, position)
         VALUES ('other', 'secret-advice', 'Secret advice', '', 30, 1, 1)`,
      ).run();
      db.prepare(
        `INSERT INTO booking_service_agents (org_id, service_id, agent_id)
         VALUES ('other', 'secret-advice', 'olga'), ('other', 'secret-advice', 'anna')`,
      ).run();
      db.prepare(
        `INSERT INTO agent_working_hours (org_id, agent_id, time_zone, periods) VALUES
           ('other', 'olga', 'UTC', '[{"day":3,"open":"00:00","close":"24:00"}]'),
           ('other', 'anna', 'UTC', '[{"day":3,"open":"00:00","close":"24:00"}]')`,
      ).run();
    });
    const day = wednesday();
    const from = new Date(day.toMillis()).toISOString();
    // Both annas are signed in before anything is booked: each may hear only of its own.
    const anna = await parties.agent('anna');
    const otherAnna = await parties.connect({ org: 'other' });
    await otherAnna.ok<AgentSignInResult>({
      type: 'agent.signIn',
      agentId: 'anna',
      password: 'other-secret',
    });

    const visitor = await parties.visitor();
    const ours = await book(visitor.client, 'style-advice', 'anna', localInstant(day, STOCKHOLM, '10:00'));

    const outsider = await parties.connect({ org: 'other' });
    await outsider.ok({ type: 'hello' });
    const theirs = await outsider.ok<CommandResults['booking.services']>({ type: 'booking.services' });
    assert.deepEqual(
      theirs.services.map((s) => s.serviceId),
      ['secret-advice'],
    );
    assert.equal(
      await errorCode(outsider, { type: 'booking.slots', serviceId: 'style-advice', from, days: 1 }),
      'not-found',
    );
    assert.equal(
      await errorCode(outsider, { type: 'booking.byConnectId', connectId: ours.connectId }),
      'not-found',
    );
    const otherSlots = await slots(outsider, 'secret-advice', from, 1);
    assert.equal(otherSlots.length, 2 * 48, 'olga and the other anna, all day');
    const theirBooking = await book(outsider, 'secret-advice', 'anna', otherSlots[0]!.start);

    assert.equal(
      await errorCode(otherAnna, { type: 'booking.cancel', bookingId: ours.bookingId }),
      'not-found',
    );
    const otherList = await otherAnna.ok<CommandResults['bookings.list']>({ type: 'bookings.list' });
    assert.deepEqual(
      otherList.bookings.map((b) => b.bookingId),
      [theirBooking.bookingId],
    );

    // From demo: the other org's service, agent and booking do not exist.
    assert.deepEqual(
      (
        await visitor.client.ok<CommandResults['booking.services']>({
          type: 'booking.services',
          serviceIds: ['secret-advice'],
        })
      ).services,
      [],
    );
    assert.equal(
      await errorCode(visitor.client, {
        type: 'booking.create',
        serviceId: 'style-advice',
        agentId: 'olga',
        start: localInstant(day, STOCKHOLM, '12:00'),
        visitor: VISITOR,
        timeZone: 'UTC',
      }),
      'not-found',
    );
    assert.equal(
      await errorCode(visitor.client, { type: 'booking.byConnectId', connectId: theirBooking.connectId }),
      'not-found',
    );
    assert.equal(
      await errorCode(anna.client, { type: 'booking.cancel', bookingId: theirBooking.bookingId }),
      'not-found',
    );
    const list = await anna.client.ok<CommandResults['bookings.list']>({ type: 'bookings.list' });
    assert.deepEqual(
      list.bookings.map((b) => b.bookingId),
      [ours.bookingId],
    );
    const heard = async (client: typeof anna.client) =>
      (await settledFrames(client, ['booking.state'])).map(
        (f) => f.type === 'booking.state' && f.booking.bookingId,
      );
    assert.deepEqual(await heard(anna.client), [ours.bookingId]);
    assert.deepEqual(await heard(otherAnna), [theirBooking.bookingId]);
  });
});
