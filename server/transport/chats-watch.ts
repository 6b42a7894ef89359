/**
 * Agent connections that sent `chats.watch`: each gets a snapshot of the conversations its agent
 * may see (waiting ones it may accept, its own, the org's offline ones), then `chats.diff` with
 * what changed, at most one per tick and only on a real change (see list-push.ts for the costs
 * this bounds). The watchers of an org share one read of its open conversations per change, not
 * one each.
 */
import { PROTOCOL_VERSION } from '../../src/protocol/frames.js';
import type { Conversation } from '../../src/protocol/frames.js';
import { visibleIn } from '../services/chat/access.js';
import type { OpenSnapshot } from '../services/chat/access.js';
import type { ConversationService } from '../services/chat/conversations.js';
import type { Connection } from './connection.js';
import { ListPush } from './list-push.js';

interface Watcher {
  agentId: string;
  push: ListPush<Conversation>;
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

  /** Starts (or restarts) watching for the connection's agent; resolves to the first list and its number. */
  start(connection: Connection, agentId: string): Promise<{ list: Conversation[]; seq: number }> {
    let watcher = this.#watchers.get(connection);
    if (!watcher || watcher.agentId !== agentId) {
      watcher?.push.stop();
      let first = true;
      const push = new ListPush<Conversation>(connection, {
        // The snapshot reads afresh; diffs share the org's latest read.
        read: async () => {
          if (first) {
            first = false;
            return this.#list(connection, agentId);
          }
          const snapshot = await this.#snapshot(connection.orgId);
          return visibleIn(snapshot, agentId).map((view) =>
            this.#conversations.info(view, 'agent', connection.baseUrl),
          );
        },
        idOf: (conversation) => conversation.conversationId,
        send: (diff) => connection.sendEvent({ v: PROTOCOL_VERSION, type: 'chats.diff', ...diff }),
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

  /** The org's open conversations changed: every watcher in it gets a diff soon. */
  refresh(orgId: string): void {
    this.#generations.set(orgId, (this.#generations.get(orgId) ?? 0) + 1);
    for (const [connection, watcher] of this.#watchers) {
      if (connection.orgId !== orgId) continue;
      if (!this.#valid(connection, watcher)) {
        this.stop(connection);
        continue;
      }
      watcher.push.changed();
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
