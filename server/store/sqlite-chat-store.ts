/**
 * Conversations and messages in SQLite (the `ChatStore` half of `SqliteStore`, which hands these
 * methods here). Every statement is prepared once.
 *
 * Storing a message is at most three indexed statements: look up (conversation, messageId); if
 * absent, bump the conversation's `last_seq` (UPDATE … RETURNING) and insert the message under
 * it. Nothing reads the conversation's other messages, so the cost does not grow with the
 * transcript.
 *
 * Group commit: the messages that arrive in one turn of the event loop are stored in one IMMEDIATE
 * transaction (flushed on `setImmediate`), each inside its own savepoint, so one failing message
 * fails alone. A commit (and its share of WAL checkpoints) is paid once per batch instead of once
 * per message, which is most of a message's cost; a caller hears back only after the commit.
 * Callers never have two messages of one conversation in a batch (each waits for its
 * conversation's turn), and IMMEDIATE takes the write lock up front, so two processes on one file
 * never both read the same `last_seq`.
 */
import type Database from 'better-sqlite3';

import type { ConversationDetails, ConversationStatus, VisitorInfo } from '../../src/protocol/frames.js';
import type {
  AppendOutcome,
  ChatStore,
  ConversationRecord,
  MessageDraft,
  MessageRecord,
} from './chat-store.js';

export interface ConversationRow {
  id: string;
  org_id: string;
  queue_id: string;
  visitor_id: string;
  scope: string;
  status: ConversationStatus;
  visitor_info: string;
  agent_id: string | null;
  preset: string | null;
  locale: string | null;
  details: string;
  created_at: string;
  ended_at: string | null;
  last_seq: number;
  read_seq_visitor: number;
  read_seq_agent: number;
}

export interface MessageRow {
  conversation_id: string;
  seq: number;
  message_id: string;
  from: MessageRecord['from'];
  agent_id: string | null;
  agent_name: string | null;
  text: string;
  kind: MessageRecord['kind'];
  sent_at: string;
}

export const toConversation = (row: ConversationRow): ConversationRecord => ({
  id: row.id,
  orgId: row.org_id,
  queueId: row.queue_id,
  visitorId: row.visitor_id,
  scope: row.scope,
  status: row.status,
  // Written only by this store from validated, typed records, so the shapes are trusted.
  visitorInfo: JSON.parse(row.visitor_info) as VisitorInfo,
  agentId: row.agent_id,
  preset: row.preset,
  locale: row.locale,
  details: JSON.parse(row.details) as ConversationDetails,
  createdAt: row.created_at,
  endedAt: row.ended_at,
  lastSeq: row.last_seq,
  readSeqVisitor: row.read_seq_visitor,
  readSeqAgent: row.read_seq_agent,
});

export const conversationParams = (c: ConversationRecord) => ({
  id: c.id,
  org_id: c.orgId,
  queue_id: c.queueId,
  visitor_id: c.visitorId,
  scope: c.scope,
  status: c.status,
  visitor_info: JSON.stringify(c.visitorInfo),
  agent_id: c.agentId,
  preset: c.preset,
  locale: c.locale,
  details: JSON.stringify(c.details),
  created_at: c.createdAt,
  ended_at: c.endedAt,
  last_seq: c.lastSeq,
  read_seq_visitor: c.readSeqVisitor,
  read_seq_agent: c.readSeqAgent,
});
type ConversationParams = ReturnType<typeof conversationParams>;

export const toMessage = (row: MessageRow): MessageRecord => ({
  messageId: row.message_id,
  conversationId: row.conversation_id,
  seq: row.seq,
  from: row.from,
  agentId: row.agent_id,
  agentName: row.agent_name,
  text: row.text,
  kind: row.kind,
  sentAt: row.sent_at,
});

export const messageParams = (m: MessageDraft, seq: number) => ({
  conversation_id: m.conversationId,
  seq,
  message_id: m.messageId,
  from: m.from,
  agent_id: m.agentId,
  agent_name: m.agentName,
  text: m.text,
  kind: m.kind,
  sent_at: m.sentAt,
});
type MessageParams = ReturnType<typeof messageParams>;

export const CONVERSATION_COLUMNS = [
  'id',
  'org_id',
  'queue_id',
  'visitor_id',
  'scope',
  'status',
  'visitor_info',
  'agent_id',
  'preset',
  'locale',
  'details',
  'created_at',
  'ended_at',
  'last_seq',
  'read_seq_visitor',
  'read_seq_agent',
];
/** What `updateConversation` writes: never the key, the owner, or `last_seq`. */
export const MUTABLE_COLUMNS = CONVERSATION_COLUMNS.filter(
  (c) => !['id', 'org_id', 'visitor_id', 'created_at', 'last_seq'].includes(c),
);
const UPDATE_CONVERSATION = `UPDATE conversations SET ${MUTABLE_COLUMNS.map((c) => `${c} = @${c}`).join(', ')}
  WHERE org_id = @org_id AND id = @id`;
export const MESSAGE_COLUMNS = `conversation_id, seq, message_id, "from", agent_id, agent_name, text, kind, sent_at`;

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
    getConversation: db.prepare<[string, string], ConversationRow>(
      'SELECT * FROM conversations WHERE org_id = ? AND id = ?',
    ),
    findActive: db.prepare<[string, string, string], ConversationRow>(
      `SELECT * FROM conversations
       WHERE org_id = ? AND visitor_id = ? AND scope = ? AND status IN ('waiting', 'active')`,
    ),
    findOffline: db.prepare<[string, string, string, string], ConversationRow>(
      `SELECT c.* FROM conversations c JOIN messages m ON m.conversation_id = c.id AND m.seq = 1
       WHERE c.org_id = ? AND c.visitor_id = ? AND c.scope = ? AND c.status = 'offline' AND m.text = ?
       ORDER BY c.created_at DESC LIMIT 1`,
    ),
    countOpenOf: db
      .prepare<[string, string], number>(
        "SELECT COUNT(*) FROM conversations WHERE org_id = ? AND visitor_id = ? AND status IN ('waiting', 'active')",
      )
      .pluck(),
    listOpen: db.prepare<[string], ConversationRow>(
      `SELECT * FROM conversations WHERE org_id = ? AND status <> 'ended' ORDER BY created_at, rowid`,
    ),
    bumpSeq: db
      .prepare<[string], number>(
        'UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq',
      )
      .pluck(),
    insertMessage: db.prepare<[MessageParams]>(
      `INSERT INTO messages (${MESSAGE_COLUMNS})
       VALUES (@conversation_id, @seq, @message_id, @from, @agent_id, @agent_name, @text, @kind, @sent_at)`,
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
  readonly #start: Database.Transaction<
    (c: ConversationRecord) => { conversation: ConversationRecord; created: boolean }
  >;
  readonly #createOffline: Database.Transaction<
    (c: ConversationRecord, first: MessageDraft) => MessageRecord
  >;
  /** One message; run inside the batch's transaction it is a savepoint of its own. */
  readonly #append: Database.Transaction<
    (draft: MessageDraft, change: ConversationRecord | undefined) => AppendOutcome
  >;
  readonly #appendBatch: Database.Transaction<(batch: PendingAppend[]) => Settle[]>;
  #pending: PendingAppend[] = [];
  #flush: NodeJS.Immediate | undefined;

  constructor(db: Database.Database) {
    const s = (this.#statements = prepare(db));

    this.#start = db.transaction((c: ConversationRecord) => {
      const existing = s.findActive.get(c.orgId, c.visitorId, c.scope);
      if (existing) return { conversation: toConversation(existing), created: false };
      s.insertConversation.run(conversationParams(c));
      return { conversation: c, created: true };
    });

    // Defined once here (not per call): better-sqlite3 wraps the function at definition.
    const store = (draft: MessageDraft): MessageRecord => {
      const seq = s.bumpSeq.get(draft.conversationId);
      if (seq === undefined) throw new Error(`no conversation ${draft.conversationId}`);
      s.insertMessage.run(messageParams(draft, seq));
      return { ...draft, seq };
    };

    this.#createOffline = db.transaction((c: ConversationRecord, first: MessageDraft) => {
      s.insertConversation.run(conversationParams(c));
      return store(first);
    });

    this.#append = db.transaction((draft: MessageDraft, change: ConversationRecord | undefined) => {
      const existing = s.getMessage.get(draft.conversationId, draft.messageId);
      if (existing) return { message: toMessage(existing), created: false };
      const message = store(draft);
      if (change) s.updateConversation.run(conversationParams(change));
      return { message, created: true };
    });

    this.#appendBatch = db.transaction((batch: PendingAppend[]) =>
      batch.map((item): Settle => {
        try {
          return { ok: true, outcome: this.#append(item.draft, item.change) };
        } catch (error) {
          // Only this message's savepoint rolled back; the others still commit.
          return { ok: false, error };
        }
      }),
    );
  }

  async startConversation(
    c: ConversationRecord,
  ): Promise<{ conversation: ConversationRecord; created: boolean }> {
    return this.#start.immediate(c);
  }

  async createOfflineConversation(c: ConversationRecord, first: MessageDraft): Promise<MessageRecord> {
    return this.#createOffline.immediate(c, first);
  }

  async getConversation(orgId: string, conversationId: string): Promise<ConversationRecord | null> {
    const row = this.#statements.getConversation.get(orgId, conversationId);
    return row ? toConversation(row) : null;
  }

  async findActiveConversation(
    orgId: string,
    visitorId: string,
    scope: string,
  ): Promise<ConversationRecord | null> {
    const row = this.#statements.findActive.get(orgId, visitorId, scope);
    return row ? toConversation(row) : null;
  }

  async findOfflineConversation(
    orgId: string,
    visitorId: string,
    scope: string,
    text: string,
  ): Promise<ConversationRecord | null> {
    const row = this.#statements.findOffline.get(orgId, visitorId, scope, text);
    return row ? toConversation(row) : null;
  }

  async countOpenConversationsOf(orgId: string, visitorId: string): Promise<number> {
    return this.#statements.countOpenOf.get(orgId, visitorId) ?? 0;
  }

  async listOpenConversations(orgId: string): Promise<ConversationRecord[]> {
    return this.#statements.listOpen.all(orgId).map(toConversation);
  }

  async updateConversation(c: ConversationRecord): Promise<void> {
    this.#statements.updateConversation.run(conversationParams(c));
  }

  async takeConversation(c: ConversationRecord): Promise<boolean> {
    return this.#statements.takeConversation.run(conversationParams(c)).changes === 1;
  }

  appendMessage(draft: MessageDraft, change?: ConversationRecord): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ draft, change, resolve, reject });
      this.#flush ??= setImmediate(() => this.#commitPending());
    });
  }

  /** Stores what is pending now, if anything: before the database closes. */
  flush(): void {
    clearImmediate(this.#flush);
    this.#commitPending();
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
      // The transaction failed as a whole: nothing of the batch is stored.
      for (const item of batch) item.reject(error);
      return;
    }
    // Only now, committed, does anyone hear that a message is stored.
    batch.forEach((item, i) => {
      const result = settled[i]!;
      if (result.ok) item.resolve(result.outcome);
      else item.reject(result.error);
    });
  }

  async getMessage(conversationId: string, messageId: string): Promise<MessageRecord | null> {
    const row = this.#statements.getMessage.get(conversationId, messageId);
    return row ? toMessage(row) : null;
  }

  async listMessages(
    conversationId: string,
    afterSeq: number,
    limit: number,
    withCommands: boolean,
  ): Promise<MessageRecord[]> {
    const statement = withCommands ? this.#statements.listMessages : this.#statements.listVisibleMessages;
    return statement.all(conversationId, afterSeq, limit).map(toMessage);
  }
}
