/**
 * The SQLite store's write-behind message log (server/store/sqlite-message-log.ts): a data
 * directory from before the log gets it and keeps its messages; what a process left in the log
 * when it died is moved into the messages table by the next one before anything reads it; and
 * readers see messages still in the log as if they were in the table.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

import Database from 'better-sqlite3';

import { seedIfEmpty } from '../../server/store/seed.js';
import { SqliteStore } from '../../server/store/sqlite-store.js';
import type { ConversationRecord, MessageDraft } from '../../server/store/chat-store.js';
import { conversationRecord, messageDraft } from '../support/chat-records.js';

const now = () => new Date().toISOString();

const conversation = (id: string): ConversationRecord => conversationRecord(id, { scope: id });
const draft = (conversationId: string, messageId: string): MessageDraft =>
  messageDraft(conversationId, messageId);

const rowsIn = (dir: string, table: string) => {
  const db = new Database(join(dir, 'tandem.sqlite'));
  try {
    return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
};

describe('the SQLite message log', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-log-'));
    const store = new SqliteStore(dir);
    await seedIfEmpty(store);
    await store.createVisitor({ id: 'v1', orgId: 'demo', tokenHash: 'h1', createdAt: now() });
    await store.close();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('comes to a data directory from before it, whose messages stay readable and resendable', async () => {
    const before = new SqliteStore(dir);
    await before.chat.startConversation(conversation('old'));
    for (const id of ['a', 'b', 'c']) await before.chat.appendMessage(draft('old', id));
    await before.close();
    // What a data directory written before the log looks like: its messages in the table only.
    const db = new Database(join(dir, 'tandem.sqlite'));
    db.exec('DROP TABLE message_log; DELETE FROM migrations WHERE id = 8;');
    db.close();
    assert.equal(rowsIn(dir, 'messages'), 3);

    const after = new SqliteStore(dir);
    try {
      const listed = await after.chat.listMessages('old', 0, 100, true);
      assert.deepEqual(
        listed.map((m) => [m.seq, m.messageId]),
        [
          [1, 'a'],
          [2, 'b'],
          [3, 'c'],
        ],
      );
      const resent = await after.chat.appendMessage(draft('old', 'b'));
      assert.deepEqual([resent.created, resent.message.seq], [false, 2]);
      const next = await after.chat.appendMessage(draft('old', 'd'));
      assert.deepEqual([next.created, next.message.seq], [true, 4]);
      assert.equal((await after.chat.getConversation('demo', 'old'))?.lastSeq, 4);
    } finally {
      await after.close();
    }
  });

  it('is read as the table is until compacted, and what a dead process left is compacted at start', async () => {
    const first = new SqliteStore(dir);
    await first.chat.startConversation(conversation('k'));
    for (const id of ['a', 'b', 'c']) await first.chat.appendMessage(draft('k', id));
    // Committed to the log only: still read back, a resend found, history whole.
    assert.equal(rowsIn(dir, 'message_log'), 3);
    assert.equal(rowsIn(dir, 'messages'), 0);
    assert.equal((await first.chat.getMessage('k', 'b'))?.seq, 2);
    const listed = await first.chat.listMessages('k', 1, 1, true);
    assert.deepEqual(
      listed.map((m) => m.messageId),
      ['b'],
    );
    assert.equal((await first.chat.appendMessage(draft('k', 'c'))).created, false);

    // The process dies here (its store never closed): the next one finds the rows in the log.
    const second = new SqliteStore(dir);
    try {
      assert.equal(rowsIn(dir, 'message_log'), 0);
      assert.equal(rowsIn(dir, 'messages'), 3);
      // As when a CLI command opens the store beside a running hub: the hub's memory and the table
      // now hold the same rows, read once.
      assert.deepEqual(
        (await first.chat.listMessages('k', 0, 100, true)).map((m) => m.seq),
        [1, 2, 3],
      );
      assert.equal((await second.chat.getConversation('demo', 'k'))?.lastSeq, 3);
      assert.equal((await second.chat.appendMessage(draft('k', 'a'))).created, false);
      const d = await second.chat.appendMessage(draft('k', 'd'));
      assert.equal(d.message.seq, 4);
      assert.deepEqual(
        (await second.chat.listMessages('k', 0, 100, true)).map((m) => m.seq),
        [1, 2, 3, 4],
      );
    } finally {
      await second.close();
    }
    assert.equal(rowsIn(dir, 'message_log'), 0, 'a closing store leaves the log empty');
    assert.equal(rowsIn(dir, 'messages'), 4);
  });

  it('moves itself into the table once long enough, history and resends whole across the move', async () => {
    const store = new SqliteStore(dir);
    try {
      for (const id of ['x', 'y']) await store.chat.startConversation(conversation(id));
      // 4,100 rows, in group commits of two (one message per conversation each).
      for (let i = 1; i <= 2050; i++)
        await Promise.all(['x', 'y'].map((id) => store.chat.appendMessage(draft(id, `${id}${i}`))));
      // The compaction runs on the turn after the commit that made the log long enough.
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(rowsIn(dir, 'messages') >= 4096, 'moved into the table');
      assert.ok(rowsIn(dir, 'message_log') < 10, 'the log emptied');
      const seqs: number[] = [];
      for (let after = 0; ;) {
        const page = await store.chat.listMessages('x', after, 500, true);
        if (page.length === 0) break;
        seqs.push(...page.map((m) => m.seq));
        after = page.at(-1)!.seq;
      }
      assert.deepEqual(
        seqs,
        Array.from({ length: 2050 }, (_, i) => i + 1),
      );
      const resent = await store.chat.appendMessage(draft('y', 'y7'));
      assert.deepEqual([resent.created, resent.message.seq], [false, 7]);
      const last = await store.chat.appendMessage(draft('y', 'y2051'));
      assert.equal(last.message.seq, 2051);
    } finally {
      await store.close();
    }
  });

  it('writes a batch many rows per statement, and a row it cannot write fails alone', async () => {
    const store = new SqliteStore(dir);
    try {
      const ids = Array.from({ length: 101 }, (_, i) => `c${i}`);
      for (const id of ids) await store.chat.startConversation(conversation(id));
      // One group commit of 101 messages (statements of 64, 32, 4 and 1 rows), the 50th of which
      // breaks a CHECK constraint: its statement is written again row by row.
      const outcomes = await Promise.allSettled(
        ids.map((id, i) =>
          store.chat.appendMessage(
            i === 50 ? { ...draft(id, 'm'), kind: 'bogus' as 'text' } : draft(id, 'm'),
          ),
        ),
      );
      assert.deepEqual(
        outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : [])),
        [50],
      );
      assert.equal(rowsIn(dir, 'message_log'), 100);
      for (const [i, id] of ids.entries()) {
        const listed = await store.chat.listMessages(id, 0, 10, true);
        assert.deepEqual(
          listed.map((m) => [m.seq, m.messageId]),
          i === 50 ? [] : [[1, 'm']],
        );
      }
      // The conversation of the failed row is read afresh: its next message still gets seq 1.
      const again = await store.chat.appendMessage(draft('c50', 'm'));
      assert.deepEqual([again.created, again.message.seq], [true, 1]);
    } finally {
      await store.close();
    }
  });
});
