/**
 * The line: every live ticket (waiting or in a call) and every running call, held in memory and
 * written through to the store, which stays the record (and what `load` reads back after a
 * restart).
 *
 * All changes to one org's line run one at a time through `exclusive`, so that a read, the write
 * it decides on and the news about it are never interleaved with another change: two agents
 * accepting the same ticket cannot both see it waiting. The store guards the same rules again
 * (see `Store.startCall`), for when several processes share one database.
 *
 * Kept in process memory: with several hub processes this moves to Redis.
 */
import type { CallEndReason, TicketEndReason } from '../../src/protocol/frames.js';
import type { CallRecord, StartCallOutcome, Store, TicketRecord } from '../store/store.js';
import { compareTickets } from './ticket-order.js';

interface OrgLine {
  /** Live tickets by id. */
  tickets: Map<string, TicketRecord>;
  /** Running calls by id. */
  calls: Map<string, CallRecord>;
}

export class Line {
  readonly #store: Store;
  readonly #orgs = new Map<string, OrgLine>();
  /** Tail of each org's serialised work. */
  readonly #chains = new Map<string, Promise<unknown>>();
  #seq = 0;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Reads the live tickets and running calls back from the store (at start-up). */
  async load(): Promise<void> {
    this.#seq = await this.#store.maxTicketSeq();
    for (const ticket of await this.#store.listLiveTickets())
      this.#org(ticket.orgId).tickets.set(ticket.id, ticket);
    for (const call of await this.#store.listActiveCalls()) this.#org(call.orgId).calls.set(call.id, call);
  }

  /** Runs `work` after every earlier piece of work on this org's line has finished. */
  exclusive<T>(orgId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#chains.get(orgId) ?? Promise.resolve();
    const result = previous.then(work);
    // The chain never rejects, so one failure does not stall the org.
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#chains.set(orgId, tail);
    void tail.then(() => {
      if (this.#chains.get(orgId) === tail) this.#chains.delete(orgId);
    });
    return result;
  }

  // ---- reads ----

  orgIds(): string[] {
    return [...this.#orgs.keys()];
  }

  /** A live ticket of the org. */
  ticket(orgId: string, ticketId: string): TicketRecord | undefined {
    return this.#orgs.get(orgId)?.tickets.get(ticketId);
  }

  /** A ticket of the org, live or from the record. */
  async findTicket(orgId: string, ticketId: string): Promise<TicketRecord | null> {
    return this.ticket(orgId, ticketId) ?? (await this.#store.getTicket(orgId, ticketId));
  }

  liveTickets(orgId: string): TicketRecord[] {
    return [...(this.#orgs.get(orgId)?.tickets.values() ?? [])];
  }

  /** The visitor's waiting or in-call ticket in the org. */
  liveTicketOf(orgId: string, visitorId: string): TicketRecord | undefined {
    return this.liveTickets(orgId).find((ticket) => ticket.visitorId === visitorId);
  }

  /** The org's waiting tickets, front first. */
  waiting(orgId: string): TicketRecord[] {
    return this.liveTickets(orgId)
      .filter((ticket) => ticket.status === 'waiting')
      .sort(compareTickets);
  }

  waitingCount(orgId: string, queueId: string): number {
    let count = 0;
    for (const ticket of this.liveTickets(orgId))
      if (ticket.status === 'waiting' && ticket.queueId === queueId) count++;
    return count;
  }

  call(orgId: string, callId: string): CallRecord | undefined {
    return this.#orgs.get(orgId)?.calls.get(callId);
  }

  calls(orgId: string): CallRecord[] {
    return [...(this.#orgs.get(orgId)?.calls.values() ?? [])];
  }

  callOfAgent(orgId: string, agentId: string): CallRecord | undefined {
    return this.calls(orgId).find((call) => call.agentId === agentId);
  }

  /** A running call of the org, or one from the record. */
  async findCall(orgId: string, callId: string): Promise<CallRecord | null> {
    return this.call(orgId, callId) ?? (await this.#store.getCall(orgId, callId));
  }

  /** Order among tickets that joined in the same millisecond. */
  nextSeq(): number {
    return ++this.#seq;
  }

  // ---- changes; the caller holds the org's turn (`exclusive`) ----

  async add(ticket: TicketRecord): Promise<void> {
    await this.#store.createTicket(ticket);
    this.#org(ticket.orgId).tickets.set(ticket.id, ticket);
  }

  /** Adds `next` and marks `previous` (ended) as rejoined, so it cannot jump the line twice. */
  async rejoin(previous: TicketRecord, next: TicketRecord): Promise<void> {
    await this.#store.rejoinTicket(previous, next);
    this.#org(next.orgId).tickets.set(next.id, next);
  }

  /** Writes a changed ticket; an ended one leaves the line. */
  async save(ticket: TicketRecord): Promise<void> {
    await this.#store.updateTicket(ticket);
    this.#place(ticket);
  }

  /** Ends a ticket that is not in a call. */
  async end(ticket: TicketRecord, reason: TicketEndReason, now: string): Promise<TicketRecord> {
    const ended: TicketRecord = { ...ticket, status: 'ended', endReason: reason, endedAt: now, callId: null };
    await this.save(ended);
    return ended;
  }

  /** Takes the waiting ticket into the call, unless it was taken or the agent has a call already. */
  async start(ticket: TicketRecord, call: CallRecord): Promise<StartCallOutcome> {
    const taken: TicketRecord = { ...ticket, status: 'in-call', callId: call.id };
    const outcome = await this.#store.startCall(taken, call);
    if (outcome === 'started') {
      const org = this.#org(call.orgId);
      org.tickets.set(taken.id, taken);
      org.calls.set(call.id, call);
    }
    return outcome;
  }

  /** Ends the running call and sets what becomes of its ticket, both in one write. */
  async finish(
    call: CallRecord,
    reason: CallEndReason,
    now: string,
    ticket: TicketRecord,
    transferredTo: { agentId: string | null; queueId: string | null } = { agentId: null, queueId: null },
  ): Promise<CallRecord> {
    const ended: CallRecord = {
      ...call,
      endedAt: now,
      endReason: reason,
      transferredToAgentId: transferredTo.agentId,
      transferredToQueueId: transferredTo.queueId,
    };
    await this.#store.endCall(ended, ticket);
    this.#org(call.orgId).calls.delete(call.id);
    this.#place(ticket);
    return ended;
  }

  #place(ticket: TicketRecord): void {
    const tickets = this.#org(ticket.orgId).tickets;
    if (ticket.status === 'ended') tickets.delete(ticket.id);
    else tickets.set(ticket.id, ticket);
  }

  #org(orgId: string): OrgLine {
    let org = this.#orgs.get(orgId);
    if (!org) this.#orgs.set(orgId, (org = { tickets: new Map(), calls: new Map() }));
    return org;
  }
}
