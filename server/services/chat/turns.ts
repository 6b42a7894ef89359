/**
 * Turns: work on one key (a conversation) runs one piece at a time, in the order it was asked
 * for. A read, the write it decides on and the pushes about it are never interleaved with another
 * change to the same conversation, so pushes leave in seq order and two agents accepting at once
 * cannot both see it waiting. Different conversations do not wait for each other.
 *
 * With several processes, a turn also holds the conversation's cluster-wide lock, so a visitor on
 * one process and an agent on another still store and push in seq order.
 */
import type { ClusterLock } from '../line.js';

export class Turns {
  /** Tail of each key's serialised work; dropped once idle, so the map holds busy keys only. */
  readonly #chains = new Map<string, Promise<unknown>>();
  readonly #lock: ClusterLock | undefined;

  constructor(lock?: ClusterLock) {
    this.#lock = lock;
  }

  exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const lock = this.#lock;
    const result = previous.then(lock ? () => lock.hold(`chat:${key}`, work) : work);
    // The chain never rejects, so one failure does not stall the key.
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#chains.set(key, tail);
    void tail.then(() => {
      if (this.#chains.get(key) === tail) this.#chains.delete(key);
    });
    return result;
  }
}
