/**
 * The write-behind log of chat messages in SQLite: where a stored message is first written.
 *
 * Why: the `messages` table is keyed by (conversation, seq) with a unique (conversation,
 * messageId), so every message written straight into it dirties one leaf page of each B-tree at a
 * different place per conversation: a group commit of 40 messages wrote ~80 pages to the WAL.
 * `message_log` is a plain rowid table with no index, so appending to it dirties one or two pages
 * per commit whatever the conversations. Now and then (`compactIfDue`) the log is moved into
 * `messages` in one transaction, ordered by (conversation, seq): many messages per page.
 *
 * A committed log row is as durable as a row of `messages` (same file, same transaction rules),
 * and `compact()` at start-up moves what a killed process left before anything is served. The log's
 * rows not yet compacted are also kept here in memory, by conversation, so readers see them without
 * a query: a resend finds its stored message, history reads merge them after the table's rows (they
 * always have the higher seqs, as compaction moves every row at once), and a conversation read
 * back after eviction from memory takes its last seq from them. One hub owns the data directory
 * (data-dir-lock.ts), so this memory is the whole log; a CLI command opening the store beside it
 * compacts the log at its start, after which the hub's memory holds rows the table holds too, which
 * readers skip (they take from memory only seqs past the table's).
 */
import type Database from 'better-sqlite3';

import { log } from '../log.js';
import type { MessageRecord } from './chat-store.js';
import { MESSAGE_COLUMNS } from './chat-rows.js';

/**
 * The most rows one INSERT writes. A batch is written in statements of 64, 32, …, 1 rows (its
 * count in binary), so at most seven statements are ever prepared; 9 parameters a row stays far
 * under SQLite's limit. One statement for many rows saves a call into SQLite per row.
 */
const MAX_ROWS_PER_INSERT = 64;

/** Compact when the log holds this many rows: a pause of a few milliseconds. */
const COMPACT_ROWS = 4_096;
/** …or when its oldest row is this old, so a quiet hub's log does not linger. */
const COMPACT_AGE_MS = 60_000;

/** One conversation's rows in the log, in seq order, and the same rows by messageId. */
interface Logged {
  messages: MessageRecord[];
  byId: Map<string, MessageRecord>;
}

export class SqliteMessageLog {
  readonly #db: Database.Database;
  /** INSERT statements by their number of rows, prepared on first use. */
  readonly #inserts = new Map<number, Database.Statement>();
  /** Messages of the transaction in progress, not written yet (`stage`, `writeStaged`). */
  #staged: MessageRecord[] = [];
  readonly #compact: Database.Transaction<() => number>;
  readonly #logged = new Map<string, Logged>();
  #rows = 0;
  /** When the oldest row still in the log was remembered (ms), or 0 when the log is empty. */
  #oldestAt = 0;
  /** Compacts a log that stopped growing once its oldest row is old enough. */
  #ageTimer: NodeJS.Timeout | undefined;
  /** A compaction asked for by `compactSoonIfDue`, not run yet. */
  #soon: NodeJS.Immediate | undefined;

  constructor(db: Database.Database) {
    this.#db = db;
    const move = db.prepare(
      `INSERT INTO messages (${MESSAGE_COLUMNS})
       SELECT ${MESSAGE_COLUMNS} FROM message_log ORDER BY conversation_id, seq`,
    );
    // Without a WHERE clause SQLite empties the table at once rather than row by row.
    const empty = db.prepare('DELETE FROM message_log');
    this.#compact = db.transaction(() => {
      const moved = move.run().changes;
      empty.run();
      return moved;
    });
    // What a stopped or killed process left is moved before anything reads messages.
    this.compact();
  }

  /** Writes a message to the log, inside the caller's transaction; `remember` it once committed. */
  write(message: MessageRecord): void {
    this.#insert([message]);
  }

  /** Keeps a message to write with the transaction's others (`writeStaged`). */
  stage(message: MessageRecord): void {
    this.#staged.push(message);
  }

  /**
   * Writes the staged messages, many rows per statement, inside the caller's transaction; the
   * messages that could not be written, each with its error. A statement that fails is tried again
   * row by row, so only the failing rows fail.
   */
  writeStaged(): Map<MessageRecord, unknown> {
    const staged = this.#staged;
    this.#staged = [];
    const failed = new Map<MessageRecord, unknown>();
    let start = 0;
    for (let size = MAX_ROWS_PER_INSERT; size >= 1; size /= 2) {
      while (staged.length - start >= size) {
        const rows = staged.slice(start, (start += size));
        try {
          this.#insert(rows);
        } catch (error) {
          // SQLite undid the whole transaction (a full disk, an I/O error): so does the batch, rather
          // than write the rest outside it.
          if (!this.#db.inTransaction) throw error;
          if (size === 1) failed.set(rows[0]!, error);
          else for (const row of rows) this.#insertOrNote(row, failed);
        }
      }
    }
    return failed;
  }

  #insertOrNote(message: MessageRecord, failed: Map<MessageRecord, unknown>): void {
    try {
      this.#insert([message]);
    } catch (error) {
      if (!this.#db.inTransaction) throw error;
      failed.set(message, error);
    }
  }

  #insert(rows: MessageRecord[]): void {
    let statement = this.#inserts.get(rows.length);
    if (!statement) {
      // Positional parameters: binding by name costs better-sqlite3 about twice as much per row.
      const values = Array.from({ length: rows.length }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      statement = this.#db.prepare(`INSERT INTO message_log (${MESSAGE_COLUMNS}) VALUES ${values}`);
      this.#inserts.set(rows.length, statement);
    }
    const params: unknown[] = [];
    for (const m of rows)
      params.push(
        m.conversationId,
        m.seq,
        m.messageId,
        m.from,
        m.agentId,
        m.agentName,
        m.text,
        m.kind,
        m.sentAt,
      );
    statement.run(params);
  }

  /** A committed log row, now visible to readers. */
  remember(message: MessageRecord): void {
    let logged = this.#logged.get(message.conversationId);
    if (!logged) this.#logged.set(message.conversationId, (logged = { messages: [], byId: new Map() }));
    logged.messages.push(message);
    logged.byId.set(message.messageId, message);
    if (this.#rows++ > 0) return;
    this.#oldestAt = Date.now();
    this.#ageTimer = setTimeout(() => this.compactIfDue(), COMPACT_AGE_MS).unref();
  }

  /** The logged message with this id, if the conversation has one in the log. */
  find(conversationId: string, messageId: string): MessageRecord | undefined {
    return this.#logged.get(conversationId)?.byId.get(messageId);
  }

  /** The conversation's highest seq in the log, or 0. */
  lastSeq(conversationId: string): number {
    return this.#logged.get(conversationId)?.messages.at(-1)?.seq ?? 0;
  }

  /**
   * Completes a page of history read from `messages` (`stored`, at most `limit` rows after
   * `afterSeq`) with the log's rows that follow it.
   */
  appendTo(
    stored: MessageRecord[],
    conversationId: string,
    afterSeq: number,
    limit: number,
    withCommands: boolean,
  ): MessageRecord[] {
    const logged = this.#logged.get(conversationId);
    if (!logged || stored.length >= limit) return stored;
    // Past what the table gave: another process on the file (the CLI) may have compacted the log.
    const after = Math.max(afterSeq, stored.at(-1)?.seq ?? 0);
    for (const message of logged.messages) {
      if (stored.length >= limit) break;
      if (message.seq <= after || (!withCommands && message.kind === 'command')) continue;
      stored.push({ ...message });
    }
    return stored;
  }

  /**
   * After a commit: compacts if due, on the next turn of the event loop, so that the acknowledgements
   * of the batch just committed leave before the pause.
   */
  compactSoonIfDue(): void {
    if (this.#due() && !this.#soon) this.#soon = setImmediate(() => this.compactIfDue());
  }

  /**
   * Compacts if the log is long or old enough; between commits, never inside a transaction. A
   * failure leaves the rows in the log, still read from there, and is tried again later.
   */
  compactIfDue(): void {
    this.#soon = undefined;
    if (!this.#due()) return;
    try {
      this.compact();
    } catch (error) {
      log.error('Could not move the message log into messages; trying again later.', error);
    }
  }

  #due(): boolean {
    return this.#rows >= COMPACT_ROWS || (this.#rows > 0 && Date.now() - this.#oldestAt >= COMPACT_AGE_MS);
  }

  /** Moves every log row into `messages` now: before reads that only look at the table. */
  compact(): void {
    if (this.#db.inTransaction) throw new Error('the message log compacts outside a transaction');
    this.#compact.immediate();
    this.#logged.clear();
    this.#rows = 0;
    this.#oldestAt = 0;
    clearTimeout(this.#ageTimer);
    clearImmediate(this.#soon);
    this.#soon = undefined;
  }
}
