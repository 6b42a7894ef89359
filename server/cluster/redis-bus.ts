/**
 * The bus between hub processes: Redis pub/sub through ioredis, one channel per topic under the
 * cluster's key prefix. A message published here comes back through Redis to this process's own
 * subscribers too, so every process (this one included) sees one order: Redis's.
 *
 * Pub/sub needs a connection of its own (a subscribed connection runs no other command), so the
 * bus holds two. Delivery to handlers is asynchronous and a failing handler is logged and
 * isolated, as on the memory bus.
 */
import { Redis } from 'ioredis';

import type { Bus, BusHandler, BusTopic, BusTopics } from '../bus/bus.js';
import { log } from '../log.js';

export class RedisBus implements Bus {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #prefix: string;
  readonly #handlers = new Map<BusTopic, Set<BusHandler<BusTopic>>>();
  /** Published and delivered messages, for the metrics. */
  published = 0;
  delivered = 0;

  constructor(url: string, prefix: string) {
    this.#prefix = `${prefix}bus:`;
    this.#publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.#subscriber = new Redis(url, { lazyConnect: false });
    for (const connection of [this.#publisher, this.#subscriber])
      connection.on('error', (error: Error) => log.warn('redis bus connection', error.message));
    this.#subscriber.on('message', (channel: string, text: string) => this.#deliver(channel, text));
  }

  /** Resolves once both connections are up (the hub starts only then). */
  async ready(): Promise<void> {
    await Promise.all([this.#publisher.ping(), this.#subscriber.ping()]);
  }

  async ping(): Promise<void> {
    await this.#publisher.ping();
  }

  async publish<T extends BusTopic>(topic: T, message: BusTopics[T]): Promise<void> {
    this.published++;
    await this.#publisher.publish(this.#prefix + topic, JSON.stringify(message));
  }

  subscribe<T extends BusTopic>(topic: T, handler: BusHandler<T>): () => void {
    let handlers = this.#handlers.get(topic);
    if (!handlers) {
      this.#handlers.set(topic, (handlers = new Set()));
      this.#subscriber
        .subscribe(this.#prefix + topic)
        .catch((error: unknown) => log.error(`redis bus: subscribing to ${topic} failed`, error));
    }
    // Sound because publish<T> only ever sends messages of topic T on T's channel.
    const stored = handler as BusHandler<BusTopic>;
    handlers.add(stored);
    return () => {
      handlers.delete(stored);
    };
  }

  #deliver(channel: string, text: string): void {
    if (!channel.startsWith(this.#prefix)) return;
    const topic = channel.slice(this.#prefix.length) as BusTopic;
    const handlers = this.#handlers.get(topic);
    if (!handlers || handlers.size === 0) return;
    let message: BusTopics[BusTopic];
    try {
      // Written by `publish` of some hub process from a typed message.
      message = JSON.parse(text) as BusTopics[BusTopic];
    } catch (error) {
      log.error(`redis bus: a message on ${topic} is not JSON`, error);
      return;
    }
    this.delivered++;
    for (const handler of [...handlers]) {
      Promise.resolve()
        .then(() => handler(message))
        .catch((error: unknown) => log.error(`bus handler for ${topic} failed`, error));
    }
  }

  async close(): Promise<void> {
    this.#handlers.clear();
    await Promise.all([this.#publisher.quit(), this.#subscriber.quit()]).catch(() => undefined);
  }
}
