/**
 * How tickets and calls look on the wire: the visitor's Ticket, the agents' QueueTicket and each
 * party's CallInfo, built from the records. Pure; the numbers (place, wait) come from
 * ticket-order.ts.
 */
import type {
  AgentStatus,
  CallAgent,
  CallInfo,
  IceServer,
  QueueTicket,
  Ticket,
} from '../../src/protocol/frames.js';
import type { AgentRecord, CallRecord, QueueRecord, TicketRecord } from '../store/store.js';
import { mayTake, placeOf, ticketWait } from './ticket-order.js';

/** A call with what its parties need to see of it; plain JSON, so it can travel on the bus. */
export interface CallView {
  call: CallRecord;
  ticket: TicketRecord;
  agent: AgentRecord;
}

/** What place and waiting times depend on, read once per round of news. */
export interface LineContext {
  /** The org's waiting tickets, front first. */
  waiting: TicketRecord[];
  agents: Array<{ agent: AgentRecord; status: AgentStatus }>;
  queues: Map<string, QueueRecord>;
}

/** Place and estimated wait of a waiting ticket; nulls otherwise, or when its queue is gone. */
export function standing(
  ticket: TicketRecord,
  context: LineContext,
): { place: number | null; estimatedWaitingTime: number | null } {
  const queue = context.queues.get(ticket.queueId);
  if (ticket.status !== 'waiting' || !queue) return { place: null, estimatedWaitingTime: null };
  const place = placeOf(ticket, context.waiting);
  const eligible = context.agents.filter(
    ({ agent, status }) => status === 'online' && mayTake(agent, ticket, queue),
  ).length;
  return { place, estimatedWaitingTime: ticketWait(place, eligible, queue) };
}

export function ticketView(ticket: TicketRecord, context: LineContext): Ticket {
  const { place, estimatedWaitingTime } = standing(ticket, context);
  return {
    ticketId: ticket.id,
    queueId: ticket.queueId,
    status: ticket.status,
    place,
    estimatedWaitingTime,
    callAgentId: ticket.callAgentId,
    productIds: [...ticket.productIds],
    joinedAt: ticket.joinedAt,
    callId: ticket.status === 'in-call' ? ticket.callId : null,
    endReason: ticket.endReason,
    canRejoin: ticket.canRejoin,
  };
}

export function queueTicketView(ticket: TicketRecord, context: LineContext): QueueTicket {
  return {
    ticketId: ticket.id,
    queueId: ticket.queueId,
    queueName: context.queues.get(ticket.queueId)?.name ?? ticket.queueId,
    place: placeOf(ticket, context.waiting),
    joinedAt: ticket.joinedAt,
    callAgentId: ticket.callAgentId,
    productIds: [...ticket.productIds],
    agentTags: [...ticket.agentTags],
    data: ticket.data,
    trackingTags: ticket.trackingTags,
    priority: ticket.priority,
  };
}

/** The waiting tickets `agent` may take, front first. */
export function ticketsFor(agent: AgentRecord, context: LineContext): QueueTicket[] {
  return context.waiting
    .filter((ticket) => {
      const queue = context.queues.get(ticket.queueId);
      return queue !== undefined && mayTake(agent, ticket, queue);
    })
    .map((ticket) => queueTicketView(ticket, context));
}

export interface Receiver {
  role: 'visitor' | 'agent';
  /** The agent as this receiver sees it (photo URL against its base URL). */
  agent: CallAgent;
  iceServers: IceServer[];
}

/** The call as one party sees it: only the agent gets the page's data and tracking tags. */
export function callInfo(view: CallView, receiver: Receiver): CallInfo {
  const { call, ticket } = view;
  const forAgent = receiver.role === 'agent';
  return {
    callId: call.id,
    ticketId: ticket.id,
    queueId: ticket.queueId,
    status: call.endedAt === null ? 'active' : 'ended',
    agent: receiver.agent,
    startedAt: call.startedAt,
    endedAt: call.endedAt,
    endReason: call.endReason,
    transferredTo:
      call.endReason === 'transferred'
        ? { agentId: call.transferredToAgentId, queueId: call.transferredToQueueId }
        : null,
    productIds: [...ticket.productIds],
    data: forAgent ? ticket.data : {},
    trackingTags: forAgent ? ticket.trackingTags : [],
    role: receiver.role,
    iceServers: receiver.iceServers,
  };
}
