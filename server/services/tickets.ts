/**
 * Tickets: a visitor joins a queue, waits (FIFO, with the front reserved for tickets put back),
 * updates what the agent sees, leaves, or comes back after a page reload.
 *
 * A visitor has at most one live ticket per org: joining again answers with the one it has. Every
 * ticket id is looked up within the org and for this visitor only; anyone else's is "not found".
 */
import { randomUUID } from 'node:crypto';

import { ErrorCode } from '../../src/protocol/frames.js';
import type { Ticket, TicketEndReason, TrackingTag } from '../../src/protocol/frames.js';
import { HubError } from '../errors.js';
import type { TicketRecord } from '../store/store.js';
import type { AgentService } from './agents.js';
import { ticketView } from './call-views.js';
import type { CallView } from './call-views.js';
import type { CallService } from './calls.js';
import type { PartyWatch } from './departures.js';
import type { Line } from './line.js';
import type { LineNews } from './line-news.js';
import { serves } from './queues.js';
import type { QueueService } from './queues.js';

export interface JoinRequest {
  queue: string;
  data?: Record<string, unknown>;
  trackingTags?: TrackingTag[];
  callAgentId?: string;
  productIds?: string[];
  agentTags?: string[];
  rejoinTicketId?: string;
}

export interface TicketChanges {
  data?: Record<string, unknown>;
  trackingTags?: TrackingTag[];
}

/** Duplicate keys are not kept: the last one wins, as the seed (001) says. */
export function dedupeTrackingTags(tags: readonly TrackingTag[]): TrackingTag[] {
  const byKey = new Map<string, TrackingTag['value']>();
  for (const tag of tags) byKey.set(tag.key, tag.value);
  return [...byKey].map(([key, value]) => ({ key, value }));
}

const NO_TICKET = 'No such ticket.';

export class TicketService {
  readonly #line: Line;
  readonly #queues: QueueService;
  readonly #agents: AgentService;
  readonly #news: LineNews;
  readonly #calls: CallService;
  readonly #departures: PartyWatch;

  constructor(deps: {
    line: Line;
    queues: QueueService;
    agents: AgentService;
    news: LineNews;
    calls: CallService;
    departures: PartyWatch;
  }) {
    this.#line = deps.line;
    this.#queues = deps.queues;
    this.#agents = deps.agents;
    this.#news = deps.news;
    this.#calls = deps.calls;
    this.#departures = deps.departures;
  }

  join(orgId: string, visitorId: string, request: JoinRequest): Promise<Ticket> {
    return this.#line.exclusive(orgId, async () => {
      const existing = this.#line.liveTicketOf(orgId, visitorId);
      if (existing) return this.#view(existing);

      let previous: TicketRecord | null = null;
      if (request.rejoinTicketId !== undefined) {
        previous = await this.#own(orgId, visitorId, request.rejoinTicketId);
        // Only a call the agent left earns the front; otherwise this is an ordinary join.
        if (previous.status !== 'ended' || !previous.canRejoin) previous = null;
      }
      // A rejoin returns to the queue the call was in, even if it closed meanwhile: the visitor
      // was already being served.
      const queue = previous
        ? await this.#queues.get(orgId, previous.queueId)
        : await this.#queues.resolve(orgId, request.queue);
      if (!previous && !this.#queues.isOpen(queue))
        throw new HubError(ErrorCode.conflict, 'The queue is closed');
      if (request.callAgentId !== undefined) {
        const agent = await this.#agents.get(orgId, request.callAgentId);
        if (!serves(agent, queue)) throw new HubError(ErrorCode.notFound, 'No such agent serves this queue.');
      }

      const now = new Date().toISOString();
      const ticket: TicketRecord = {
        id: randomUUID(),
        orgId,
        queueId: queue.id,
        visitorId,
        status: 'waiting',
        priority: previous !== null,
        joinedAt: previous?.joinedAt ?? now,
        seq: this.#line.nextSeq(),
        callAgentId: request.callAgentId ?? null,
        productIds: request.productIds ?? previous?.productIds ?? [],
        agentTags: request.agentTags ?? [],
        data: request.data ?? previous?.data ?? {},
        trackingTags: dedupeTrackingTags(request.trackingTags ?? previous?.trackingTags ?? []),
        callId: null,
        endReason: null,
        endedAt: null,
        canRejoin: false,
      };
      if (previous) await this.#line.rejoin({ ...previous, canRejoin: false }, ticket);
      else await this.#line.add(ticket);
      await this.#news.settle(orgId, { offered: [ticket] });
      this.#departures.review({ orgId, kind: 'visitor', id: visitorId });
      return this.#view(ticket);
    });
  }

  /** Leaves the queue; during a call, leaving hangs up. Leaving an ended ticket changes nothing. */
  leave(orgId: string, visitorId: string, ticketId: string): Promise<Ticket> {
    return this.#line.exclusive(orgId, async () => {
      const ticket = await this.#own(orgId, visitorId, ticketId);
      if (ticket.status === 'ended') return this.#view(ticket);
      const call = ticket.callId === null ? undefined : this.#line.call(orgId, ticket.callId);
      if (ticket.status === 'in-call' && call) {
        await this.#calls.endWhileHeld(call, 'visitor-hung-up', {
          kind: 'end',
          reason: 'left-queue',
          canRejoin: false,
        });
        return this.#view((await this.#line.findTicket(orgId, ticketId)) ?? ticket);
      }
      return this.#view(await this.endWhileHeld(ticket, 'left-queue'));
    });
  }

  /**
   * A freshly loaded page asks for its ticket. A call it was in cannot survive the reload (the
   * media went with the old page): the call ends as `visitor-left` and the ticket goes back to the
   * front to wait again. So the answer never holds a running call.
   */
  resume(
    orgId: string,
    visitorId: string,
    ticketId: string,
  ): Promise<{ ticket: Ticket; call: CallView | null }> {
    return this.#line.exclusive(orgId, async () => {
      const ticket = await this.#own(orgId, visitorId, ticketId);
      const call = ticket.callId === null ? undefined : this.#line.call(orgId, ticket.callId);
      if (ticket.status !== 'in-call' || !call) return { ticket: await this.#view(ticket), call: null };
      await this.#calls.endWhileHeld(call, 'visitor-left', {
        kind: 'requeue',
        queueId: ticket.queueId,
        callAgentId: ticket.callAgentId,
        agentTags: ticket.agentTags,
      });
      const back = this.#line.ticket(orgId, ticketId) ?? ticket;
      return { ticket: await this.#view(back), call: null };
    });
  }

  /** New data or tracking tags for the agent, while waiting or in the call. */
  update(orgId: string, visitorId: string, ticketId: string, changes: TicketChanges): Promise<Ticket> {
    return this.#line.exclusive(orgId, async () => {
      const ticket = await this.#own(orgId, visitorId, ticketId);
      if (ticket.status === 'ended') throw new HubError(ErrorCode.conflict, 'The ticket has ended.');
      const updated: TicketRecord = {
        ...ticket,
        data: changes.data ?? ticket.data,
        trackingTags:
          changes.trackingTags === undefined ? ticket.trackingTags : dedupeTrackingTags(changes.trackingTags),
      };
      await this.#line.save(updated);
      await this.#calls.ticketChangedWhileHeld(updated);
      await this.#news.settle(orgId);
      return this.#view(updated);
    });
  }

  /** The visitor's live ticket and running call, for a connection that just said hello. */
  async current(orgId: string, visitorId: string): Promise<{ ticket: Ticket; call: CallView | null } | null> {
    if (this.#line.shared) await this.#line.fresh(orgId);
    const ticket = this.#line.liveTicketOf(orgId, visitorId);
    if (!ticket) return null;
    return { ticket: await this.#view(ticket), call: await this.#calls.runningCallOfTicket(ticket) };
  }

  /** Ends a ticket that is not in a call; the caller holds the org's turn. */
  async endWhileHeld(ticket: TicketRecord, reason: TicketEndReason): Promise<TicketRecord> {
    const ended = await this.#line.end(ticket, reason, new Date().toISOString());
    await this.#news.settle(ticket.orgId, { ended: [ended] });
    this.#departures.review({ orgId: ticket.orgId, kind: 'visitor', id: ticket.visitorId });
    return ended;
  }

  /** The visitor's own ticket in the org, live or ended. */
  async #own(orgId: string, visitorId: string, ticketId: string): Promise<TicketRecord> {
    const ticket = await this.#line.findTicket(orgId, ticketId);
    if (!ticket || ticket.visitorId !== visitorId) throw new HubError(ErrorCode.notFound, NO_TICKET);
    return ticket;
  }

  async #view(ticket: TicketRecord): Promise<Ticket> {
    return ticketView(ticket, await this.#news.context(ticket.orgId));
  }
}
