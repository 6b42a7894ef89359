/**
 * Calls: an agent takes a waiting ticket, the two parties signal each other through the hub, and
 * the call ends by a hang-up, a transfer, or a party vanishing (vanishing.ts).
 *
 * While in a call the agent's status is busy; when it ends the agent gets back the status it had,
 * unless it chose another one meanwhile. Every id is looked up within the caller's org, and a call
 * is "not found" for anyone but its two parties.
 */
import { randomUUID } from 'node:crypto';

import { ErrorCode } from '../../src/protocol/frames.js';
import type {
  CallEndReason,
  CallInfo,
  CallMediaEventFrame,
  CallCommerceEventFrame,
  CallSignalEventFrame,
  QueueTicket,
  TicketEndReason,
} from '../../src/protocol/frames.js';
import type { Bus } from '../bus/bus.js';
import { HubError } from '../errors.js';
import type { CallRecord, TicketRecord } from '../store/store.js';
import type { AgentService } from './agents.js';
import { callInfo, ticketsFor } from './call-views.js';
import type { CallView } from './call-views.js';
import type { PartyKind, PartyWatch } from './departures.js';
import type { IceServers } from './ice-servers.js';
import type { Line } from './line.js';
import type { LineNews } from './line-news.js';
import type { QueueService } from './queues.js';
import { mayTake } from './ticket-order.js';

/** Who sends a command about a call: a visitor (by visitor id) or a signed-in agent. */
export interface Caller {
  kind: PartyKind;
  id: string;
}

/** What becomes of the ticket when its call ends. */
export type TicketOutcome =
  | { kind: 'end'; reason: TicketEndReason; canRejoin: boolean }
  /** Back to waiting at the front: a transfer, or a visitor's page reloaded mid-call. */
  | { kind: 'requeue'; queueId: string; callAgentId: string | null; agentTags: string[] };

export type TransferTarget = { agentId: string } | { queue: string };

const NO_CALL = 'No such call.';

export class CallService {
  readonly #line: Line;
  readonly #agents: AgentService;
  readonly #queues: QueueService;
  readonly #news: LineNews;
  readonly #ice: IceServers;
  readonly #bus: Bus;
  readonly #departures: PartyWatch;

  constructor(deps: {
    line: Line;
    agents: AgentService;
    queues: QueueService;
    news: LineNews;
    ice: IceServers;
    bus: Bus;
    departures: PartyWatch;
  }) {
    this.#line = deps.line;
    this.#agents = deps.agents;
    this.#queues = deps.queues;
    this.#news = deps.news;
    this.#ice = deps.ice;
    this.#bus = deps.bus;
    this.#departures = deps.departures;
  }

  /** The call as one party sees it through a connection whose URLs are based on `baseUrl`. */
  info(view: CallView, role: 'visitor' | 'agent', baseUrl: string): CallInfo {
    // TURN user ids are party ids, never tokens: they end up in the TURN server's logs.
    const userId = role === 'agent' ? `agent.${view.agent.id}` : `visitor.${view.ticket.visitorId}`;
    return callInfo(view, {
      role,
      agent: this.#agents.callAgent(view.agent, baseUrl),
      iceServers: this.#ice.forUser(userId),
    });
  }

  /** The agent's running call, if any. */
  async runningCallOf(orgId: string, agentId: string): Promise<CallView | null> {
    if (this.#line.shared) await this.#line.fresh(orgId);
    const call = this.#line.callOfAgent(orgId, agentId);
    return call ? this.#view(call) : null;
  }

  /** The running call of a visitor's ticket, if any. */
  async runningCallOfTicket(ticket: TicketRecord): Promise<CallView | null> {
    if (ticket.status !== 'in-call' || ticket.callId === null) return null;
    const call = this.#line.call(ticket.orgId, ticket.callId);
    return call ? this.#view(call) : null;
  }

  /** The waiting tickets the agent may take, front first. */
  async ticketsFor(orgId: string, agentId: string): Promise<QueueTicket[]> {
    if (this.#line.shared) await this.#line.fresh(orgId);
    const agent = await this.#agents.get(orgId, agentId);
    return ticketsFor(agent, await this.#news.context(orgId));
  }

  /** Takes the ticket (by default the first the agent may take) into a call; the agent becomes busy. */
  accept(orgId: string, agentId: string, ticketId: string | undefined): Promise<CallView> {
    return this.#line.exclusive(orgId, async () => {
      const agent = await this.#agents.get(orgId, agentId);
      if (this.#line.callOfAgent(orgId, agentId))
        throw new HubError(ErrorCode.agentBusy, 'You are in a call already.');
      if (this.#agents.effectiveStatus(agent) !== 'online')
        throw new HubError(ErrorCode.agentBusy, 'Set your status to online to take calls.');

      const context = await this.#news.context(orgId);
      let ticket: TicketRecord | undefined;
      if (ticketId === undefined) {
        const first = ticketsFor(agent, context)[0];
        ticket = first && this.#line.ticket(orgId, first.ticketId);
        if (!ticket) throw new HubError(ErrorCode.notFound, 'No waiting ticket you may take.');
      } else {
        const found = await this.#line.findTicket(orgId, ticketId);
        if (!found) throw new HubError(ErrorCode.notFound, 'No such ticket.');
        if (found.status !== 'waiting')
          throw new HubError(ErrorCode.conflict, 'The ticket was taken by another agent, or it ended.');
        const queue = context.queues.get(found.queueId);
        if (!queue || !mayTake(agent, found, queue))
          throw new HubError(ErrorCode.conflict, 'The ticket is for another agent.');
        ticket = found;
      }

      const call: CallRecord = {
        id: randomUUID(),
        orgId,
        ticketId: ticket.id,
        agentId,
        startedAt: new Date().toISOString(),
        endedAt: null,
        endReason: null,
        transferredToAgentId: null,
        transferredToQueueId: null,
        agentStatusBefore: agent.status,
      };
      const outcome = await this.#line.start(ticket, call);
      if (outcome === 'ticket-taken')
        throw new HubError(ErrorCode.conflict, 'The ticket was taken by another agent, or it ended.');
      if (outcome === 'agent-busy') throw new HubError(ErrorCode.agentBusy, 'You are in a call already.');

      const busy = await this.#agents.setStatus(orgId, agentId, 'busy');
      const view: CallView = { call, ticket: this.#line.ticket(orgId, ticket.id)!, agent: busy };
      this.#news.call(view);
      await this.#news.settle(orgId);
      this.#reviewParties(view);
      return view;
    });
  }

  /** Either party ends the call; the ticket ends with it. */
  hangup(orgId: string, caller: Caller, callId: string): Promise<CallView> {
    return this.#line.exclusive(orgId, async () => {
      const call = await this.#runningCall(orgId, caller, callId);
      const reason: CallEndReason = caller.kind === 'agent' ? 'agent-hung-up' : 'visitor-hung-up';
      return this.endWhileHeld(call, reason, { kind: 'end', reason: 'call-ended', canRejoin: false });
    });
  }

  /** The agent hands the visitor on: the ticket goes back to the front, for that agent or queue. */
  transfer(orgId: string, agentId: string, callId: string, target: TransferTarget): Promise<CallView> {
    return this.#line.exclusive(orgId, async () => {
      const call = await this.#runningCall(orgId, { kind: 'agent', id: agentId }, callId);
      const ticket = this.#line.ticket(orgId, call.ticketId)!;
      if ('agentId' in target) {
        const to = await this.#agents.get(orgId, target.agentId);
        return this.endWhileHeld(
          call,
          'transferred',
          { kind: 'requeue', queueId: ticket.queueId, callAgentId: to.id, agentTags: ticket.agentTags },
          { agentId: to.id, queueId: null },
        );
      }
      const queue = await this.#queues.resolve(orgId, target.queue);
      // The page's tag wishes were for the first queue; the agent who transfers knows better.
      return this.endWhileHeld(
        call,
        'transferred',
        { kind: 'requeue', queueId: queue.id, callAgentId: null, agentTags: [] },
        { agentId: null, queueId: queue.id },
      );
    });
  }

  /** Passes signalling or media state on to the other party of the call, verbatim. */
  async relay(
    orgId: string,
    caller: Caller,
    callId: string,
    frame: CallSignalEventFrame | CallMediaEventFrame | CallCommerceEventFrame,
  ): Promise<void> {
    const call = await this.#runningCall(orgId, caller, callId);
    const ticket = this.#line.ticket(orgId, call.ticketId)!;
    const to =
      caller.kind === 'agent'
        ? { kind: 'visitor' as const, id: ticket.visitorId }
        : { kind: 'agent' as const, id: call.agentId };
    await this.#bus.publish('call.relayed', { orgId, to, frame });
  }

  /**
   * The page's data or tracking tags changed during the call: the agent gets a fresh CallInfo.
   * The caller holds the org's turn.
   */
  async ticketChangedWhileHeld(ticket: TicketRecord): Promise<void> {
    const view = await this.runningCallOfTicket(ticket);
    if (view) this.#news.call(view, 'agent');
  }

  /**
   * Ends a running call and settles its ticket; the caller holds the org's turn (`exclusive`).
   * Used by hang-ups and transfers here, by a reloaded visitor page (tickets.ts) and by parties
   * that vanished (vanishing.ts).
   */
  async endWhileHeld(
    call: CallRecord,
    reason: CallEndReason,
    outcome: TicketOutcome,
    transferredTo?: { agentId: string | null; queueId: string | null },
  ): Promise<CallView> {
    const { orgId } = call;
    const during = this.#line.ticket(orgId, call.ticketId);
    if (!during) throw new Error(`call ${call.id} has no live ticket`);
    const now = new Date().toISOString();
    const after: TicketRecord =
      outcome.kind === 'end'
        ? {
            ...during,
            status: 'ended',
            callId: null,
            endReason: outcome.reason,
            endedAt: now,
            canRejoin: outcome.canRejoin,
          }
        : {
            ...during,
            status: 'waiting',
            callId: null,
            priority: true,
            queueId: outcome.queueId,
            callAgentId: outcome.callAgentId,
            agentTags: outcome.agentTags,
          };
    const ended = await this.#line.finish(call, reason, now, after, transferredTo);

    const agent = await this.#restoreStatus(call);
    // The parties see the call as it was (its queue before any transfer).
    const view: CallView = { call: ended, ticket: during, agent };
    this.#news.call(view);
    await this.#news.settle(orgId, after.status === 'ended' ? { ended: [after] } : { offered: [after] });
    this.#reviewParties(view);
    return view;
  }

  /** Back to the status the agent had before the call, unless it picked another one meanwhile. */
  async #restoreStatus(call: CallRecord) {
    const agent = await this.#agents.get(call.orgId, call.agentId);
    if (agent.status !== 'busy' || call.agentStatusBefore === 'busy') return agent;
    return this.#agents.setStatus(call.orgId, call.agentId, call.agentStatusBefore);
  }

  /** The running call, if the caller is one of its parties; an ended one is a conflict. */
  async #runningCall(orgId: string, caller: Caller, callId: string): Promise<CallRecord> {
    const running = this.#line.call(orgId, callId);
    const call = running ?? (await this.#line.findCall(orgId, callId));
    if (!call) throw new HubError(ErrorCode.notFound, NO_CALL);
    if (caller.kind === 'agent') {
      if (call.agentId !== caller.id) throw new HubError(ErrorCode.notFound, NO_CALL);
    } else {
      const ticket = await this.#line.findTicket(orgId, call.ticketId);
      if (ticket?.visitorId !== caller.id) throw new HubError(ErrorCode.notFound, NO_CALL);
    }
    if (!running) throw new HubError(ErrorCode.conflict, 'The call has ended.');
    return running;
  }

  async #view(call: CallRecord): Promise<CallView> {
    const ticket = await this.#line.findTicket(call.orgId, call.ticketId);
    if (!ticket) throw new Error(`call ${call.id} has no ticket`);
    return { call, ticket, agent: await this.#agents.get(call.orgId, call.agentId) };
  }

  /** What is at stake for both parties changed, and so does how long they may be away. */
  #reviewParties(view: CallView): void {
    const orgId = view.call.orgId;
    this.#departures.review({ orgId, kind: 'visitor', id: view.ticket.visitorId });
    this.#departures.review({ orgId, kind: 'agent', id: view.call.agentId });
  }
}
