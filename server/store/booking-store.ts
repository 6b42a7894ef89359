/**
 * The booking part of the record (see src/protocol/booking.ts): bookable services, each agent's
 * working hours in its own time zone, and the bookings made.
 *
 * Making a booking is the one place where two visitors race: `createBooking` checks for an
 * overlapping confirmed booking of the agent and inserts in one transaction, so of two visitors
 * booking the same time exactly one gets it, even with several hub processes on one database.
 */
import type { BookingStatus } from '../../src/protocol/frames.js';
import type { OpeningPeriod } from './store.js';

export interface BookingServiceRecord {
  id: string;
  orgId: string;
  name: string;
  description: string;
  durationMinutes: number;
  /** Unpublished services are never listed nor bookable (internal ones, drafts). */
  published: boolean;
  /** Where the service is listed among the org's services. */
  position: number;
  /** The agents who offer the service, by id. */
  agentIds: string[];
}

/** When an agent takes bookings: weekly wall-clock periods in the agent's own time zone. */
export interface WorkingHoursRecord {
  orgId: string;
  agentId: string;
  /** IANA time zone the periods are written in. */
  timeZone: string;
  periods: OpeningPeriod[];
}

export interface BookingRecord {
  id: string;
  orgId: string;
  serviceId: string;
  agentId: string;
  /** The visitor who booked. */
  visitorId: string;
  /** ISO 8601 UTC instants (`toISOString`), so they compare as strings. */
  start: string;
  end: string;
  status: BookingStatus;
  /** The secret of the meeting's connect link; unique. */
  connectId: string;
  visitorName: string;
  visitorEmail: string;
  visitorPhone: string;
  /** The visitor's IANA time zone. */
  timeZone: string;
  createdAt: string;
  cancelledAt: string | null;
}

/** Why `createBooking` did not store the booking. */
export type CreateBookingOutcome = 'created' | 'conflict';

/** What a first start writes for bookings, with the rest of the seed. */
export interface BookingSeed {
  services: BookingServiceRecord[];
  workingHours: WorkingHoursRecord[];
}

export interface BookingStore {
  /** Published or not, in listing order. */
  listBookingServices(orgId: string): Promise<BookingServiceRecord[]>;
  getBookingService(orgId: string, serviceId: string): Promise<BookingServiceRecord | null>;
  /** Working hours of these agents (those that have any). */
  listWorkingHours(orgId: string, agentIds: readonly string[]): Promise<WorkingHoursRecord[]>;
  /** Confirmed bookings of these agents that overlap [from, until), any service. */
  listConfirmedBookings(
    orgId: string,
    agentIds: readonly string[],
    from: string,
    until: string,
  ): Promise<BookingRecord[]>;
  /** Inserts the booking unless a confirmed booking of the agent overlaps it (atomically). */
  createBooking(booking: BookingRecord): Promise<CreateBookingOutcome>;
  getBooking(orgId: string, bookingId: string): Promise<BookingRecord | null>;
  findBookingByConnectId(orgId: string, connectId: string): Promise<BookingRecord | null>;
  /** The agent's bookings, confirmed and cancelled, starting at or after `since`, by start. */
  listAgentBookings(orgId: string, agentId: string, since: string): Promise<BookingRecord[]>;
  /** Creates or replaces a service with the agents who offer it (the operator's CLI). */
  putBookingService(service: BookingServiceRecord): Promise<void>;
  /** Creates or replaces an agent's working hours (the operator's CLI). */
  putWorkingHours(hours: WorkingHoursRecord): Promise<void>;
  /** Confirmed → cancelled; resolves to whether this call changed it. */
  cancelBooking(orgId: string, bookingId: string, cancelledAt: string): Promise<boolean>;
}
