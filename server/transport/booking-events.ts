/**
 * Carries booking news from the bus to this process's connections: `booking.state` to every
 * connection of the booked agent, each with the agent's photo URL against its own base URL.
 */
import { PROTOCOL_VERSION } from '../../src/protocol/frames.js';
import type { Bus } from '../bus/bus.js';
import type { AgentService } from '../services/agents.js';
import { bookingFor } from '../services/bookings/views.js';
import type { ConnectionRegistry } from './connections.js';

export function forwardBookingEvents(
  bus: Bus,
  registry: ConnectionRegistry,
  agents: AgentService,
): () => void {
  return bus.subscribe('booking.changed', ({ orgId, view }) => {
    for (const connection of registry.agentConnections(orgId, view.booking.agentId)) {
      const booking = bookingFor(view, agents, connection.baseUrl);
      connection.sendEvent({ v: PROTOCOL_VERSION, type: 'booking.state', booking });
    }
  });
}
