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
 * With several hub processes on one database (`shared`), the memory is only a cache of the store:
 * an org's turn is also a lock held across the cluster (a Postgres advisory lock), and the org's
 * live tickets and calls are read back from the store at the start of every turn, so a decision is
 * always taken on the record. Reads outside a turn (a queue's waiting count, a reconnecting
 * visitor's ticket) first call `fresh`, which reads the record again.
 */
import type { CallEndReason, TicketEndReason } from '../../src/protocol/frames.js';
import { ErrorCode } from '../../src/protocol/frames.js';
import { HubError } from '../errors.js';
import type { CallRecord, StartCallOutcome, Store, TicketRecord } from '../store/store.js';
import { compareTickets } from './ticket-order.js';

interface OrgLine {
  /** Live tickets by id. */
  tickets: Map<string, TicketRecord>;
  /** Running calls by id. */
  calls: Map<string, CallRecord>;
}

/** A lock that one process of the cluster at a time holds (the cluster-wide turn on a line). */
export interface ClusterLock {
  hold<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export interface LineOptions {
  /** Set when other processes share the store: their changes are read back, turns are locked. */
  shared?: { lock: ClusterLock };
}

export class Line {
  readonly #store: Store;
  readonly #shared: LineOptions['shared'];
  readonly #orgs = new Map<string, OrgLine>();
  /** Tail of each org's serialised work. */
  readonly #chains = new Map<string, Promise<unknown>>();
  /** Bumped by every write of this process: a read-back that overlapped one is not applied. */
  readonly #versions = new Map<string, number>();
  #seq = 0;

  constructor(store: Store, options: LineOptions = {}) {
    this.#store = store;
    this.#shared = options.shared;
  }

  /** Whether other processes change this line too. */
  get shared(): boolean {
    return this.#shared !== undefined;
  }

  /**
   * With other processes on the store, reads the org's live tickets and calls back from it;
   * alone, the memory is the truth and this does nothing.
   */
  async fresh(orgId: string): Promise<void> {
    if (!this.#shared) return;
    const version = this.#versions.get(orgId) ?? 0;
    const [tickets, calls] = await Promise.all([
      this.#store.listLiveTicketsOf(orgId),
      this.#store.listActiveCallsOf(orgId),
    ]);
    if ((this.#versions.get(orgId) ?? 0) !== version) return;
    const org = this.#org(orgId);
    org.tickets = new Map(tickets.map((ticket) => [ticket.id, ticket]));
    org.calls = new Map(calls.map((call) => [call.id, call]));
    for (const ticket of tickets) this.#seq = Math.max(this.#seq, ticket.seq);
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
    const shared = this.#shared;
    const turn = shared
      ? () =>
          shared.lock.hold(`line:${orgId}`, async () => {
            this.#touch(orgId);
            await this.fresh(orgId);
            return work();
          })
      : work;
    const result = previous.then(turn);
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

  /** Adds the ticket; a conflict when the visitor already has a live one (another process's). */
  async add(ticket: TicketRecord): Promise<void> {
    this.#touch(ticket.orgId);
    if ((await this.#store.createTicket(ticket)) !== 'created') throw liveTicketConflict();
    this.#org(ticket.orgId).tickets.set(ticket.id, ticket);
  }

  /** Adds `next` and marks `previous` (ended) as rejoined, so it cannot jump the line twice. */
  async rejoin(previous: TicketRecord, next: TicketRecord): Promise<void> {
    this.#touch(next.orgId);
    if ((await this.#store.rejoinTicket(previous, next)) !== 'created') throw liveTicketConflict();
    this.#org(next.orgId).tickets.set(next.id, next);
  }

  /** Writes a changed ticket; an ended one leaves the line. */
  async save(ticket: TicketRecord): Promise<void> {
    this.#touch(ticket.orgId);
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
    this.#touch(call.orgId);
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
    this.#touch(call.orgId);
    await this.#store.endCall(ended, ticket);
    this.#org(call.orgId).calls.delete(call.id);
    this.#place(ticket);
    return ended;
  }

  #touch(orgId: string): void {
    this.#versions.set(orgId, (this.#versions.get(orgId) ?? 0) + 1);
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

function liveTicketConflict(): HubError {
  return new HubError(ErrorCode.conflict, 'You are in the line already.');
}
