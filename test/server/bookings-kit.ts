/**
 * Helpers for the booking tests against a real hub: days and wall-clock times to book at,
 * finding free slots, booking them, and waiting for `booking.state`.
 */
import { DateTime } from 'luxon';

import type {
  Booking,
  BookingSlot,
  BookingVisitor,
  CommandResults,
  HubFrame,
} from '../../src/protocol/frames.js';
import type { Command, TestClient } from './client.js';

export type CreateCommand = Extract<Command, { type: 'booking.create' }>;
type SlotsCommand = Extract<Command, { type: 'booking.slots' }>;

export const VISITOR: BookingVisitor = {
  name: 'Vera Visitor',
  email: 'vera@example.com',
  phone: '+46701234567',
};

/** Midnight UTC of the first Wednesday at least `after` days from now: a working day for all three. */
export function wednesday(after = 2): DateTime {
  let day = DateTime.utc().startOf('day').plus({ days: after });
  while (day.weekday !== 3) day = day.plus({ days: 1 });
  return day;
}

/** The instant of wall-clock `time` (`HH:mm`) on `day`'s date in `zone`, as the hub writes instants. */
export function localInstant(day: DateTime, zone: string, time: string): string {
  const [hour, minute] = time.split(':').map(Number);
  const local = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour, minute },
    { zone },
  );
  return new Date(local.toMillis()).toISOString();
}

export const plusMinutes = (instant: string, minutes: number): string =>
  new Date(Date.parse(instant) + minutes * 60_000).toISOString();

export async function slots(
  client: TestClient,
  serviceId: string,
  from: string,
  days: number,
  extra: Omit<SlotsCommand, 'type' | 'serviceId' | 'from' | 'days'> = {},
): Promise<BookingSlot[]> {
  return (
    await client.ok<CommandResults['booking.slots']>({
      type: 'booking.slots',
      serviceId,
      from,
      days,
      ...extra,
    })
  ).slots;
}

export function createCommand(
  serviceId: string,
  agentId: string,
  start: string,
  visitor: BookingVisitor = VISITOR,
): CreateCommand {
  return { type: 'booking.create', serviceId, agentId, start, visitor, timeZone: 'Europe/Stockholm' };
}

export async function book(
  client: TestClient,
  serviceId: string,
  agentId: string,
  start: string,
  visitor: BookingVisitor = VISITOR,
): Promise<Booking> {
  return (
    await client.ok<CommandResults['booking.create']>(createCommand(serviceId, agentId, start, visitor))
  ).booking;
}

/** The first `booking.state` from `from` on that satisfies `accept`. */
export async function bookingState(
  client: TestClient,
  accept: (booking: Booking) => boolean,
  from = 0,
): Promise<Booking> {
  const frame = await client.waitFor(
    (f): f is HubFrame & { type: 'booking.state' } => f.type === 'booking.state' && accept(f.booking),
    from,
  );
  return frame.booking;
}
