/**
 * Agent connections that sent `tickets.watch`: each is kept told, with `tickets.state`, of the
 * waiting tickets its agent may take, whenever that list changes, and only then.
 *
 * The work for one connection runs in order, the first snapshot included, so a push computed
 * from an older line can never arrive after a newer one; bursts of changes coalesce.
 */
import { PROTOCOL_VERSION } from '../../src/protocol/frames.js';
import type { QueueTicket } from '../../src/protocol/frames.js';
import { log } from '../log.js';
import type { CallService } from '../services/calls.js';
import type { Connection } from './connection.js';

interface Watcher {
  agentId: string;
  /** JSON of the list the client has. */
  sent: string | null;
  chain: Promise<void>;
  refreshQueued: boolean;
}

export class TicketsWatch {
  readonly #calls: CallService;
  readonly #watchers = new Map<Connection, Watcher>();

  constructor(calls: CallService) {
    this.#calls = calls;
  }

  /** Starts (or restarts) watching for the connection's agent; resolves to the first list. */
  start(connection: Connection, agentId: string): Promise<QueueTicket[]> {
    let watcher = this.#watchers.get(connection);
    if (!watcher || watcher.agentId !== agentId) {
      watcher = { agentId, sent: null, chain: Promise.resolve(), refreshQueued: false };
      this.#watchers.set(connection, watcher);
    }
    const current = watcher;
    const first = current.chain.then(async () => {
      const tickets = await this.#calls.ticketsFor(connection.orgId, agentId);
      current.sent = JSON.stringify(tickets);
      return tickets;
    });
    current.chain = first.then(
      () => undefined,
      () => undefined,
    );
    return first;
  }

  stop(connection: Connection): void {
    this.#watchers.delete(connection);
  }

  /** Whether the connection watches, for its current agent. */
  isWatching(connection: Connection, agentId: string): boolean {
    return this.#valid(connection, this.#watchers.get(connection)) && connection.agent?.agentId === agentId;
  }

  /** The org's waiting tickets changed: every watcher in it recomputes its list. */
  refresh(orgId: string): void {
    for (const [connection, watcher] of this.#watchers) {
      if (connection.orgId !== orgId) continue;
      if (!this.#valid(connection, watcher)) {
        this.#watchers.delete(connection);
        continue;
      }
      if (watcher.refreshQueued) continue;
      watcher.refreshQueued = true;
      watcher.chain = watcher.chain
        .then(async () => {
          watcher.refreshQueued = false;
          if (!this.#valid(connection, watcher)) return;
          const tickets = await this.#calls.ticketsFor(orgId, watcher.agentId);
          const json = JSON.stringify(tickets);
          if (json === watcher.sent || this.#watchers.get(connection) !== watcher) return;
          watcher.sent = json;
          connection.sendEvent({ v: PROTOCOL_VERSION, type: 'tickets.state', tickets });
        })
        .catch((error: unknown) => log.error(`connection ${connection.id}: tickets.state failed`, error));
    }
  }

  /** A watcher lapses when its socket closes or it no longer speaks for that agent (signed out). */
  #valid(connection: Connection, watcher: Watcher | undefined): watcher is Watcher {
    return watcher !== undefined && !connection.closed && connection.agent?.agentId === watcher.agentId;
  }
}
