/**
 * A small, approximately least-recently-used map: the replies to recent command ids, the store's
 * recent conversations.
 *
 * Bounded: it never holds more than `limit` entries; past that, the entry at the old end goes.
 * Approximate: a hit moves its entry to the young end only when the entry is in the older half,
 * so the common hit (a key used again soon) costs one lookup instead of a delete and an insert on
 * every call. What callers can count on: a key read or written goes only after more than
 * `limit / 2` new keys were written after it (moves never push anything out).
 */
export class Lru<K, V> {
  readonly #limit: number;
  /** Entries younger than this many moves or inserts are left where they are on a hit. */
  readonly #youngSpan: number;
  // Map keeps insertion order: the first key is at the old end.
  readonly #entries = new Map<K, Entry<V>>();
  /** Counts inserts and moves to the young end; an entry's `stamp` is the count at its last one. */
  #clock = 0;

  constructor(limit: number) {
    this.#limit = limit;
    this.#youngSpan = Math.max(1, Math.floor(limit / 2));
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#touch(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      entry.value = value;
      this.#touch(key, entry);
      return;
    }
    this.#entries.set(key, { value, stamp: ++this.#clock });
    if (this.#entries.size > this.#limit) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Moves the entry to the young end unless fewer than `limit / 2` entries can be younger than it. */
  #touch(key: K, entry: Entry<V>): void {
    // At most `clock - stamp` entries were inserted or moved after this one, so it is young enough.
    if (this.#clock - entry.stamp < this.#youngSpan) return;
    entry.stamp = ++this.#clock;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
  }
}

interface Entry<V> {
  value: V;
  stamp: number;
}
