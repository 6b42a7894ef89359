/**
 * Queues: finding one by the term a page uses (id, slug or name) and computing its live state.
 */
import { ErrorCode } from '../../src/protocol/frames.js';
import type { QueueState } from '../../src/protocol/frames.js';
import { HubError } from '../errors.js';
import type { AgentRecord, QueueRecord, Store } from '../store/store.js';
import type { AgentService } from './agents.js';
import { openingStatus } from './opening-hours.js';

const byName = new Intl.Collator('en', { sensitivity: 'base' });

/** Whether the agent serves the queue: every agent does unless the queue names a tag. */
export function serves(agent: AgentRecord, queue: QueueRecord): boolean {
  return queue.agentTag === null || agent.tags.includes(queue.agentTag);
}

/**
 * Seconds a visitor would wait behind `ahead` others: unknown (null) while nobody is online,
 * otherwise the full rounds of visitors ahead shared among the online agents, each round one average
 * handle (one visitor ahead and two agents: no wait).
 */
export function estimatedWaitingTime(
  ahead: number,
  agentsOnline: number,
  averageHandleSeconds: number,
): number | null {
  if (agentsOnline === 0) return null;
  return Math.floor(ahead / agentsOnline) * averageHandleSeconds;
}

/** Where the number of visitors waiting in a queue comes from (the line). */
export interface WaitingCounter {
  waitingCount(orgId: string, queueId: string): number;
  /** Set when other processes change the count too: `fresh` reads it back from the record. */
  readonly shared?: boolean;
  fresh?(orgId: string): Promise<void>;
}

export class QueueService {
  readonly #store: Store;
  readonly #agents: AgentService;
  readonly #waiting: WaitingCounter;

  constructor(store: Store, agents: AgentService, waiting: WaitingCounter) {
    this.#store = store;
    this.#agents = agents;
    this.#waiting = waiting;
  }

  async list(orgId: string): Promise<QueueRecord[]> {
    return this.#store.listQueues(orgId);
  }

  /** Whether the queue takes visitors at `now` (its opening hours). */
  isOpen(queue: QueueRecord, now: number = Date.now()): boolean {
    return openingStatus(queue.openingHours, queue.timeZone, now).isOpen;
  }

  /** By exact id first, then by id, slug or name ignoring case. */
  async resolve(orgId: string, term: string): Promise<QueueRecord> {
    const exact = await this.#store.getQueue(orgId, term);
    if (exact) return exact;
    const wanted = term.trim().toLowerCase();
    const queues = await this.#store.listQueues(orgId);
    const found = queues.find((queue) =>
      [queue.id, queue.slug, queue.name].some((candidate) => candidate.toLowerCase() === wanted),
    );
    if (!found) throw new HubError(ErrorCode.notFound, `No queue "${term.slice(0, 64)}" in this org.`);
    return found;
  }

  /** By id only, within the org. */
  async get(orgId: string, queueId: string): Promise<QueueRecord> {
    const queue = await this.#store.getQueue(orgId, queueId);
    if (!queue) throw new HubError(ErrorCode.notFound, `No queue "${queueId.slice(0, 64)}" in this org.`);
    return queue;
  }

  /** The queue's state now, with photo URLs made absolute against `baseUrl`. */
  async state(queue: QueueRecord, baseUrl: string, now: number = Date.now()): Promise<QueueState> {
    const everyone = await this.#agents.list(queue.orgId);
    const busy = everyone.filter(({ agent, status }) => status === 'busy' && serves(agent, queue)).length;
    const online = everyone
      .filter(({ agent, status }) => status === 'online' && serves(agent, queue))
      .map(({ agent }) => this.#agents.callAgent(agent, baseUrl))
      .sort((a, b) => byName.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const opening = openingStatus(queue.openingHours, queue.timeZone, now);
    if (this.#waiting.shared && this.#waiting.fresh) await this.#waiting.fresh(queue.orgId);
    const waiting = this.#waiting.waitingCount(queue.orgId, queue.id);
    return {
      queueId: queue.id,
      name: queue.name,
      isOpen: opening.isOpen,
      nextOpenTime: opening.nextOpenTime,
      nextCloseTime: opening.nextCloseTime,
      timeZone: queue.timeZone,
      agents: online,
      numberOfAgentsOnline: online.length,
      numberOfAgentsBusy: busy,
      waiting,
      estimatedWaitingTime: estimatedWaitingTime(waiting, online.length, queue.averageHandleSeconds),
    };
  }
}
