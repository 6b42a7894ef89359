/**
 * Conversations and messages in SQLite (the `ChatStore` half of `SqliteStore`, which hands these
 * methods here). Every statement is prepared once.
 *
 * Storing a message is a read and an append: a resend of (conversation, messageId) is found in
 * the write-behind log's memory or by the messages' unique index, and answered with the stored
 * message; anything else is appended to the log (sqlite-message-log.ts) under the next seq, and
 * moved into `messages` later in bulk. The next seq comes from the conversation kept in memory: one
 * process owns the data directory (data-dir-lock.ts), so what it wrote is what is there. The
 * highest seq is read from the messages themselves (their primary key, and the log), so no
 * conversation row is rewritten per message; the `last_seq` column is written when a conversation
 * is inserted and is not read. A command's message and its change to the conversation go in one
 * savepoint.
 *
 * Recent conversations are kept in memory (an LRU), updated by every write made here, so a message
 * neither re-reads nor re-parses its conversation. Callers get copies.
 *
 * Group commit: the messages that arrive in one turn of the event loop are stored in one IMMEDIATE
 * transaction (flushed on `setImmediate`); a caller hears back only after the commit. Callers never
 * have two messages of one conversation in a batch (each waits for its conversation's turn). If
 * the commit fails, the batch's conversations are dropped from memory and read again.
 */
import type Database from 'better-sqlite3';

import { log } from '../log.js';
import { Lru } from '../transport/lru.js';
import {
  CONVERSATION_COLUMNS,
  MESSAGE_COLUMNS,
  UPDATE_CONVERSATION,
  conversationParams,
  messageParams,
  toConversation,
  toMessage,
} from './chat-rows.js';
import type { ConversationParams, ConversationRow, MessageParams, MessageRow } from './chat-rows.js';
import { SqliteMessageLog } from './sqlite-message-log.js';
import type {
  AppendOutcome,
  ChatStore,
  ConversationRecord,
  MessageDraft,
  MessageRecord,
} from './chat-store.js';

/** A conversation's columns, `last_seq` being the highest seq of its messages. */
const SELECT_CONVERSATION = `SELECT ${CONVERSATION_COLUMNS.filter((c) => c !== 'last_seq')
  .map((c) => `c.${c}`)
  .join(', ')},
  (SELECT IFNULL(MAX(m.seq), 0) FROM messages m WHERE m.conversation_id = c.id) AS last_seq
  FROM conversations c`;

/** How many conversations stay in memory: the busy ones, a few hundred bytes each. */
const CACHED_CONVERSATIONS = 10_000;

function prepare(db: Database.Database) {
  return {
    insertConversation: db.prepare<[ConversationParams]>(
      `INSERT INTO conversations (${CONVERSATION_COLUMNS.join(', ')})
       VALUES (${CONVERSATION_COLUMNS.map((c) => `@${c}`).join(', ')})`,
    ),
    updateConversation: db.prepare<[ConversationParams]>(UPDATE_CONVERSATION),
    // Taken only while still waiting or offline: two agents accepting at once cannot both win.
    takeConversation: db.prepare<[ConversationParams]>(
      `${UPDATE_CONVERSATION} AND status IN ('waiting', 'offline')`,
    ),
    getConversation: db.prepare<[string], ConversationRow>(`${SELECT_CONVERSATION} WHERE c.id = ?`),
    findActive: db.prepare<[string, string, string], ConversationRow>(
      `${SELECT_CONVERSATION}
       WHERE c.org_id = ? AND c.visitor_id = ? AND c.scope = ? AND c.status IN ('waiting', 'active')`,
    ),
    findOffline: db.prepare<[string, string, string, string], ConversationRow>(
      `${SELECT_CONVERSATION} JOIN messages first ON first.conversation_id = c.id AND first.seq = 1
       WHERE c.org_id = ? AND c.visitor_id = ? AND c.scope = ? AND c.status = 'offline' AND first.text = ?
       ORDER BY c.created_at DESC LIMIT 1`,
    ),
    countOpenOf: db
      .prepare<[string, string], number>(
        "SELECT COUNT(*) FROM conversations WHERE org_id = ? AND visitor_id = ? AND status IN ('waiting', 'active')",
      )
      .pluck(),
    listOpen: db.prepare<[string], ConversationRow>(
      `${SELECT_CONVERSATION} WHERE c.org_id = ? AND c.status <> 'ended' ORDER BY c.created_at, c.rowid`,
    ),
    // Only for an offline conversation's first message; the others go through the log.
    insertMessage: db.prepare<[MessageParams]>(
      `INSERT INTO messages (${MESSAGE_COLUMNS})
       VALUES (@conversation_id, @seq, @message_id, @from, @agent_id, @agent_name, @text, @kind, @sent_at)
       ON CONFLICT (conversation_id, message_id) DO NOTHING`,
    ),
    getMessage: db.prepare<[string, string], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND message_id = ?`,
    ),
    listMessages: db.prepare<[string, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    ),
    listVisibleMessages: db.prepare<[string, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages
       WHERE conversation_id = ? AND seq > ? AND kind <> 'command' ORDER BY seq LIMIT ?`,
    ),
  };
}

const batchKey = (conversationId: string, messageId: string) => `${conversationId}\n${messageId}`;

/** How one message of a batch came out, told to its caller once the batch has committed. */
type Settle = { ok: true; outcome: AppendOutcome } | { ok: false; error: unknown };

interface PendingAppend {
  draft: MessageDraft;
  change: ConversationRecord | undefined;
  resolve: (outcome: AppendOutcome) => void;
  reject: (error: unknown) => void;
}

export class SqliteChatStore implements ChatStore {
  readonly #statements: ReturnType<typeof prepare>;
  readonly #log: SqliteMessageLog;
  /** Recent conversations as stored (committed or in the batch being written), by id. */
  readonly #cache = new Lru<string, ConversationRecord>(CACHED_CONVERSATIONS);
  readonly #start: Database.Transaction<
    (c: ConversationRecord) => { conversation: ConversationRecord; created: boolean }
  >;
  readonly #createOffline: Database.Transaction<
    (c: ConversationRecord, first: MessageDraft) => MessageRecord
  >;
  /** A command's message and its change; inside the batch's transaction, a savepoint of its own. */
  readonly #appendWithChange: Database.Transaction<
    (message: MessageRecord, change: ConversationRecord) => void
  >;
  readonly #appendBatch: Database.Transaction<(batch: PendingAppend[]) => Settle[]>;
  #pending: PendingAppend[] = [];
  /** The messages the batch being written has appended, by conversation and messageId: not yet in the log's memory. */
  readonly #inBatch = new Map<string, MessageRecord>();
  #flush: NodeJS.Immediate | undefined;

  constructor(db: Database.Database) {
    const s = (this.#statements = prepare(db));
    const messageLog = (this.#log = new SqliteMessageLog(db));

    this.#start = db.transaction((c: ConversationRecord) => {
      const existing = s.findActive.get(c.orgId, c.visitorId, c.scope);
      if (existing) return { conversation: this.#fromRow(existing), created: false };
      s.insertConversation.run(conversationParams(c));
      return { conversation: c, created: true };
    });

    // Defined once here (not per call): better-sqlite3 wraps the function at definition.
    this.#createOffline = db.transaction((c: ConversationRecord, first: MessageDraft) => {
      s.insertConversation.run(conversationParams(c));
      s.insertMessage.run(messageParams(first, 1));
      return { ...first, seq: 1 };
    });

    this.#appendWithChange = db.transaction((message: MessageRecord, change: ConversationRecord) => {
      messageLog.write(message);
      s.updateConversation.run(conversationParams(change));
    });

    this.#appendBatch = db.transaction((batch: PendingAppend[]) => {
      const settled = batch.map((item): Settle => {
        try {
          return { ok: true, outcome: this.#appendOne(item.draft, item.change) };
        } catch (error) {
          // A failing statement undoes only itself (a command's, its savepoint); the others commit.
          // Unless SQLite undid the whole transaction (a full disk, an I/O error): then so does the batch.
          if (!db.inTransaction) throw error;
          return { ok: false, error };
        }
      });
      // The plain messages were staged by #appendOne: written now, many per statement.
      const failed = messageLog.writeStaged();
      if (failed.size > 0) this.#unstage(settled, failed);
      return settled;
    });
  }

  async startConversation(
    c: ConversationRecord,
  ): Promise<{ conversation: ConversationRecord; created: boolean }> {
    const outcome = this.#start.immediate(c);
    this.#remember(outcome.conversation);
    return { ...outcome, conversation: { ...outcome.conversation } };
  }

  async createOfflineConversation(c: ConversationRecord, first: MessageDraft): Promise<MessageRecord> {
    const message = this.#createOffline.immediate(c, first);
    this.#remember({ ...c, lastSeq: message.seq });
    return message;
  }

  async getConversation(orgId: string, conversationId: string): Promise<ConversationRecord | null> {
    const c = this.#cached(conversationId);
    return c && c.orgId === orgId ? { ...c } : null;
  }

  async findActiveConversation(
    orgId: string,
    visitorId: string,
    scope: string,
  ): Promise<ConversationRecord | null> {
    const row = this.#statements.findActive.get(orgId, visitorId, scope);
    return row ? this.#fromRow(row) : null;
  }

  async findOfflineConversation(
    orgId: string,
    visitorId: string,
    scope: string,
    text: string,
  ): Promise<ConversationRecord | null> {
    // Rare (an offline form sent again), and the first message may still be in the log.
    this.#log.compact();
    const row = this.#statements.findOffline.get(orgId, visitorId, scope, text);
    return row ? this.#fromRow(row) : null;
  }

  async countOpenConversationsOf(orgId: string, visitorId: string): Promise<number> {
    return this.#statements.countOpenOf.get(orgId, visitorId) ?? 0;
  }

  async listOpenConversations(orgId: string): Promise<ConversationRecord[]> {
    return this.#statements.listOpen.all(orgId).map((row) => this.#fromRow(row));
  }

  async updateConversation(c: ConversationRecord): Promise<void> {
    const changed = this.#statements.updateConversation.run(conversationParams(c)).changes === 1;
    this.#written(c, changed);
  }

  async takeConversation(c: ConversationRecord): Promise<boolean> {
    const taken = this.#statements.takeConversation.run(conversationParams(c)).changes === 1;
    this.#written(c, taken);
    return taken;
  }

  appendMessage(draft: MessageDraft, change?: ConversationRecord): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ draft, change, resolve, reject });
      this.#flush ??= setImmediate(() => this.#commitPending());
    });
  }

  /**
   * Stores what is pending now, if anything, and empties the log: before the database closes. A
   * log that cannot be emptied now is left for the next start to move.
   */
  flush(): void {
    this.#commitNow();
    try {
      this.#log.compact();
    } catch (error) {
      log.error('Could not move the message log into messages; the next start will.', error);
    }
  }

  /**
   * Moves the write-behind log into `messages`, after storing what is pending: before a query of
   * the table that does not look at the log (retention's idle sweep and purge). Throws if it cannot.
   */
  compactLog(): void {
    this.#commitNow();
    this.#log.compact();
  }

  #commitNow(): void {
    clearImmediate(this.#flush);
    this.#commitPending();
  }

  /** Drops the conversations kept in memory: after rows were deleted behind their back (a purge). */
  forgetConversations(): void {
    this.#cache.clear();
  }

  /** Stores one message of the batch under the conversation's next seq (see the header). */
  #appendOne(draft: MessageDraft, change: ConversationRecord | undefined): AppendOutcome {
    const c = this.#cached(draft.conversationId);
    if (!c) throw new Error(`no conversation ${draft.conversationId}`);
    const stored = this.#stored(draft.conversationId, draft.messageId);
    if (stored) return { message: stored, created: false };
    const seq = c.lastSeq + 1;
    const message = { ...draft, seq };
    try {
      if (change) this.#appendWithChange(message, change);
      else this.#log.stage(message);
    } catch (error) {
      // Whatever failed, the next message reads the conversation afresh rather than trust memory.
      this.#cache.delete(c.id);
      throw error;
    }
    if (change) this.#cache.set(c.id, { ...change, lastSeq: seq });
    else c.lastSeq = seq;
    this.#inBatch.set(batchKey(draft.conversationId, draft.messageId), message);
    return { message, created: true };
  }

  /** Staged messages that could not be written fail, and their conversations are read afresh. */
  #unstage(settled: Settle[], failed: Map<MessageRecord, unknown>): void {
    settled.forEach((result, i) => {
      if (!result.ok) return;
      const error = failed.get(result.outcome.message);
      if (error === undefined) return;
      const { conversationId, messageId } = result.outcome.message;
      this.#cache.delete(conversationId);
      this.#inBatch.delete(batchKey(conversationId, messageId));
      settled[i] = { ok: false, error };
    });
  }

  /** The message stored under (conversation, messageId), in the log or the table. */
  #stored(conversationId: string, messageId: string): MessageRecord | null {
    const logged =
      this.#log.find(conversationId, messageId) ?? this.#inBatch.get(batchKey(conversationId, messageId));
    if (logged) return { ...logged };
    const row = this.#statements.getMessage.get(conversationId, messageId);
    return row ? toMessage(row) : null;
  }

  /** A conversation read from its row, its last seq counting the messages still in the log. */
  #fromRow(row: ConversationRow): ConversationRecord {
    const c = toConversation(row);
    c.lastSeq = Math.max(c.lastSeq, this.#log.lastSeq(c.id));
    return c;
  }

  /** The stored conversation, from memory or read once. */
  #cached(conversationId: string): ConversationRecord | null {
    const known = this.#cache.get(conversationId);
    if (known) return known;
    const row = this.#statements.getConversation.get(conversationId);
    if (!row) return null;
    const c = this.#fromRow(row);
    this.#cache.set(c.id, c);
    return c;
  }

  #remember(c: ConversationRecord): void {
    this.#cache.set(c.id, { ...c });
  }

  /** After an update: what was written, with the seq only messages move; or, if nothing was, read afresh. */
  #written(c: ConversationRecord, changed: boolean): void {
    const known = this.#cache.get(c.id);
    if (changed && known) this.#cache.set(c.id, { ...c, lastSeq: known.lastSeq });
    else this.#cache.delete(c.id);
  }

  #commitPending(): void {
    this.#flush = undefined;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    let settled: Settle[];
    try {
      settled = this.#appendBatch.immediate(batch);
    } catch (error) {
      this.#inBatch.clear();
      // The transaction failed as a whole: nothing of the batch is stored, and the seqs it took
      // in memory are not the stored ones.
      for (const item of batch) {
        this.#cache.delete(item.draft.conversationId);
        item.reject(error);
      }
      return;
    }
    // Only now, committed, are the log's new rows visible, and does anyone hear they are stored.
    this.#inBatch.clear();
    for (const result of settled)
      if (result.ok && result.outcome.created) this.#log.remember({ ...result.outcome.message });
    batch.forEach((item, i) => {
      const result = settled[i]!;
      if (result.ok) item.resolve(result.outcome);
      else item.reject(result.error);
    });
    this.#log.compactSoonIfDue();
  }

  async getMessage(conversationId: string, messageId: string): Promise<MessageRecord | null> {
    return this.#stored(conversationId, messageId);
  }

  async listMessages(
    conversationId: string,
    afterSeq: number,
    limit: number,
    withCommands: boolean,
  ): Promise<MessageRecord[]> {
    const statement = withCommands ? this.#statements.listMessages : this.#statements.listVisibleMessages;
    const stored = statement.all(conversationId, afterSeq, limit).map(toMessage);
    return this.#log.appendTo(stored, conversationId, afterSeq, limit, withCommands);
  }
}
