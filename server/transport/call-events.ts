/**
 * Carries the line's news from the bus to this process's connections: `ticket.state` to the
 * visitor's connections, `call.state` to each party (its own CallInfo: role, URLs and ICE servers
 * per receiver), `call.offered` and `tickets.diff` to watching agents, and relayed signalling to
 * the other party only.
 *
 * Handlers that send are synchronous, so frames leave in the order the bus delivered them (an
 * offer before its candidates, a call's start before its signals).
 */
import { PROTOCOL_VERSION } from '../../src/protocol/frames.js';
import type { Bus } from '../bus/bus.js';
import type { CallService } from '../services/calls.js';
import type { ConnectionRegistry } from './connections.js';
import type { TicketsWatch } from './tickets-watch.js';

export function forwardCallEvents(
  bus: Bus,
  registry: ConnectionRegistry,
  calls: CallService,
  watch: TicketsWatch,
): () => void {
  const stops = [
    bus.subscribe('ticket.changed', ({ orgId, visitorId, ticket }) => {
      for (const connection of registry.visitorConnections(orgId, visitorId)) {
        connection.sendEvent({ v: PROTOCOL_VERSION, type: 'ticket.state', ticket });
      }
    }),

    bus.subscribe('call.changed', ({ orgId, view, to }) => {
      for (const connection of registry.agentConnections(orgId, view.call.agentId)) {
        const call = calls.info(view, 'agent', connection.baseUrl);
        connection.sendEvent({ v: PROTOCOL_VERSION, type: 'call.state', call });
      }
      if (to !== 'both') return;
      for (const connection of registry.visitorConnections(orgId, view.ticket.visitorId)) {
        const call = calls.info(view, 'visitor', connection.baseUrl);
        connection.sendEvent({ v: PROTOCOL_VERSION, type: 'call.state', call });
      }
    }),

    bus.subscribe('call.offered', ({ orgId, agentIds, offer }) => {
      for (const agentId of agentIds) {
        for (const connection of registry.agentConnections(orgId, agentId)) {
          if (!watch.isWatching(connection, agentId)) continue;
          connection.sendEvent({ v: PROTOCOL_VERSION, type: 'call.offered', ...offer });
        }
      }
    }),

    bus.subscribe('call.relayed', ({ orgId, to, frame }) => {
      for (const connection of registry.partyConnections({ orgId, ...to })) connection.sendEvent(frame);
    }),

    bus.subscribe('tickets.changed', ({ orgId }) => watch.refresh(orgId)),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
