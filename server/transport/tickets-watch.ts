/**
 * Agent connections that sent `tickets.watch`: each gets a snapshot of the waiting tickets its
 * agent may take, then `tickets.diff` with what changed, at most one per tick and only on a real
 * change (see list-push.ts for the costs this bounds).
 */
import { PROTOCOL_VERSION } from '../../src/protocol/frames.js';
import type { QueueTicket } from '../../src/protocol/frames.js';
import type { CallService } from '../services/calls.js';
import type { Connection } from './connection.js';
import { ListPush } from './list-push.js';

interface Watcher {
  agentId: string;
  push: ListPush<QueueTicket>;
}

export class TicketsWatch {
  readonly #calls: CallService;
  readonly #watchers = new Map<Connection, Watcher>();

  constructor(calls: CallService) {
    this.#calls = calls;
  }

  /** Starts (or restarts) watching for the connection's agent; resolves to the first list and its number. */
  start(connection: Connection, agentId: string): Promise<{ list: QueueTicket[]; seq: number }> {
    let watcher = this.#watchers.get(connection);
    if (!watcher || watcher.agentId !== agentId) {
      watcher?.push.stop();
      const push = new ListPush<QueueTicket>(connection, {
        read: () => this.#calls.ticketsFor(connection.orgId, agentId),
        idOf: (ticket) => ticket.ticketId,
        send: (diff) => connection.sendEvent({ v: PROTOCOL_VERSION, type: 'tickets.diff', ...diff }),
      });
      watcher = { agentId, push };
      this.#watchers.set(connection, watcher);
    }
    return watcher.push.snapshot();
  }

  stop(connection: Connection): void {
    this.#watchers.get(connection)?.push.stop();
    this.#watchers.delete(connection);
  }

  /** Whether the connection watches, for its current agent. */
  isWatching(connection: Connection, agentId: string): boolean {
    return this.#valid(connection, this.#watchers.get(connection)) && connection.agent?.agentId === agentId;
  }

  /** The org's waiting tickets changed: every watcher in it gets a diff soon. */
  refresh(orgId: string): void {
    for (const [connection, watcher] of this.#watchers) {
      if (connection.orgId !== orgId) continue;
      if (!this.#valid(connection, watcher)) {
        this.stop(connection);
        continue;
      }
      watcher.push.changed();
    }
  }

  /** A watcher lapses when its socket closes or it no longer speaks for that agent (signed out). */
  #valid(connection: Connection, watcher: Watcher | undefined): watcher is Watcher {
    return watcher !== undefined && !connection.closed && connection.agent?.agentId === watcher.agentId;
  }
}
