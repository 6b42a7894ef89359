/**
 * Visitors against a real hub: nothing is written for a visitor who only looks, the row comes with the
 * first act; a token expires once its visitor has been idle too long; a conversation its visitor
 * abandoned is ended by the retention sweep.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { CommandResults, HelloResult } from '../../src/protocol/frames.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';
import { send, startChat } from '../server/chat-kit.js';
import { pool, writeRows } from '../server/line-kit.js';

describe('visitors: rows on first act, token expiry, abandoned conversations', () => {
  let hub: TestHub;
  const parties = pool(() => hub.port);
  before(async () => {
    hub = await startTestHub();
  });
  after(async () => {
    await parties.closeAll();
    await hub?.stop();
  });

  const visitorRows = () => {
    let count = 0;
    writeRows(hub.dataDir, (db) => {
      count = db.prepare('SELECT COUNT(*) FROM visitors').pluck().get() as number;
    });
    return count;
  };

  it('writes nothing for a hello, keeps the identity across reconnects, and writes the row at the first act', async () => {
    const before = visitorRows();
    const looking = await parties.visitor();
    const again = await parties.visitor(looking.token);
    assert.equal(again.token, looking.token, 'the same visitor after a reconnect');
    assert.equal(visitorRows(), before, 'nothing written for looking');

    await again.client.ok({ type: 'ticket.join', queue: 'default' });
    assert.equal(visitorRows(), before + 1, 'the row comes with the first act');
    // Back on another connection: the same visitor, with its ticket.
    const back = await parties.visitor(looking.token);
    assert.equal(back.token, looking.token);
    const frame = await back.client.waitFor((f) => f.type === 'ticket.state');
    assert.equal(frame.type === 'ticket.state' && frame.ticket.status, 'waiting');
  });

  it('expires a token whose visitor was idle longer than the idle time, and keeps a recent one', async () => {
    const idle = await parties.visitor();
    await startChat(idle.client, 'expiry-idle');
    const recent = await parties.visitor();
    await startChat(recent.client, 'expiry-recent');
    const longAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000).toISOString();
    writeRows(hub.dataDir, (db) =>
      db
        .prepare(
          "UPDATE visitors SET last_seen_at = ? WHERE id = (SELECT visitor_id FROM conversations WHERE scope = 'expiry-idle')",
        )
        .run(longAgo),
    );

    const client = await parties.connect();
    const expired = await client.ok<HelloResult>({ type: 'hello', visitorToken: idle.token });
    assert.notEqual(expired.visitorToken, idle.token, 'an idle token gets a new identity');
    const restored = await client.ok<CommandResults['chat.restore']>({
      type: 'chat.restore',
      scope: 'expiry-idle',
    });
    assert.equal(restored.conversation, null, "the new identity sees nothing of the old one's");

    const other = await parties.connect();
    const kept = await other.ok<HelloResult>({ type: 'hello', visitorToken: recent.token });
    assert.equal(kept.visitorToken, recent.token);
  });

  it('ends a conversation abandoned by its visitor when the retention sweep runs', async () => {
    const visitor = await parties.visitor();
    const abandoned = await startChat(visitor.client, 'abandoned');
    await send(visitor.client, abandoned.conversationId, 'anyone?');
    const fresh = await startChat(visitor.client, 'fresh');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000).toISOString();
    writeRows(hub.dataDir, (db) => {
      db.prepare('UPDATE conversations SET created_at = ? WHERE id = ?').run(
        twoDaysAgo,
        abandoned.conversationId,
      );
      // The message may still be in the write-behind log (sqlite-message-log.ts), not yet in messages.
      for (const table of ['messages', 'message_log'])
        db.prepare(`UPDATE ${table} SET sent_at = ? WHERE conversation_id = ?`).run(
          twoDaysAgo,
          abandoned.conversationId,
        );
    });
    await parties.closeAll();
    // The sweep runs at start (and hourly).
    await hub.restart();

    const back = await parties.visitor(visitor.token);
    const restore = (scope: string) =>
      back.client.ok<CommandResults['chat.restore']>({ type: 'chat.restore', scope });
    // The start-up sweep runs beside the first connections: asked until it has (bounded).
    for (let tries = 0; (await restore('abandoned')).conversation !== null; tries++) {
      assert.ok(tries < 100, 'the abandoned conversation was never ended');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const kept = await back.client.ok<CommandResults['chat.restore']>({
      type: 'chat.restore',
      scope: 'fresh',
    });
    assert.equal(kept.conversation?.conversationId, fresh.conversationId);
  });
});
