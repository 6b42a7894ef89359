/**
 * A small, approximately least-recently-used map: the replies to recent command ids, the store's
 * recent conversations.
 *
 * Two generations of at most ⌈limit / 2⌉ keys each: keys are added to the young one; when it is
 * full it becomes the old one and the old one is dropped whole. A hit in the young generation
 * costs one lookup, and adding a key needs no eviction walk, where an exact LRU moves its entry
 * on every hit and looks for its oldest entry on every add.
 *
 * What callers can count on: it never holds more than `limit` keys; a key read or written is kept
 * until at least ⌈limit / 2⌉ other keys have been added or read back from the old generation
 * after it. So it remembers the last ⌈limit / 2⌉ to `limit` keys used, not always the last `limit`.
 */
export class Lru<K, V> {
  readonly #generationSize: number;
  #young = new Map<K, V>();
  #old = new Map<K, V>();

  constructor(limit: number) {
    this.#generationSize = Math.max(1, Math.ceil(limit / 2));
  }

  get(key: K): V | undefined {
    const value = this.#young.get(key);
    if (value !== undefined) return value;
    const older = this.#old.get(key);
    if (older !== undefined) {
      // Read back: it moves to the young generation, so the next drop does not take it.
      this.#old.delete(key);
      this.#add(key, older);
    }
    return older;
  }

  set(key: K, value: V): void {
    if (this.#young.has(key)) {
      this.#young.set(key, value);
      return;
    }
    this.#old.delete(key);
    this.#add(key, value);
  }

  delete(key: K): void {
    this.#young.delete(key);
    this.#old.delete(key);
  }

  clear(): void {
    this.#young.clear();
    this.#old.clear();
  }

  /** Keys held (each is in one generation only). */
  get size(): number {
    return this.#young.size + this.#old.size;
  }

  #add(key: K, value: V): void {
    this.#young.set(key, value);
    if (this.#young.size < this.#generationSize) return;
    this.#old = this.#young;
    this.#young = new Map();
  }
}
