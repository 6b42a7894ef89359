/**
 * Tells everyone concerned what a change to the line means for them, over the bus: each visitor
 * whose ticket view changed (a ticket ahead left or was taken, an agent came online), the agents
 * watching the waiting tickets, queue subscribers when a queue's waiting count changed, and the
 * agents a newly waiting ticket is offered to.
 *
 * Views are compared with the last one published, so only real changes go out. Called by the
 * services after each change, while they still hold the org's turn on the line.
 */
import type { Bus } from '../bus/bus.js';
import type { TicketRecord } from '../store/store.js';
import type { AgentService } from './agents.js';
import { mayTake } from './ticket-order.js';
import { ticketView } from './call-views.js';
import type { CallView, LineContext } from './call-views.js';
import type { Line } from './line.js';
import type { QueueService } from './queues.js';

export interface LineChanges {
  /** Tickets that ended in this change: their visitors get the final view. */
  ended?: TicketRecord[];
  /** Tickets that began waiting (joined, rejoined, transferred, put back): offered to agents. */
  offered?: TicketRecord[];
}

export class LineNews {
  readonly #line: Line;
  readonly #agents: AgentService;
  readonly #queues: QueueService;
  readonly #bus: Bus;
  /** JSON of the Ticket each live ticket's visitor was last told. */
  readonly #told = new Map<string, string>();
  /** JSON of each org's waiting tickets as last announced to agents. */
  readonly #waiting = new Map<string, string>();
  /** Each queue's waiting count as last announced. */
  readonly #counts = new Map<string, number>();

  constructor(line: Line, agents: AgentService, queues: QueueService, bus: Bus) {
    this.#line = line;
    this.#agents = agents;
    this.#queues = queues;
    this.#bus = bus;
  }

  /** What places and waiting times depend on, now. */
  async context(orgId: string): Promise<LineContext> {
    const [agents, queues] = await Promise.all([this.#agents.list(orgId), this.#queues.list(orgId)]);
    return {
      waiting: this.#line.waiting(orgId),
      agents,
      queues: new Map(queues.map((queue) => [queue.id, queue])),
    };
  }

  /** Publishes what the org's line now means for everyone; the caller holds the org's turn. */
  async settle(orgId: string, changes: LineChanges = {}): Promise<void> {
    const context = await this.context(orgId);
    const publish = (ticket: TicketRecord): void => {
      const view = ticketView(ticket, context);
      const json = JSON.stringify(view);
      const k = key(orgId, ticket.id);
      if (this.#told.get(k) === json) return;
      if (ticket.status === 'ended') this.#told.delete(k);
      else this.#told.set(k, json);
      void this.#bus.publish('ticket.changed', { orgId, visitorId: ticket.visitorId, ticket: view });
    };
    for (const ticket of changes.ended ?? []) publish(ticket);
    for (const ticket of this.#line.liveTickets(orgId)) publish(ticket);

    const waiting = JSON.stringify(context.waiting);
    if (this.#waiting.get(orgId) !== waiting) {
      this.#waiting.set(orgId, waiting);
      void this.#bus.publish('tickets.changed', { orgId, digest: waiting });
    }

    for (const queueId of context.queues.keys()) {
      const k = key(orgId, queueId);
      const count = this.#line.waitingCount(orgId, queueId);
      if ((this.#counts.get(k) ?? 0) === count) continue;
      this.#counts.set(k, count);
      void this.#bus.publish('queue.changed', { orgId, queueId, waiting: count });
    }

    for (const ticket of changes.offered ?? []) {
      const queue = context.queues.get(ticket.queueId);
      if (!queue || ticket.status !== 'waiting') continue;
      const agentIds = context.agents
        .filter(({ agent }) => mayTake(agent, ticket, queue))
        .map(({ agent }) => agent.id);
      if (agentIds.length === 0) continue;
      void this.#bus.publish('call.offered', {
        orgId,
        agentIds,
        offer: {
          ticketId: ticket.id,
          queueId: ticket.queueId,
          data: ticket.data,
          trackingTags: ticket.trackingTags,
          productIds: ticket.productIds,
        },
      });
    }
  }

  /**
   * Agents coming and going change waiting times (and who may be offered what): every org's line
   * is re-announced on `agent.changed`. Returns the function that stops this.
   */
  followAgents(): () => void {
    const stops = [
      this.#bus.subscribe('agent.changed', ({ orgId }) =>
        this.#line.exclusive(orgId, () => this.settle(orgId)),
      ),
    ];
    if (this.#line.shared) {
      // What another process announced is what everyone was last told: in bus order, the last
      // announcement wins, so nobody is left with a view that a later change here would skip.
      stops.push(
        this.#bus.subscribe('ticket.changed', ({ orgId, ticket }) => {
          const k = key(orgId, ticket.ticketId);
          if (ticket.status === 'ended') this.#told.delete(k);
          else this.#told.set(k, JSON.stringify(ticket));
        }),
        this.#bus.subscribe('tickets.changed', ({ orgId, digest }) => {
          if (digest === undefined) this.#waiting.delete(orgId);
          else this.#waiting.set(orgId, digest);
        }),
        this.#bus.subscribe('queue.changed', ({ orgId, queueId, waiting }) => {
          if (waiting === undefined) this.#counts.delete(key(orgId, queueId));
          else this.#counts.set(key(orgId, queueId), waiting);
        }),
      );
    }
    return () => {
      for (const stop of stops) stop();
    };
  }

  /** The call started, ended or changed: its parties (or only its agent) hear of it. */
  call(view: CallView, to: 'both' | 'agent' = 'both'): void {
    void this.#bus.publish('call.changed', { orgId: view.call.orgId, view, to });
  }
}

function key(orgId: string, id: string): string {
  return JSON.stringify([orgId, id]);
}
