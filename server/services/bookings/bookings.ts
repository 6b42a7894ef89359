/**
 * Bookings: the org's published services, their free slots, booking one, the link's holder
 * looking it up, and the booked agent's list and cancelling.
 *
 * Every id is looked up within the org; an unpublished service is "not found" to visitors. A
 * booking is only taken for a slot `freeSlots` would offer for that agent now; whether the time
 * is still free is decided by the store's transaction, so of two visitors booking one time
 * exactly one gets it and the other hears `conflict`.
 */
import { randomUUID } from 'node:crypto';

import { ErrorCode } from '../../../src/protocol/frames.js';
import type {
  BookingService as BookingServiceInfo,
  BookingSlot,
  BookingVisitor,
} from '../../../src/protocol/frames.js';
import type { Bus } from '../../bus/bus.js';
import { HubError } from '../../errors.js';
import type { BookingRecord, BookingServiceRecord, BookingStore } from '../../store/booking-store.js';
import type { AgentRecord } from '../../store/store.js';
import type { AgentService } from '../agents.js';
import { newConnectId } from './connect-id.js';
import { BOOKING_LEAD_MINUTES, freeSlots } from './slots.js';
import type { SlotAgent } from './slots.js';
import { checkBookingVisitor, checkTimeZone } from './visitor-details.js';
import type { BookingView } from './views.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

const NO_SERVICE = 'No such booking service.';
const NO_BOOKING = 'No such booking.';
const TAKEN = 'That time has just been booked: pick another.';

export interface SlotsRequest {
  serviceId: string;
  /** ISO instant, already validated. */
  from: string;
  days: number;
  resourceId?: string;
}

export interface CreateRequest {
  serviceId: string;
  start: string;
  agentId: string;
  visitor: BookingVisitor;
  timeZone: string;
}

const iso = (millis: number): string => new Date(millis).toISOString();

export class Bookings {
  readonly #store: BookingStore;
  readonly #agents: AgentService;
  readonly #bus: Bus;
  readonly #now: () => number;

  constructor(deps: { store: BookingStore; agents: AgentService; bus: Bus; now?: () => number }) {
    this.#store = deps.store;
    this.#agents = deps.agents;
    this.#bus = deps.bus;
    this.#now = deps.now ?? Date.now;
  }

  /** Published services in the org's order; with `serviceIds`, only those (unknown ids are skipped). */
  async services(orgId: string, serviceIds?: readonly string[]): Promise<BookingServiceInfo[]> {
    const wanted = serviceIds === undefined ? null : new Set(serviceIds);
    return (await this.#store.listBookingServices(orgId))
      .filter((service) => service.published && (wanted === null || wanted.has(service.id)))
      .map((service) => ({
        serviceId: service.id,
        name: service.name,
        description: service.description,
        durationMinutes: service.durationMinutes,
      }));
  }

  /** Free slots of a published service; `resourceId` narrows to that agent (none if it does not offer it). */
  async slots(orgId: string, request: SlotsRequest): Promise<BookingSlot[]> {
    const service = await this.#published(orgId, request.serviceId);
    let agentIds = service.agentIds;
    if (request.resourceId !== undefined) {
      const agent = await this.#agents.get(orgId, request.resourceId);
      agentIds = agentIds.filter((id) => id === agent.id);
    }
    const from = Date.parse(request.from);
    const until = from + request.days * DAY;
    // Bookings reaching into the window from before it, or out of it by a slot's length, count too.
    const agents = await this.#slotAgents(orgId, agentIds, from - DAY, until + DAY);
    return freeSlots({ durationMinutes: service.durationMinutes, from, until, now: this.#now(), agents });
  }

  /** Books a free slot for the visitor; a slot taken meanwhile is `conflict`. */
  async create(orgId: string, visitorId: string, request: CreateRequest): Promise<BookingView> {
    const visitor = checkBookingVisitor(request.visitor);
    const timeZone = checkTimeZone(request.timeZone);
    const service = await this.#published(orgId, request.serviceId);
    if (!service.agentIds.includes(request.agentId))
      throw new HubError(ErrorCode.notFound, 'No such agent offers this service.');
    const agent = await this.#agents.get(orgId, request.agentId);
    const start = Date.parse(request.start);
    const end = start + service.durationMinutes * MINUTE;

    // Is it a slot at all (on the grid, inside working hours), whatever the clock and bookings say?
    const [slotAgent] = await this.#slotAgents(orgId, [agent.id], start, start);
    const isSlot = (now: number): boolean =>
      slotAgent !== undefined &&
      freeSlots({
        durationMinutes: service.durationMinutes,
        from: start,
        until: start + 1,
        now,
        agents: [{ ...slotAgent, busy: [] }],
      }).length === 1;
    if (!isSlot(Number.NEGATIVE_INFINITY))
      throw new HubError(
        ErrorCode.notFound,
        `${agent.name} has no ${service.name} slot starting at ${iso(start)}: pick one of the offered slots.`,
      );
    if (!isSlot(this.#now()))
      throw new HubError(
        ErrorCode.conflict,
        `That time has passed or starts within ${BOOKING_LEAD_MINUTES} minutes: pick another.`,
      );

    const booking: BookingRecord = {
      id: randomUUID(),
      orgId,
      serviceId: service.id,
      agentId: agent.id,
      visitorId,
      start: iso(start),
      end: iso(end),
      status: 'confirmed',
      connectId: newConnectId(),
      visitorName: visitor.name,
      visitorEmail: visitor.email,
      visitorPhone: visitor.phone,
      timeZone,
      createdAt: iso(this.#now()),
      cancelledAt: null,
    };
    if ((await this.#store.createBooking(booking)) === 'conflict') {
      // The visitor's own resend (a reconnect lost the reply) gets the booking it already made.
      const own = await this.#ownTwin(booking);
      if (own) return { booking: own, serviceName: service.name, agent };
      throw new HubError(ErrorCode.conflict, TAKEN);
    }
    const view: BookingView = { booking, serviceName: service.name, agent };
    await this.#bus.publish('booking.changed', { orgId, view });
    return view;
  }

  /** The booking behind a connect link, confirmed or cancelled. */
  async byConnectId(orgId: string, connectId: string): Promise<BookingView> {
    const booking = await this.#store.findBookingByConnectId(orgId, connectId);
    if (!booking) throw new HubError(ErrorCode.notFound, 'No booking has this connect link.');
    return this.#view(booking);
  }

  /** The agent's bookings, confirmed and cancelled, from a day ago on, by start. */
  async listOf(orgId: string, agentId: string): Promise<BookingView[]> {
    const [bookings, services, agent] = await Promise.all([
      this.#store.listAgentBookings(orgId, agentId, iso(this.#now() - DAY)),
      this.#store.listBookingServices(orgId),
      this.#agents.get(orgId, agentId),
    ]);
    const names = new Map(services.map((service) => [service.id, service.name]));
    return bookings.map((booking) => ({ booking, serviceName: names.get(booking.serviceId) ?? '', agent }));
  }

  /** Cancels one of the agent's own bookings; anyone else's is "not found". Cancelling twice changes nothing. */
  async cancel(orgId: string, agentId: string, bookingId: string): Promise<BookingView> {
    const booking = await this.#store.getBooking(orgId, bookingId);
    if (!booking || booking.agentId !== agentId) throw new HubError(ErrorCode.notFound, NO_BOOKING);
    const changed = await this.#store.cancelBooking(orgId, bookingId, iso(this.#now()));
    const view = await this.#view((await this.#store.getBooking(orgId, bookingId)) ?? booking);
    if (changed) await this.#bus.publish('booking.changed', { orgId, view });
    return view;
  }

  async #published(orgId: string, serviceId: string): Promise<BookingServiceRecord> {
    const service = await this.#store.getBookingService(orgId, serviceId);
    if (!service?.published) throw new HubError(ErrorCode.notFound, NO_SERVICE);
    return service;
  }

  /** The agents (by id, in the org) with their hours and the confirmed bookings overlapping [from, until). */
  async #slotAgents(
    orgId: string,
    agentIds: readonly string[],
    from: number,
    until: number,
  ): Promise<SlotAgent[]> {
    if (agentIds.length === 0) return [];
    const [everyone, hours, booked] = await Promise.all([
      this.#agents.list(orgId),
      this.#store.listWorkingHours(orgId, agentIds),
      this.#store.listConfirmedBookings(orgId, agentIds, iso(from), iso(until)),
    ]);
    const names = new Map<string, AgentRecord>(everyone.map(({ agent }) => [agent.id, agent]));
    return hours.flatMap((h): SlotAgent[] => {
      const agent = names.get(h.agentId);
      if (!agent) return [];
      return [
        {
          agentId: agent.id,
          agentName: agent.name,
          timeZone: h.timeZone,
          hours: h.periods,
          busy: booked
            .filter((b) => b.agentId === agent.id)
            .map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) })),
        },
      ];
    });
  }

  /** A confirmed booking of the same visitor, service, agent and start as `booking`. */
  async #ownTwin(booking: BookingRecord): Promise<BookingRecord | null> {
    const overlapping = await this.#store.listConfirmedBookings(
      booking.orgId,
      [booking.agentId],
      booking.start,
      booking.end,
    );
    return (
      overlapping.find(
        (other) =>
          other.visitorId === booking.visitorId &&
          other.serviceId === booking.serviceId &&
          other.start === booking.start,
      ) ?? null
    );
  }

  async #view(booking: BookingRecord): Promise<BookingView> {
    const [service, agent] = await Promise.all([
      this.#store.getBookingService(booking.orgId, booking.serviceId),
      this.#agents.get(booking.orgId, booking.agentId),
    ]);
    return { booking, serviceName: service?.name ?? '', agent };
  }
}
