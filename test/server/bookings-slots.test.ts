/**
 * Free booking slots, pure, with a fixed clock: the demo agents' hours in three time zones, the
 * daylight-saving weeks of 2027 in Stockholm, London and New York, the lead time, bookings taking
 * slots away, and the grid.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DateTime } from 'luxon';

import { freeSlots, MAX_SLOT_DAYS } from '../../server/services/bookings/slots.js';
import type { Interval, SlotAgent } from '../../server/services/bookings/slots.js';
import { demoBookingSeed } from '../../server/store/booking-seed.js';
import type { OpeningPeriod } from '../../server/store/store.js';

const NAMES: Record<string, string> = { anna: 'Anna Berg', bjorn: 'Björn Lind', chen: 'Chen Wei' };
const DAY = 86_400_000;
const at = (instant: string): number => Date.parse(instant);

/** A demo agent as seeded, optionally with bookings. */
function demo(agentId: string, busy: Interval[] = []): SlotAgent {
  const hours = demoBookingSeed().workingHours.find((h) => h.agentId === agentId);
  assert.ok(hours, `no seeded hours for ${agentId}`);
  return {
    agentId,
    agentName: NAMES[agentId] ?? agentId,
    timeZone: hours.timeZone,
    hours: hours.periods,
    busy,
  };
}

function agent(hours: OpeningPeriod[], timeZone = 'UTC', busy: Interval[] = []): SlotAgent {
  return { agentId: 'x', agentName: 'X', timeZone, hours, busy };
}

/** Slots of one UTC day (from its midnight), with a clock long before it. */
function day(date: string, agents: SlotAgent[], durationMinutes = 30) {
  const from = at(`${date}T00:00:00.000Z`);
  return freeSlots({ durationMinutes, from, until: from + DAY, now: from - 30 * DAY, agents });
}

const starts = (slots: { start: string }[]) => slots.map((slot) => slot.start);
/** The local wall time of an instant in a zone, `HH:mm`. */
const local = (instant: string, zone: string) => DateTime.fromISO(instant, { zone }).toFormat('HH:mm');

describe('free slots', () => {
  it('cuts each agent’s day in its own time zone, sorted by start and then name', () => {
    // Monday 1 March 2027: winter time everywhere (UTC+1, UTC+0, UTC−5).
    const slots = day('2027-03-01', [demo('chen'), demo('bjorn'), demo('anna')], 45);
    const of = (id: string) => slots.filter((slot) => slot.agentId === id);

    // 45 minutes on the half hours, ending by closing time: 15 slots in an 8-hour day.
    assert.equal(of('anna').length, 15);
    assert.equal(of('anna')[0]?.start, '2027-03-01T08:00:00.000Z', 'anna: 09:00 in Stockholm');
    assert.equal(of('anna').at(-1)?.end, '2027-03-01T15:45:00.000Z', 'anna: last one 16:00–16:45');
    assert.equal(of('bjorn').length, 15);
    assert.equal(of('bjorn')[0]?.start, '2027-03-01T10:00:00.000Z', 'bjorn: 10:00 in London');
    assert.equal(of('chen').length, 15);
    assert.equal(of('chen')[0]?.start, '2027-03-01T13:00:00.000Z', 'chen: 08:00 in New York');
    assert.equal(of('chen').at(-1)?.start, '2027-03-01T20:00:00.000Z', 'chen: last one 15:00–15:45');

    for (const slot of slots) {
      assert.equal(Date.parse(slot.end) - Date.parse(slot.start), 45 * 60_000);
      assert.equal(slot.agentName, NAMES[slot.agentId]);
    }
    const sorted = [...slots].sort(
      (a, b) => Date.parse(a.start) - Date.parse(b.start) || a.agentName.localeCompare(b.agentName),
    );
    assert.deepEqual(slots, sorted);
    // At 13:00Z all three are free: by name.
    assert.deepEqual(
      slots.filter((slot) => slot.start === '2027-03-01T13:00:00.000Z').map((slot) => slot.agentId),
      ['anna', 'bjorn', 'chen'],
    );
  });

  it('keeps to each agent’s working days: Björn’s Saturday morning, nobody on Sunday', () => {
    const agents = [demo('anna'), demo('bjorn'), demo('chen')];
    const saturday = day('2027-03-06', agents, 45);
    assert.deepEqual(new Set(saturday.map((slot) => slot.agentId)), new Set(['bjorn']));
    assert.deepEqual(
      saturday.map((slot) => local(slot.start, 'Europe/London')),
      ['10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00'],
    );
    // Chen's Friday ends at 21:00Z, inside Friday UTC; nothing spills into Saturday.
    assert.deepEqual(day('2027-03-07', agents, 45), []);
  });

  for (const { zone, id, before, after, localStart, localEnd } of [
    {
      zone: 'Europe/Stockholm (spring)',
      id: 'anna',
      before: ['2027-03-26', '2027-03-26T08:00:00.000Z'],
      after: ['2027-03-29', '2027-03-29T07:00:00.000Z'],
      localStart: '09:00',
      localEnd: '17:00',
    },
    {
      zone: 'Europe/Stockholm (autumn)',
      id: 'anna',
      before: ['2027-10-29', '2027-10-29T07:00:00.000Z'],
      after: ['2027-11-01', '2027-11-01T08:00:00.000Z'],
      localStart: '09:00',
      localEnd: '17:00',
    },
    {
      zone: 'Europe/London (spring)',
      id: 'bjorn',
      before: ['2027-03-26', '2027-03-26T10:00:00.000Z'],
      after: ['2027-03-29', '2027-03-29T09:00:00.000Z'],
      localStart: '10:00',
      localEnd: '18:00',
    },
    {
      zone: 'America/New_York (spring)',
      id: 'chen',
      before: ['2027-03-12', '2027-03-12T13:00:00.000Z'],
      after: ['2027-03-15', '2027-03-15T12:00:00.000Z'],
      localStart: '08:00',
      localEnd: '16:00',
    },
    {
      zone: 'America/New_York (autumn)',
      id: 'chen',
      before: ['2027-11-05', '2027-11-05T12:00:00.000Z'],
      after: ['2027-11-08', '2027-11-08T13:00:00.000Z'],
      localStart: '08:00',
      localEnd: '16:00',
    },
  ] as const) {
    it(`moves the local ${localStart} slot by an hour in UTC across the clock change, ${zone}`, () => {
      const timeZone = demo(id).timeZone;
      for (const [date, first] of [before, after]) {
        const slots = day(date, [demo(id)]);
        assert.equal(slots[0]?.start, first, `${date}: first slot`);
        // Still a whole 8-hour day of 30-minute slots, from opening to closing, local time.
        assert.equal(slots.length, 16, `${date}: slots`);
        assert.equal(local(slots[0]!.start, timeZone), localStart);
        assert.equal(local(slots.at(-1)!.end, timeZone), localEnd);
        assert.equal(Date.parse(slots.at(-1)!.end) - Date.parse(slots[0]!.start), 8 * 3_600_000);
      }
      const hours = (Date.parse(after[1]) - Date.parse(before[1])) / 3_600_000;
      // Three calendar days later, one hour more or less than 72.
      assert.equal(Math.abs(hours - 72), 1);
    });
  }

  it('walks a whole week across the change with the same local hours every working day', () => {
    // Thursday to Wednesday, the clocks going forward on the Sunday between.
    const from = at('2027-03-25T00:00:00.000Z');
    const slots = freeSlots({
      durationMinutes: 30,
      from,
      until: from + 7 * DAY,
      now: 0,
      agents: [demo('anna')],
    });
    const perDay = new Map<string, string[]>();
    for (const slot of slots) {
      const date = DateTime.fromISO(slot.start, { zone: 'Europe/Stockholm' }).toISODate() ?? '';
      perDay.set(date, [...(perDay.get(date) ?? []), local(slot.start, 'Europe/Stockholm')]);
    }
    assert.deepEqual(
      [...perDay.keys()],
      ['2027-03-25', '2027-03-26', '2027-03-29', '2027-03-30', '2027-03-31'],
    );
    for (const times of perDay.values()) assert.equal(times.length, 16);
    for (const times of perDay.values()) assert.deepEqual(times, perDay.get('2027-03-25'));
  });

  it('drops slots that start in the past or within the 15-minute lead', () => {
    const from = at('2027-03-01T00:00:00.000Z');
    const first = (now: string) =>
      freeSlots({ durationMinutes: 30, from, until: from + DAY, now: at(now), agents: [demo('anna')] })[0]
        ?.start;
    // 11:30 Stockholm is 10:30Z: bookable up to 10:15Z, not a minute later.
    assert.equal(first('2027-03-01T10:07:00.000Z'), '2027-03-01T10:30:00.000Z');
    assert.equal(first('2027-03-01T10:15:00.000Z'), '2027-03-01T10:30:00.000Z');
    assert.equal(first('2027-03-01T10:16:00.000Z'), '2027-03-01T11:00:00.000Z');
    assert.equal(first('2027-03-01T16:00:00.000Z'), undefined, 'after closing: nothing left today');
  });

  it('drops the slots a booking overlaps, of any length, and keeps those that only touch it', () => {
    // A 45-minute booking at 11:00–11:45 Stockholm (10:00–10:45Z).
    const busy = [{ start: at('2027-03-01T10:00:00.000Z'), end: at('2027-03-01T10:45:00.000Z') }];
    const free = starts(day('2027-03-01', [demo('anna', busy)]));
    const all = starts(day('2027-03-01', [demo('anna')]));
    assert.deepEqual(
      all.filter((start) => !free.includes(start)),
      ['2027-03-01T10:00:00.000Z', '2027-03-01T10:30:00.000Z'],
    );
    assert.ok(free.includes('2027-03-01T09:30:00.000Z'), 'ends as the booking starts');
    assert.ok(free.includes('2027-03-01T11:00:00.000Z'), 'starts after the booking ended');

    const fitting = starts(day('2027-03-01', [demo('anna', busy)], 45));
    assert.ok(!fitting.includes('2027-03-01T09:30:00.000Z'), '09:30–10:15 runs into it');
    assert.ok(fitting.includes('2027-03-01T09:00:00.000Z'));
  });

  it('keeps slots on the :00/:30 grid of the agent’s clock, inside the window', () => {
    const hours: OpeningPeriod[] = [{ day: 1, open: '09:10', close: '11:00' }];
    // Kolkata is UTC+5:30: the grid of the agent's clock is not the UTC grid.
    const slots = day('2027-03-01', [agent(hours, 'Asia/Kolkata')]);
    assert.deepEqual(
      slots.map((slot) => local(slot.start, 'Asia/Kolkata')),
      ['09:30', '10:00', '10:30'],
    );
    const from = at('2027-03-01T04:15:00.000Z'); // 09:45 in Kolkata
    const window = freeSlots({
      durationMinutes: 30,
      from,
      until: from + 30 * 60_000,
      now: 0,
      agents: [agent(hours, 'Asia/Kolkata')],
    });
    assert.deepEqual(starts(window), ['2027-03-01T04:30:00.000Z'], 'starts in [from, until)');
  });

  it('lets a slot run across back-to-back periods, and never past the end of one', () => {
    const hours: OpeningPeriod[] = [
      { day: 1, open: '09:00', close: '12:00' },
      { day: 1, open: '12:00', close: '13:00' },
    ];
    const slots = starts(day('2027-03-01', [agent(hours)], 45));
    assert.ok(slots.includes('2027-03-01T11:30:00.000Z'));
    assert.equal(slots.at(-1), '2027-03-01T12:00:00.000Z');
  });

  it('offers nothing for an unknown time zone, an empty window, or beyond 31 days', () => {
    const hours: OpeningPeriod[] = [{ day: 1, open: '09:00', close: '17:00' }];
    assert.deepEqual(day('2027-03-01', [agent(hours, 'Mars/Olympus')]), []);
    const from = at('2027-03-01T00:00:00.000Z');
    assert.deepEqual(
      freeSlots({ durationMinutes: 30, from, until: from, now: 0, agents: [agent(hours)] }),
      [],
    );
    const long = freeSlots({
      durationMinutes: 480,
      from,
      until: from + 60 * DAY,
      now: 0,
      agents: [agent(hours)],
    });
    // Mondays in 31 days from a Monday: 1, 8, 15, 22, 29 March.
    assert.equal(long.length, 5);
    assert.ok(Date.parse(long.at(-1)!.start) < from + MAX_SLOT_DAYS * DAY);
  });
});
