/**
 * Parties that vanish: a party of a ticket or call (a visitor by visitor id, an agent by agent id)
 * is here while at least one connection speaks for it. When its last one goes, a timer starts for
 * as long as the judge says its business allows (a call, a waiting ticket); a connection coming
 * back in time cancels it, otherwise the judge is told the party is gone.
 *
 * Parties read back after a restart have no connection yet: they count as away from start-up
 * (`review`). This is the one-process `PartyWatch`, with timers in this process; several processes
 * share theirs through Redis, with due timers any process may fire (server/cluster/).
 */
import { log } from '../log.js';

export type PartyKind = 'visitor' | 'agent';

export interface Party {
  orgId: string;
  kind: PartyKind;
  /** Visitor id or agent id. */
  id: string;
}

export interface DepartureJudge {
  /** How long the party may be away before it counts as gone; null while nothing is at stake. */
  graceFor(party: Party): number | null;
  /**
   * The grace ran out. The judge checks again once it has its turn on the line, with `awayMs`
   * (null when a connection came back meanwhile), since what is at stake may have changed.
   */
  gone(party: Party, awayMs: () => number | null | Promise<number | null>): Promise<void>;
  /** Reads what is at stake back from the record first (several processes); optional. */
  prepare?(party: Party): Promise<void>;
}

/** Which parties are here, and when one counts as gone: the port that differs in a cluster. */
export interface PartyWatch {
  judgeWith(judge: DepartureJudge): void;
  attach(party: Party): void;
  detach(party: Party): void;
  review(party: Party): void;
  close(): void;
}

interface Entry {
  party: Party;
  connections: number;
  /** When the last connection went (ms), while there is none. */
  awaySince: number | null;
  timer: NodeJS.Timeout | undefined;
}

export class Departures implements PartyWatch {
  readonly #entries = new Map<string, Entry>();
  #judge: DepartureJudge | null = null;
  #closed = false;

  /** Set once the services that decide are built (they come after the connection registry). */
  judgeWith(judge: DepartureJudge): void {
    this.#judge = judge;
  }

  isHere(party: Party): boolean {
    return (this.#entries.get(key(party))?.connections ?? 0) > 0;
  }

  /** A connection now speaks for the party. */
  attach(party: Party): void {
    const entry = this.#entry(party);
    entry.connections++;
    entry.awaySince = null;
    clearTimeout(entry.timer);
    entry.timer = undefined;
  }

  /** A connection no longer speaks for the party. */
  detach(party: Party): void {
    const entry = this.#entries.get(key(party));
    if (!entry || entry.connections === 0) return;
    entry.connections--;
    if (entry.connections > 0) return;
    entry.awaySince = Date.now();
    this.review(party);
  }

  /**
   * Re-arms the party's timer after what is at stake for it changed (a call started or ended, a
   * ticket began waiting). The grace counts from when the party went, not from now.
   */
  review(party: Party): void {
    if (this.#closed || !this.#judge) return;
    const entry = this.#entry(party);
    clearTimeout(entry.timer);
    entry.timer = undefined;
    if (entry.connections > 0) return;
    const grace = this.#judge.graceFor(party);
    if (grace === null) {
      this.#forget(entry);
      return;
    }
    entry.awaySince ??= Date.now();
    const wait = Math.max(entry.awaySince + grace - Date.now(), 0);
    entry.timer = setTimeout(() => this.#expire(entry), wait);
    entry.timer.unref();
  }

  /** Stops every timer: at shutdown no connection closing means anybody left. */
  close(): void {
    this.#closed = true;
    for (const entry of this.#entries.values()) clearTimeout(entry.timer);
    this.#entries.clear();
  }

  #expire(entry: Entry): void {
    entry.timer = undefined;
    const judge = this.#judge;
    if (this.#closed || !judge || entry.connections > 0) return;
    const party = entry.party;
    judge
      .gone(party, () => this.#awayMs(party))
      .then(
        // Re-armed for whatever is still at stake (nothing, once the judge acted).
        () => {
          if (!this.#closed && !this.isHere(party)) this.review(party);
        },
        (error: unknown) =>
          log.error(`${party.kind} ${party.orgId}/${party.id}: ending its business failed`, error),
      );
  }

  /** How long the party has been away, or null while it is here. Looked up afresh each time. */
  #awayMs(party: Party): number | null {
    if (this.#closed) return null;
    const entry = this.#entries.get(key(party));
    if (!entry) return null;
    if (entry.connections > 0 || entry.awaySince === null) return null;
    return Date.now() - entry.awaySince;
  }

  #entry(party: Party): Entry {
    const k = key(party);
    let entry = this.#entries.get(k);
    if (!entry) {
      entry = { party, connections: 0, awaySince: null, timer: undefined };
      this.#entries.set(k, entry);
    }
    return entry;
  }

  #forget(entry: Entry): void {
    if (entry.connections === 0 && entry.timer === undefined) this.#entries.delete(key(entry.party));
  }
}

function key(party: Party): string {
  return JSON.stringify([party.orgId, party.kind, party.id]);
}
