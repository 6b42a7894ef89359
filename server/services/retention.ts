/**
 * Retention: each org keeps transcripts, finished tickets, past bookings and idle visitors for as
 * many days as its `retentionDays` setting says (`npm run hub -- org set <org> --retention-days N`);
 * without the setting it keeps them. Every process sweeps once an hour: a sweep deletes only what is
 * older than the cutoff, so two processes sweeping at once do the same work once.
 *
 * A sweep also ends conversations their visitor abandoned: waiting or active with no message for
 * `conversationIdleMs` (default 24 hours), as if the visitor had ended them (agents hear of it).
 * Tickets need no sweep: a waiting visitor without a connection leaves the queue after its grace
 * (TANDEM_VISITOR_GRACE_MS, vanishing.ts).
 */
import type { ConversationRecord } from '../store/chat-store.js';
import type { PurgeCounts, Store } from '../store/store.js';
import { log } from '../log.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
export const DEFAULT_CONVERSATION_IDLE_MS = 24 * HOUR_MS;
/** Abandoned conversations ended per sweep at most: a backlog goes over several sweeps. */
const IDLE_BATCH = 500;

export interface RetentionOptions {
  now?: () => number;
  conversationIdleMs?: number;
  /** Ends one abandoned conversation (through the chat service, so agents hear of it). */
  endIdle?: (conversation: ConversationRecord) => Promise<void>;
}

export class Retention {
  readonly #store: Store;
  readonly #now: () => number;
  readonly #options: RetentionOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> | null = null;

  constructor(store: Store, options: RetentionOptions = {}) {
    this.#store = store;
    this.#now = options.now ?? Date.now;
    this.#options = options;
  }

  /** Sweeps now, then every hour, until `close`. */
  start(intervalMs = HOUR_MS): void {
    void this.sweep();
    this.#timer = setInterval(() => void this.sweep(), intervalMs);
    this.#timer.unref();
  }

  /** Deletes, for every org with a retention setting, what is older than it; resolves with the counts. */
  async sweep(): Promise<Map<string, PurgeCounts>> {
    const done = new Map<string, PurgeCounts>();
    // One sweep at a time in this process: a slow database must not pile sweeps up.
    if (this.#running) await this.#running;
    const run = (async () => {
      await this.#endIdleConversations();
      for (const org of await this.#store.listOrgs()) {
        const { retentionDays } = await this.#store.getOrgSettings(org.id);
        if (!retentionDays) continue;
        const before = new Date(this.#now() - retentionDays * DAY_MS).toISOString();
        const counts = await this.#store.purgeBefore(org.id, before);
        done.set(org.id, counts);
        if (Object.values(counts).some((n) => n > 0))
          log.info(`retention: org ${org.id} before ${before}`, counts);
      }
    })().catch((error: unknown) => log.error('retention sweep failed', error));
    this.#running = run;
    await run;
    this.#running = null;
    return done;
  }

  async #endIdleConversations(): Promise<void> {
    const endIdle = this.#options.endIdle;
    if (!endIdle) return;
    const idleMs = this.#options.conversationIdleMs ?? DEFAULT_CONVERSATION_IDLE_MS;
    const before = new Date(this.#now() - idleMs).toISOString();
    const idle = await this.#store.listIdleConversations(before, IDLE_BATCH);
    for (const conversation of idle) {
      await endIdle(conversation).catch((error: unknown) =>
        log.warn(`retention: ending abandoned conversation ${conversation.id} failed`, error),
      );
    }
    if (idle.length > 0) log.info(`retention: ended ${idle.length} abandoned conversation(s)`);
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }
}
