/**
 * The single-process bus. Delivery is asynchronous, like a networked bus would be, so no
 * publisher ever depends on handlers having run; a failing handler is logged and isolated.
 */
import { log } from '../log.js';
import type { Bus, BusHandler, BusTopic, BusTopics } from './bus.js';

export class MemoryBus implements Bus {
  // Handlers of every topic, keyed by topic; typed at the subscribe/publish boundary.
  readonly #handlers = new Map<BusTopic, Set<BusHandler<BusTopic>>>();

  async publish<T extends BusTopic>(topic: T, message: BusTopics[T]): Promise<void> {
    const handlers = this.#handlers.get(topic);
    if (!handlers) return;
    // A copy, so handlers that (un)subscribe while we deliver do not disturb this round.
    for (const handler of [...handlers]) {
      queueMicrotask(() => {
        Promise.resolve()
          .then(() => handler(message))
          .catch((error: unknown) => log.error(`bus handler for ${topic} failed`, error));
      });
    }
  }

  subscribe<T extends BusTopic>(topic: T, handler: BusHandler<T>): () => void {
    let handlers = this.#handlers.get(topic);
    if (!handlers) this.#handlers.set(topic, (handlers = new Set()));
    // Sound because publish<T> only ever hands this handler messages of topic T.
    const stored = handler as BusHandler<BusTopic>;
    handlers.add(stored);
    return () => {
      handlers.delete(stored);
    };
  }

  async close(): Promise<void> {
    this.#handlers.clear();
  }
}
