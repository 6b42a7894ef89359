/**
 * Agent connections that sent `chats.watch`: each is kept told, with `chats.state`, of the
 * conversations its agent may see (waiting ones it may accept, its own, the org's offline ones)
 * whenever that list changes, and only then.
 *
 * The work for one connection runs in order, the first snapshot included, so a list computed
 * from an older state never arrives after a newer one; bursts of changes coalesce into one. The
 * watchers of an org share one read of its open conversations per change, not one each.
 */
import { PROTOCOL_VERSION } from '../../src/protocol/frames.js';
import type { Conversation } from '../../src/protocol/frames.js';
import { log } from '../log.js';
import { visibleIn } from '../services/chat/access.js';
import type { OpenSnapshot } from '../services/chat/access.js';
import type { ConversationService } from '../services/chat/conversations.js';
import type { Connection } from './connection.js';

interface Watcher {
  agentId: string;
  /** JSON of the list the client has. */
  sent: string | null;
  chain: Promise<void>;
  refreshQueued: boolean;
}

/** One read of an org's open conversations, good for the changes announced before it began. */
interface SharedSnapshot {
  generation: number;
  snapshot: Promise<OpenSnapshot>;
}

export class ChatsWatch {
  readonly #conversations: ConversationService;
  readonly #watchers = new Map<Connection, Watcher>();
  /** Per org: how many changes were announced, and the latest shared read. */
  readonly #generations = new Map<string, number>();
  readonly #snapshots = new Map<string, SharedSnapshot>();

  constructor(conversations: ConversationService) {
    this.#conversations = conversations;
  }

  /** Starts (or restarts) watching for the connection's agent; resolves to the first list. */
  start(connection: Connection, agentId: string): Promise<Conversation[]> {
    let watcher = this.#watchers.get(connection);
    if (!watcher || watcher.agentId !== agentId) {
      watcher = { agentId, sent: null, chain: Promise.resolve(), refreshQueued: false };
      this.#watchers.set(connection, watcher);
    }
    const current = watcher;
    const first = current.chain.then(async () => {
      const conversations = await this.#list(connection, agentId);
      current.sent = JSON.stringify(conversations);
      return conversations;
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

  /** The org's open conversations changed: every watcher in it recomputes its list. */
  refresh(orgId: string): void {
    this.#generations.set(orgId, (this.#generations.get(orgId) ?? 0) + 1);
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
          const snapshot = await this.#snapshot(orgId);
          const conversations = visibleIn(snapshot, watcher.agentId).map((view) =>
            this.#conversations.info(view, 'agent', connection.baseUrl),
          );
          const json = JSON.stringify(conversations);
          if (json === watcher.sent || this.#watchers.get(connection) !== watcher) return;
          watcher.sent = json;
          connection.sendEvent({ v: PROTOCOL_VERSION, type: 'chats.state', conversations });
        })
        .catch((error: unknown) => log.error(`connection ${connection.id}: chats.state failed`, error));
    }
  }

  /**
   * A read that began after every change announced so far: shared by the watchers that run
   * before the next change, taken afresh after it (a watcher never gets a list older than the
   * change it was woken for).
   */
  #snapshot(orgId: string): Promise<OpenSnapshot> {
    const generation = this.#generations.get(orgId) ?? 0;
    const shared = this.#snapshots.get(orgId);
    if (shared?.generation === generation) return shared.snapshot;
    const snapshot = this.#conversations.openSnapshot(orgId);
    this.#snapshots.set(orgId, { generation, snapshot });
    // A failed read is not kept for others.
    snapshot.catch(() => {
      if (this.#snapshots.get(orgId)?.snapshot === snapshot) this.#snapshots.delete(orgId);
    });
    return snapshot;
  }

  async #list(connection: Connection, agentId: string): Promise<Conversation[]> {
    const views = await this.#conversations.visibleTo(connection.orgId, agentId);
    return views.map((view) => this.#conversations.info(view, 'agent', connection.baseUrl));
  }

  /** A watcher lapses when its socket closes or it no longer speaks for that agent (signed out). */
  #valid(connection: Connection, watcher: Watcher | undefined): watcher is Watcher {
    return watcher !== undefined && !connection.closed && connection.agent?.agentId === watcher.agentId;
  }
}
