/**
 * Opening hours, pure: weekly wall-clock periods in an IANA zone + an instant → open now or not,
 * and the next opening and closing instants in UTC.
 *
 * Periods are turned into real instants day by day with luxon, so a day that is 23 or 25 hours
 * long (daylight-saving changes) gets its opening at the right UTC instant. A time that falls
 * into a skipped hour means the first valid local time after it (the jump); a time that occurs
 * twice means its first occurrence.
 */
import { DateTime, IANAZone } from 'luxon';

import type { OpeningPeriod } from '../store/store.js';

/** How far ahead the next opening or closing is looked for. */
export const LOOKAHEAD_DAYS = 8;

export interface OpeningStatus {
  isOpen: boolean;
  /** ISO 8601 UTC; null when always open or when no opening lies within the look-ahead. */
  nextOpenTime: string | null;
  /** ISO 8601 UTC; null when always open or when no closing lies within the look-ahead. */
  nextCloseTime: string | null;
}

interface Interval {
  start: number;
  end: number;
}

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** Minutes after local midnight, or null when not `HH:mm` (00:00–24:00). */
function minutesOf(time: string): number | null {
  const match = TIME.exec(time);
  if (!match) return null;
  const hours = Number(match[1] ?? match[3]);
  const minutes = Number(match[2] ?? match[4]);
  return hours * 60 + minutes;
}

/** The instant of a local wall-clock time `minutes` after the start of `day` in its zone. */
function at(day: DateTime, minutes: number): number {
  // Days are stepped by calendar, then the wall time is set: luxon resolves it in the zone,
  // which is what makes daylight-saving days come out right.
  const date = day.plus({ days: Math.floor(minutes / 1440) });
  const hour = Math.floor((minutes % 1440) / 60);
  const minute = minutes % 60;
  const resolved = DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour, minute },
    { zone: day.zone },
  );
  if (resolved.hour === hour && resolved.minute === minute) {
    // A wall time the clocks pass twice (they were set back) means its first occurrence.
    const candidates = resolved.getPossibleOffsets().map((candidate) => candidate.toMillis());
    return candidates.length > 0 ? Math.min(...candidates) : resolved.toMillis();
  }
  // The wall time does not exist (the clocks jumped over it); luxon moved it on by the length of
  // the jump. The first valid local time after it is the jump itself, which lies between the two.
  const zone = day.zone;
  const after = resolved.offset;
  let low = resolved.toMillis() - Math.abs(after - zone.offset(resolved.toMillis() - 86_400_000)) * 60_000;
  let high = resolved.toMillis();
  while (high - low > 60_000) {
    const middle = low + Math.floor((high - low) / 120_000) * 60_000;
    if (zone.offset(middle) === after) high = middle;
    else low = middle;
  }
  return high;
}

/**
 * Every opening interval from the day before `now` to `days` days after it, merged, and the
 * instant the last of those days ends (an interval reaching it may go on beyond).
 */
function intervals(
  periods: readonly OpeningPeriod[],
  zone: string,
  now: number,
  days: number,
): { merged: Interval[]; builtUntil: number } {
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const found: Interval[] = [];
  for (let offset = -1; offset <= days; offset++) {
    const day = today.plus({ days: offset });
    for (const period of periods) {
      if (period.day !== day.weekday) continue;
      const open = minutesOf(period.open);
      const close = minutesOf(period.close);
      // Malformed periods are skipped rather than closing the whole queue.
      if (open === null || close === null || open === 1440) continue;
      // A close at or before the open runs past midnight into the next day.
      const start = at(day, open);
      const end = at(day, close > open ? close : close + 1440);
      if (end > start) found.push({ start, end });
    }
  }
  found.sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of found) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return { merged, builtUntil: at(today.plus({ days: days + 1 }), 0) };
}

const iso = (millis: number): string => new Date(millis).toISOString();

/**
 * Whether a queue with these weekly hours is open at `now`, and when it next opens and closes.
 * `hours === null` means always open. While open, `nextOpenTime` is the opening after the
 * current period closes.
 */
export function openingStatus(
  hours: readonly OpeningPeriod[] | null,
  timeZone: string,
  now: Date | number,
): OpeningStatus {
  if (hours === null) return { isOpen: true, nextOpenTime: null, nextCloseTime: null };
  if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`Unknown time zone "${timeZone}".`);
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const horizon = nowMs + LOOKAHEAD_DAYS * 86_400_000;
  // One day more than the look-ahead is built, so a period that reaches the horizon is seen whole.
  const { merged: all, builtUntil } = intervals(hours, timeZone, nowMs, LOOKAHEAD_DAYS + 1);
  // An interval still running when the built days end has no known close within the look-ahead.
  const closeOf = (interval: Interval): string | null =>
    interval.end >= builtUntil ? null : iso(interval.end);

  const current = all.find((interval) => interval.start <= nowMs && nowMs < interval.end);
  if (current) {
    const next = all.find((interval) => interval.start > current.end && interval.start <= horizon);
    return { isOpen: true, nextOpenTime: next ? iso(next.start) : null, nextCloseTime: closeOf(current) };
  }
  const next = all.find((interval) => interval.start > nowMs && interval.start <= horizon);
  return {
    isOpen: false,
    nextOpenTime: next ? iso(next.start) : null,
    nextCloseTime: next ? closeOf(next) : null,
  };
}

/** The next instant the open/closed answer changes, or null when it never does. */
export function nextTransition(status: OpeningStatus): string | null {
  return status.isOpen ? status.nextCloseTime : status.nextOpenTime;
}
