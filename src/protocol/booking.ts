/**
 * The booking part of the protocol (version 1): booking services, free slots, bookings and their
 * connect links, as the Bambuser seed's booking options (001) describe them.
 */
import type { CallAgent } from './frames.js';

/** A bookable service: "Style advice, 30 minutes". */
export interface BookingService {
  serviceId: string;
  name: string;
  description: string;
  durationMinutes: number;
}

/** A free slot: an agent free for the service's whole length. Instants are ISO 8601 UTC. */
export interface BookingSlot {
  start: string;
  end: string;
  agentId: string;
  agentName: string;
}

export interface BookingVisitor {
  name: string;
  email: string;
  /** International format (E.164), normalised in the browser and checked by the hub. */
  phone: string;
}

export type BookingStatus = 'confirmed' | 'cancelled';

export interface Booking {
  bookingId: string;
  serviceId: string;
  serviceName: string;
  agent: CallAgent;
  start: string;
  end: string;
  status: BookingStatus;
  /** The secret in the meeting's connect link (`?bambuserConnectId=`): whoever has it may join. */
  connectId: string;
  /** The visitor's IANA time zone, for the confirmation's wording. */
  timeZone: string;
  createdAt: string;
  /** Only agents and the link's holder receive the visitor's details. */
  visitor: BookingVisitor;
}

interface BookingCommand<T extends string> {
  v: 1;
  type: T;
  id: string;
}

/** The org's published services, optionally only these ids (`booking-service-ids`). */
export interface BookingServicesFrame extends BookingCommand<'booking.services'> {
  serviceIds?: string[];
}

/**
 * Free slots of a service from `from` (ISO instant) for `days` days (at most 31), computed from the
 * agents' working hours in their own time zones and the bookings already made; optionally for one
 * resource (an agent id, `booking-resource-id`).
 */
export interface BookingSlotsFrame extends BookingCommand<'booking.slots'> {
  serviceId: string;
  from: string;
  days: number;
  resourceId?: string;
}

/** Books a slot. A slot taken meanwhile is `conflict`: exactly one of two visitors gets it. */
export interface BookingCreateFrame extends BookingCommand<'booking.create'> {
  serviceId: string;
  start: string;
  agentId: string;
  visitor: BookingVisitor;
  timeZone: string;
}

/** A booking by its connect id (the link's holder), to join or to see that it was cancelled. */
export interface BookingByConnectIdFrame extends BookingCommand<'booking.byConnectId'> {
  connectId: string;
}

/** The signed-in agent's upcoming bookings. */
export type BookingsListFrame = BookingCommand<'bookings.list'>;

/** An agent cancels one of their bookings (the visitor's link then says so). */
export interface BookingCancelFrame extends BookingCommand<'booking.cancel'> {
  bookingId: string;
}

export type BookingClientFrame =
  | BookingServicesFrame
  | BookingSlotsFrame
  | BookingCreateFrame
  | BookingByConnectIdFrame
  | BookingsListFrame
  | BookingCancelFrame;

export interface BookingCommandResults {
  'booking.services': { services: BookingService[] };
  'booking.slots': { slots: BookingSlot[] };
  'booking.create': { booking: Booking };
  'booking.byConnectId': { booking: Booking };
  'bookings.list': { bookings: Booking[] };
  'booking.cancel': { booking: Booking };
}

/** To the booked agent's connections: a booking of theirs was made or cancelled. */
export interface BookingStateFrame {
  v: 1;
  type: 'booking.state';
  booking: Booking;
}

export type BookingHubFrame = BookingStateFrame;
