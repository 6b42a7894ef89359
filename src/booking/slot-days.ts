import type { BookingSlot } from '../protocol/booking.js';

/** A part of a day a slot falls in, in the visitor's time zone: before 12, before 17, later. */
export type DayPart = 'morning' | 'afternoon' | 'evening';

export interface SlotDay {
  /** `YYYY-MM-DD` in the time zone. */
  key: string;
  /** Noon of that day, as an instant: what day labels are formatted from. */
  noon: Date;
  slots: BookingSlot[];
  parts: { part: DayPart; slots: BookingSlot[] }[];
}

/**
 * The free slots by day and part of day, in the given IANA time zone (slots come in time order and
 * keep it). Days without a free slot are left out.
 */
export function slotDays(slots: readonly BookingSlot[], timeZone: string): SlotDay[] {
  const dayOf = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const hourOf = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' });
  const days = new Map<string, SlotDay>();
  for (const slot of slots) {
    const instant = new Date(slot.start);
    const key = dayOf.format(instant);
    let day = days.get(key);
    if (!day) {
      day = { key, noon: new Date(`${key}T12:00:00Z`), slots: [], parts: [] };
      days.set(key, day);
    }
    day.slots.push(slot);
    const hour = Number(hourOf.format(instant));
    const part: DayPart = hour < 12 ? 'morning' : hour < 17 ? 'afternoon' : 'evening';
    let group = day.parts.find((p) => p.part === part);
    if (!group) {
      group = { part, slots: [] };
      day.parts.push(group);
    }
    group.slots.push(slot);
  }
  return [...days.values()];
}

/** The time zones a visitor can pick, with theirs first (a short list where the browser has none). */
export function timeZones(own: string): string[] {
  const all =
    typeof Intl.supportedValuesOf === 'function'
      ? Intl.supportedValuesOf('timeZone')
      : ['UTC', 'Europe/London', 'Europe/Stockholm', 'America/New_York', 'Asia/Tokyo'];
  return [own, ...all.filter((z) => z !== own)];
}
