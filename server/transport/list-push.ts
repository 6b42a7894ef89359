/**
 * Keeps one connection's copy of a long list (an agent's waiting tickets, its conversations) up to
 * date at a bounded cost: a snapshot when it starts watching, then numbered diffs of what changed
 * (`ListDiff`), at most one per tick however many changes came in it. While the client is not
 * reading (its socket's send buffer is full), nothing more is queued for it: the next diff, once
 * it reads again, goes from what it has to the latest list, so a slow client costs the hub one
 * list, not a backlog.
 *
 * Work for one connection runs in order, the snapshot included, so a diff computed from an older
 * list never follows a newer one.
 */
import type { ListDiff } from '../../src/protocol/list-diff.js';
import { log } from '../log.js';
import type { Connection } from './connection.js';

/** Changes within this long go out as one diff. */
export const LIST_TICK_MS = 50;
/** A client with this much unsent is not reading: its diffs wait, coalescing, until it catches up. */
export const LIST_BACKLOG_BYTES = 64 * 1024;

export interface ListSource<T> {
  /** The list as it is now, in order. */
  read(): Promise<T[]>;
  idOf(item: T): string;
  /** Sends a diff to the connection. */
  send(diff: ListDiff<T>): void;
}

export class ListPush<T> {
  readonly #connection: Connection;
  readonly #source: ListSource<T>;
  /** The JSON of each item the client has, in its order. */
  #sent = new Map<string, string>();
  #seq = 0;
  #chain: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(connection: Connection, source: ListSource<T>) {
    this.#connection = connection;
    this.#source = source;
  }

  /** The whole list and its number, after any work already queued; later diffs follow from it. */
  snapshot(): Promise<{ list: T[]; seq: number }> {
    const result = this.#chain.then(async () => {
      const list = await this.#source.read();
      this.#sent = new Map(list.map((item) => [this.#source.idOf(item), JSON.stringify(item)]));
      return { list, seq: ++this.#seq };
    });
    this.#chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** The list may have changed: a diff goes out within a tick (none if nothing changed for this client). */
  changed(): void {
    if (this.#stopped || this.#timer) return;
    this.#timer = setTimeout(() => this.#flush(), LIST_TICK_MS);
    this.#timer.unref();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #flush(): void {
    this.#timer = undefined;
    if (this.#stopped || this.#connection.closed) return;
    if (this.#connection.socket.bufferedAmount > LIST_BACKLOG_BYTES) {
      // Not reading: try again later, against whatever the list is by then.
      this.changed();
      return;
    }
    this.#chain = this.#chain
      .then(async () => {
        if (this.#stopped || this.#connection.closed) return;
        const diff = this.#diff(await this.#source.read());
        if (diff && !this.#stopped) this.#source.send(diff);
      })
      .catch((error: unknown) => log.error(`connection ${this.#connection.id}: list push failed`, error));
  }

  /** What turns the client's list into `list` (null when they are the same); the client then has `list`. */
  #diff(list: T[]): ListDiff<T> | null {
    const { idOf } = this.#source;
    const next = new Map<string, string>();
    const upsert: T[] = [];
    const appended: string[] = [];
    for (const item of list) {
      const id = idOf(item);
      const json = JSON.stringify(item);
      next.set(id, json);
      const had = this.#sent.get(id);
      if (had === json) continue;
      upsert.push(item);
      if (had === undefined) appended.push(id);
    }
    const remove = [...this.#sent.keys()].filter((id) => !next.has(id));
    if (upsert.length === 0 && remove.length === 0 && sameOrder(this.#sent, next)) return null;

    // The order the client arrives at without being told: its own, less removals, plus new ids.
    const implied = [...[...this.#sent.keys()].filter((id) => next.has(id)), ...appended];
    const order = [...next.keys()];
    const reordered = implied.some((id, i) => order[i] !== id);
    this.#sent = next;
    const seq = ++this.#seq;
    if (upsert.length >= list.length && list.length > 0)
      return { seq, reset: true, remove: [], upsert: list };
    return reordered ? { seq, remove, upsert, order } : { seq, remove, upsert };
  }
}

function sameOrder(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  const ids = b.keys();
  for (const id of a.keys()) if (ids.next().value !== id) return false;
  return true;
}
