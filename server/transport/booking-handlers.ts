/**
 * What each booking command does (src/protocol/booking.ts): who may send it, and the service
 * call it becomes. Commands.ts hands every booking frame here, with the same rules as every
 * command (one answer per id, a repeated id answered from memory).
 *
 * Anyone on the org's socket may list services and slots (a page shows them before any hello);
 * visitors book and look a booking up by its link; the signed-in agent lists and cancels its own.
 */
import type { BookingClientFrame, CommandResults } from '../../src/protocol/frames.js';
import type { AgentService } from '../services/agents.js';
import type { Bookings, CreateRequest, SlotsRequest } from '../services/bookings/bookings.js';
import { bookingFor } from '../services/bookings/views.js';
import type { BookingView } from '../services/bookings/views.js';
import type { VisitorLimits } from '../services/limits/visitor-limits.js';
import type { Connection } from './connection.js';
import type { ConnectionRegistry } from './connections.js';
import { requireLiveAgent, requireVisitor, visitorActs } from './parties.js';
import type { VisitorService } from '../services/visitors.js';

export interface BookingHandlerDeps {
  agents: AgentService;
  registry: ConnectionRegistry;
  bookings: Bookings;
  /** Rate limits on visitors' bookings (none: unlimited). */
  limits?: VisitorLimits;
  /** Writes a visitor's row when it first acts. */
  visitors?: VisitorService;
}

const AGENTS_ARE_NOT_VISITORS = 'Signed-in agents cannot book as visitors.';

export class BookingHandlers {
  readonly #deps: BookingHandlerDeps;

  constructor(deps: BookingHandlerDeps) {
    this.#deps = deps;
  }

  /** A switch keeps each frame type paired with its handler's type. */
  async run(connection: Connection, frame: BookingClientFrame): Promise<unknown> {
    const { bookings } = this.#deps;
    const orgId = connection.orgId;
    switch (frame.type) {
      case 'booking.services':
        return {
          services: await bookings.services(orgId, frame.serviceIds),
        } satisfies CommandResults['booking.services'];
      case 'booking.slots': {
        const request: SlotsRequest = { serviceId: frame.serviceId, from: frame.from, days: frame.days };
        if (frame.resourceId !== undefined) request.resourceId = frame.resourceId;
        return { slots: await bookings.slots(orgId, request) } satisfies CommandResults['booking.slots'];
      }
      case 'booking.create': {
        const visitorId = requireVisitor(connection, AGENTS_ARE_NOT_VISITORS);
        const { serviceId, start, agentId, visitor, timeZone } = frame;
        const request: CreateRequest = { serviceId, start, agentId, visitor, timeZone };
        const charge = await this.#deps.limits?.booking(orgId, visitorId, visitor.email, connection.ip);
        const view = await visitorActs(connection, this.#deps.visitors)
          .then(() => bookings.create(orgId, visitorId, request))
          .catch(async (error: unknown) => {
            await charge?.refund();
            throw error;
          });
        return { booking: this.#booking(connection, view) } satisfies CommandResults['booking.create'];
      }
      case 'booking.byConnectId': {
        requireVisitor(connection, AGENTS_ARE_NOT_VISITORS);
        const view = await bookings.byConnectId(orgId, frame.connectId);
        return { booking: this.#booking(connection, view) } satisfies CommandResults['booking.byConnectId'];
      }
      case 'bookings.list': {
        const { agentId } = await this.#liveAgent(connection);
        const views = await bookings.listOf(orgId, agentId);
        return {
          bookings: views.map((view) => this.#booking(connection, view)),
        } satisfies CommandResults['bookings.list'];
      }
      case 'booking.cancel': {
        const { agentId } = await this.#liveAgent(connection);
        const view = await bookings.cancel(orgId, agentId, frame.bookingId);
        return { booking: this.#booking(connection, view) } satisfies CommandResults['booking.cancel'];
      }
    }
  }

  #booking(connection: Connection, view: BookingView) {
    return bookingFor(view, this.#deps.agents, connection.baseUrl);
  }

  #liveAgent(connection: Connection) {
    return requireLiveAgent(connection, this.#deps.agents, this.#deps.registry);
  }
}
