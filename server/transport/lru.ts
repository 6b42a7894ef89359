/**
 * A small, approximately least-recently-used map: the replies to recent command ids, the store's
 * recent conversations.
 *
 * Two generations of at most ⌈limit / 2⌉ entries each: keys are written and read back into the
 * young one; when it is full it becomes the old one and the old one is dropped whole. A hit in the
 * young generation costs one lookup and a new key two and an insert, where an exact LRU moves its
 * entry on every hit and finds and deletes its oldest entry on every add (the replies to command
 * ids are a new key per command).
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
    // Read back: copied to the young generation, so the next drop does not take it. The copy
    // left in the old one is never read (the young one is asked first) and goes with it.
    if (older !== undefined) this.set(key, older);
    return older;
  }

  set(key: K, value: V): void {
    // No look at the old generation: a stale copy there is never read (as in `get`).
    const before = this.#young.size;
    this.#young.set(key, value);
    if (this.#young.size === before || this.#young.size < this.#generationSize) return;
    this.#old = this.#young;
    this.#young = new Map();
  }

  delete(key: K): void {
    this.#young.delete(key);
    this.#old.delete(key);
  }

  clear(): void {
    this.#young.clear();
    this.#old.clear();
  }

  /** Keys held (counted, not kept: nothing on the hot path asks). */
  get size(): number {
    let both = 0;
    for (const key of this.#young.keys()) if (this.#old.has(key)) both++;
    return this.#young.size + this.#old.size - both;
  }
}
