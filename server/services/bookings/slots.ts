/**
 * Free booking slots, pure: agents' weekly working hours (each in the agent's own IANA zone),
 * their confirmed bookings, a service length, a window and a clock → the slots a visitor may book.
 *
 * Working days are walked in the agent's zone with luxon and each period's ends are resolved to
 * real instants day by day, so across a daylight-saving change a 09:00–17:00 day is still 8 hours
 * and its 09:00 slot moves by an hour in UTC. Slots start on the half hours of the agent's wall
 * clock (:00 and :30), last the service's length, fit wholly inside working hours, start at least
 * `BOOKING_LEAD_MINUTES` after now, and overlap none of the agent's confirmed bookings.
 */
import { DateTime, IANAZone } from 'luxon';

import type { BookingSlot } from '../../../src/protocol/frames.js';
import type { OpeningPeriod } from '../../store/store.js';

/** Slots start on this grid of the agent's wall clock. */
export const SLOT_GRID_MINUTES = 30;
/** A slot must start at least this long after now: time to get ready, and to get the link. */
export const BOOKING_LEAD_MINUTES = 15;
/** The longest window one query may ask for (the protocol's `days`). */
export const MAX_SLOT_DAYS = 31;

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Every zone's offset is a whole number of quarter hours, so stepping by this meets every grid point. */
const STEP = 15 * MINUTE;

export interface Interval {
  /** Epoch milliseconds; `end` excluded. */
  start: number;
  end: number;
}

export interface SlotAgent {
  agentId: string;
  agentName: string;
  /** IANA zone the hours are written in. */
  timeZone: string;
  hours: readonly OpeningPeriod[];
  /** Confirmed bookings of the agent, any service. */
  busy: readonly Interval[];
}

export interface SlotQuery {
  durationMinutes: number;
  /** Slots starting in [from, until), epoch milliseconds. */
  from: number;
  until: number;
  now: number;
  agents: readonly SlotAgent[];
}

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** Minutes after local midnight, or null when not `HH:mm` (00:00–24:00). */
function minutesOf(time: string): number | null {
  const match = TIME.exec(time);
  if (!match) return null;
  return Number(match[1] ?? match[3]) * 60 + Number(match[2] ?? match[4]);
}

/**
 * The instant of the wall-clock time `minutes` after the start of `day` in its zone. Days are
 * stepped by calendar and the wall time set afterwards, so luxon resolves it with that day's
 * offset. (A time the clocks skip becomes the moment after the jump, luxon's rule; working hours
 * rarely start in the small hours.)
 */
function wallClock(day: DateTime, minutes: number): number {
  const date = day.plus({ days: Math.floor(minutes / 1440) });
  return DateTime.fromObject(
    {
      year: date.year,
      month: date.month,
      day: date.day,
      hour: Math.floor((minutes % 1440) / 60),
      minute: minutes % 60,
    },
    { zone: day.zone },
  ).toMillis();
}

/** The agent's working intervals that may hold a slot starting in [from, until), merged. */
function workingIntervals(agent: SlotAgent, from: number, until: number): Interval[] {
  const zone = IANAZone.create(agent.timeZone);
  // A day earlier than `from`'s local date: a period running past midnight reaches into the window.
  let day = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromMillis(until, { zone }).startOf('day');
  const found: Interval[] = [];
  for (; day <= last; day = day.plus({ days: 1 })) {
    for (const period of agent.hours) {
      if (period.day !== day.weekday) continue;
      const open = minutesOf(period.open);
      const close = minutesOf(period.close);
      // Malformed periods are skipped rather than taking the agent's whole week away.
      if (open === null || close === null || open === 1440) continue;
      // A close at or before the open runs past midnight into the next day.
      const start = wallClock(day, open);
      const end = wallClock(day, close > open ? close : close + 1440);
      if (end > start) found.push({ start, end });
    }
  }
  found.sort((a, b) => a.start - b.start);
  // Back-to-back periods (09–12, 12–17) are one stretch: a slot may run across the seam.
  const merged: Interval[] = [];
  for (const interval of found) {
    const previous = merged.at(-1);
    if (previous && interval.start <= previous.end) previous.end = Math.max(previous.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** Whether the instant is on the :00/:30 grid of the zone's wall clock. */
function onGrid(zone: IANAZone, instant: number): boolean {
  const localMinutes = Math.floor(instant / MINUTE) + zone.offset(instant);
  return ((localMinutes % SLOT_GRID_MINUTES) + SLOT_GRID_MINUTES) % SLOT_GRID_MINUTES === 0;
}

const byName = new Intl.Collator('en', { sensitivity: 'base' });
const iso = (millis: number): string => new Date(millis).toISOString();

/** One agent's free slots in the window; an agent with an unknown time zone has none. */
function slotsOf(agent: SlotAgent, query: SlotQuery, earliest: number): BookingSlot[] {
  if (!IANAZone.isValidZone(agent.timeZone)) return [];
  const zone = IANAZone.create(agent.timeZone);
  const length = query.durationMinutes * MINUTE;
  const slots: BookingSlot[] = [];
  for (const interval of workingIntervals(agent, query.from, query.until)) {
    for (let start = Math.ceil(interval.start / STEP) * STEP; start + length <= interval.end; start += STEP) {
      if (start < earliest || start >= query.until) continue;
      if (!onGrid(zone, start)) continue;
      const end = start + length;
      if (agent.busy.some((busy) => busy.start < end && busy.end > start)) continue;
      slots.push({ start: iso(start), end: iso(end), agentId: agent.agentId, agentName: agent.agentName });
    }
  }
  return slots;
}

/** Every agent's free slots, by start, then agent name (then id, for a total order). */
export function freeSlots(query: SlotQuery): BookingSlot[] {
  if (!(query.durationMinutes > 0) || !(query.until > query.from)) return [];
  // Never more than the longest window, whatever a caller passes.
  const bounded = { ...query, until: Math.min(query.until, query.from + MAX_SLOT_DAYS * DAY) };
  const earliest = Math.max(bounded.from, bounded.now + BOOKING_LEAD_MINUTES * MINUTE);
  return bounded.agents
    .flatMap((agent) => slotsOf(agent, bounded, earliest))
    .sort(
      (a, b) =>
        Date.parse(a.start) - Date.parse(b.start) ||
        byName.compare(a.agentName, b.agentName) ||
        (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0),
    );
}
