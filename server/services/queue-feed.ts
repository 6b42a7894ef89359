/**
 * Live queue states: keeps, for every queue somebody in this process watches, the subscribers and
 * the state each was last sent, and pushes a new state to a subscriber only when it differs.
 *
 * A queue's state is recomputed when an agent of its org changes (bus `agent.changed`), when its
 * waiting count changes (`queue.changed`), and at the queue's next opening or closing instant
 * (one timer per watched queue). Work on one queue is serialised, so a subscriber's snapshot and
 * the pushes after it come out in order, and bursts of changes coalesce into one recompute.
 */
import type { QueueState } from '../../src/protocol/frames.js';
import type { Bus } from '../bus/bus.js';
import { log } from '../log.js';
import type { QueueRecord } from '../store/store.js';
import { nextTransition } from './opening-hours.js';
import type { QueueService } from './queues.js';

/** Someone who wants a queue's states, e.g. a WebSocket connection. */
export interface QueueSubscriber {
  /** Base for the absolute URLs in the states this subscriber gets. */
  readonly baseUrl: string;
  push(state: QueueState): void;
}

interface Watch {
  orgId: string;
  queueId: string;
  /** Each subscriber and the JSON of the state it has. */
  subscribers: Map<QueueSubscriber, string>;
  /** Tail of the serialised work on this queue. */
  chain: Promise<void>;
  refreshQueued: boolean;
  /** Operations queued or running; a watch is dropped only when idle and unwatched. */
  pending: number;
  timer: NodeJS.Timeout | undefined;
}

/** setTimeout cannot wait longer than this; longer waits re-arm. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export class QueueFeed {
  readonly #queues: QueueService;
  readonly #watches = new Map<string, Watch>();
  readonly #unsubscribe: Array<() => void>;

  constructor(queues: QueueService, bus: Bus) {
    this.#queues = queues;
    this.#unsubscribe = [
      bus.subscribe('agent.changed', ({ orgId }) => {
        for (const watch of this.#watches.values()) if (watch.orgId === orgId) this.#refresh(watch);
      }),
      // A visitor joined or left: the waiting count and waiting time changed.
      bus.subscribe('queue.changed', ({ orgId, queueId }) => {
        const watch = this.#watches.get(watchKey(orgId, queueId));
        if (watch) this.#refresh(watch);
      }),
    ];
  }

  /** Adds the subscriber and resolves to the state it starts from. */
  subscribe(queue: QueueRecord, subscriber: QueueSubscriber): Promise<QueueState> {
    const watch = this.#watch(queue.orgId, queue.id);
    return this.#enqueue(watch, async () => {
      const state = await this.#queues.state(queue, subscriber.baseUrl);
      watch.subscribers.set(subscriber, JSON.stringify(state));
      this.#arm(watch, state);
      return state;
    });
  }

  unsubscribe(orgId: string, queueId: string, subscriber: QueueSubscriber): void {
    const watch = this.#watches.get(watchKey(orgId, queueId));
    if (!watch) return;
    watch.subscribers.delete(subscriber);
    this.#dropIfIdle(watch);
  }

  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    for (const watch of this.#watches.values()) clearTimeout(watch.timer);
    this.#watches.clear();
  }

  #watch(orgId: string, queueId: string): Watch {
    const k = watchKey(orgId, queueId);
    let watch = this.#watches.get(k);
    if (!watch) {
      watch = {
        orgId,
        queueId,
        subscribers: new Map(),
        chain: Promise.resolve(),
        refreshQueued: false,
        pending: 0,
        timer: undefined,
      };
      this.#watches.set(k, watch);
    }
    return watch;
  }

  #dropIfIdle(watch: Watch): void {
    if (watch.subscribers.size > 0 || watch.pending > 0) return;
    clearTimeout(watch.timer);
    if (this.#watches.get(watchKey(watch.orgId, watch.queueId)) === watch) {
      this.#watches.delete(watchKey(watch.orgId, watch.queueId));
    }
  }

  #enqueue<T>(watch: Watch, work: () => Promise<T>): Promise<T> {
    watch.pending++;
    const result = watch.chain.then(work);
    // The chain itself never rejects, so one failure does not stall later work.
    watch.chain = result.then(
      () => this.#settled(watch),
      () => this.#settled(watch),
    );
    return result;
  }

  #settled(watch: Watch): void {
    watch.pending--;
    this.#dropIfIdle(watch);
  }

  /** Recomputes soon; requests made before the recompute starts share it. */
  #refresh(watch: Watch): void {
    if (watch.refreshQueued) return;
    watch.refreshQueued = true;
    this.#enqueue(watch, async () => {
      watch.refreshQueued = false;
      if (watch.subscribers.size > 0) await this.#recompute(watch);
    }).catch((error: unknown) => log.error(`queue ${watch.orgId}/${watch.queueId}: recompute failed`, error));
  }

  async #recompute(watch: Watch): Promise<void> {
    const queue = await this.#queues.get(watch.orgId, watch.queueId);
    // Subscribers reached through different host names get different absolute URLs.
    const states = new Map<string, { state: QueueState; json: string }>();
    let any: QueueState | undefined;
    for (const [subscriber, sent] of watch.subscribers) {
      let computed = states.get(subscriber.baseUrl);
      if (!computed) {
        const state = await this.#queues.state(queue, subscriber.baseUrl);
        computed = { state, json: JSON.stringify(state) };
        states.set(subscriber.baseUrl, computed);
      }
      any = computed.state;
      // The subscriber may have left while states were being computed.
      if (computed.json === sent || !watch.subscribers.has(subscriber)) continue;
      watch.subscribers.set(subscriber, computed.json);
      try {
        subscriber.push(computed.state);
      } catch (error) {
        log.error('queue subscriber failed to take a state', error);
      }
    }
    if (any) this.#arm(watch, any);
  }

  /** One timer per watched queue, at its next opening or closing. */
  #arm(watch: Watch, state: QueueState): void {
    clearTimeout(watch.timer);
    watch.timer = undefined;
    const transition = nextTransition(state);
    if (transition === null) return;
    // One millisecond past the instant, so the recompute lands on the new side of it; if a
    // capped wait fires early the recompute finds no change and re-arms.
    const wait = Math.min(Math.max(Date.parse(transition) - Date.now() + 1, 0), MAX_TIMEOUT_MS);
    watch.timer = setTimeout(() => this.#refresh(watch), wait);
    watch.timer.unref();
  }
}

function watchKey(orgId: string, queueId: string): string {
  return JSON.stringify([orgId, queueId]);
}
