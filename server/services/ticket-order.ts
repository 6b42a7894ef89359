/**
 * The rules of the line, pure: which ticket comes first, which agent may take which ticket, a
 * waiting ticket's place, and its estimated wait.
 */
import type { AgentRecord, QueueRecord, TicketRecord } from '../store/store.js';
import { estimatedWaitingTime, serves } from './queues.js';

/** FIFO with the front reserved: priority tickets first, then by joining time. */
export function compareTickets(a: TicketRecord, b: TicketRecord): number {
  if (a.priority !== b.priority) return a.priority ? -1 : 1;
  if (a.joinedAt !== b.joinedAt) return a.joinedAt < b.joinedAt ? -1 : 1;
  return a.seq - b.seq;
}

/**
 * Whether the agent may take the ticket. A routed ticket is for its agent alone, whatever the
 * queue's tag: the page chose that agent (checked at join), or a colleague transferred to them.
 * Otherwise the agent must serve the queue and carry every tag the page asked for.
 */
export function mayTake(agent: AgentRecord, ticket: TicketRecord, queue: QueueRecord): boolean {
  if (ticket.callAgentId !== null) return ticket.callAgentId === agent.id;
  return serves(agent, queue) && ticket.agentTags.every((tag) => agent.tags.includes(tag));
}

/**
 * 1-based place of a waiting ticket among `waiting` (in line order): the tickets ahead that the
 * same agents could take, so same queue and, for a routed ticket, those routed to its agent or to
 * nobody (a ticket routed to someone else does not hold it up).
 *
 * Every place in a list is worked out in one pass and kept with the list (lists are fresh arrays
 * never changed afterwards), so the places of a long line cost O(n), not O(n²).
 */
export function placeOf(ticket: TicketRecord, waiting: readonly TicketRecord[]): number {
  let places = placesCache.get(waiting);
  if (!places) {
    places = placesIn(waiting);
    placesCache.set(waiting, places);
  }
  return places.get(ticket.id) ?? countAhead(ticket, waiting) + 1;
}

/** The tickets ahead of one, counted one by one (for a ticket not in the list). */
function countAhead(ticket: TicketRecord, waiting: readonly TicketRecord[]): number {
  let ahead = 0;
  for (const other of waiting) {
    if (other.id === ticket.id) break;
    if (other.queueId !== ticket.queueId) continue;
    if (ticket.callAgentId !== null && other.callAgentId !== null && other.callAgentId !== ticket.callAgentId)
      continue;
    ahead++;
  }
  return ahead;
}

const placesCache = new WeakMap<readonly TicketRecord[], Map<string, number>>();

function placesIn(waiting: readonly TicketRecord[]): Map<string, number> {
  const places = new Map<string, number>();
  /** Per queue: tickets routed to nobody so far, and those routed to each agent. */
  const unrouted = new Map<string, number>();
  const routed = new Map<string, Map<string, number>>();
  for (const ticket of waiting) {
    if (places.has(ticket.id)) continue;
    const free = unrouted.get(ticket.queueId) ?? 0;
    let byAgent = routed.get(ticket.queueId);
    if (!byAgent) routed.set(ticket.queueId, (byAgent = new Map()));
    if (ticket.callAgentId === null) {
      let all = free;
      for (const count of byAgent.values()) all += count;
      places.set(ticket.id, all + 1);
      unrouted.set(ticket.queueId, free + 1);
    } else {
      const mine = byAgent.get(ticket.callAgentId) ?? 0;
      places.set(ticket.id, free + mine + 1);
      byAgent.set(ticket.callAgentId, mine + 1);
    }
  }
  return places;
}

/**
 * Seconds until the ticket's turn: the visitors ahead of it shared among the agents who may take it,
 * so that the first in line with an agent online waits (about) nothing, as the queue's own estimate says.
 */
export function ticketWait(place: number, eligibleOnline: number, queue: QueueRecord): number | null {
  return estimatedWaitingTime(place - 1, eligibleOnline, queue.averageHandleSeconds);
}
