/**
 * Live chat against a real hub, the delivery side: conversations started and restored by scope,
 * messages stored once under their client-made ids and numbered in order, history after a seq,
 * a hub restart in the middle of a conversation, typing, read marks, visitor info, the offline
 * form, and a visitor going away without ending anything.
 * Every test gets a fresh hub.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';

import type {
  ChatHistoryResult,
  ChatMessage,
  ChatRestoreResult,
  ChatsWatchResult,
  ConversationResult,
  HelloResult,
  HubFrame,
} from '../../src/protocol/frames.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';
import { accept, chatState, messagesIn, send, startChat } from './chat-kit.js';
import { errorCode, joinQueue, pool, settledFrames } from './line-kit.js';

const seqs = (messages: ChatMessage[]) => messages.map((m) => m.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('chat', () => {
  let hub: TestHub;
  const parties = pool(() => hub.port);

  beforeEach(async () => {
    // Floods and long histories on purpose: the rate limits have their own tests (test/security).
    hub = await startTestHub({
      presenceGraceMs: 100,
      visitorGraceMs: 50,
      limits: 'messagesPerVisitor=0,messagesPerConversation=0',
    });
  });
  afterEach(async () => {
    await parties.closeAll();
    await hub?.stop();
  });

  it('starts one conversation per visitor and scope, and restores it only in that scope', async () => {
    const visitor = await parties.visitor();
    const shop = await startChat(visitor.client, 'shop', {
      visitorInfo: { name: ' Ada ', email: 'ada@example.com', phone: '+46701234567' },
      preset: 'blue',
      locale: 'sv-SE',
    });
    assert.equal(shop.status, 'waiting');
    assert.equal(shop.scope, 'shop');
    assert.equal(shop.queueId, 'default');
    assert.equal(shop.agent, null);
    assert.equal(shop.lastSeq, 0);
    assert.deepEqual(shop.visitorInfo, { name: 'Ada', email: 'ada@example.com', phone: '+46701234567' });
    assert.deepEqual(shop.readSeq, { visitor: 0, agent: 0 });

    // Starting again in the scope (another tab, a double click) is the same conversation.
    assert.equal((await startChat(visitor.client, 'shop')).conversationId, shop.conversationId);
    const help = await startChat(visitor.client, 'help');
    assert.notEqual(help.conversationId, shop.conversationId);

    const hello = await send(visitor.client, shop.conversationId, 'Hello?');
    await visitor.client.close();

    // A reload: the same visitor token, a new connection.
    const reloaded = await parties.visitor(visitor.token);
    const restored = await reloaded.client.ok<ChatRestoreResult>({ type: 'chat.restore', scope: 'shop' });
    assert.equal(restored.conversation?.conversationId, shop.conversationId);
    assert.equal(restored.conversation?.lastSeq, 1);
    assert.deepEqual(restored.messages, [hello]);
    const elsewhere = await reloaded.client.ok<ChatRestoreResult>({ type: 'chat.restore', scope: 'blog' });
    assert.deepEqual(elsewhere, { conversation: null, messages: [] });

    const stranger = await parties.visitor();
    assert.deepEqual(await stranger.client.ok<ChatRestoreResult>({ type: 'chat.restore', scope: 'shop' }), {
      conversation: null,
      messages: [],
    });
    assert.notEqual((await startChat(stranger.client, 'shop')).conversationId, shop.conversationId);
  });

  it('tells the visitor’s other tabs about a new conversation', async () => {
    const tab1 = await parties.visitor();
    const tab2 = await parties.visitor(tab1.token);
    const mark = tab2.client.frames.length;
    const started = await startChat(tab1.client);
    const told = await chatState(tab2.client, (c) => c.conversationId === started.conversationId, mark);
    assert.equal(told.status, 'waiting');
  });

  it('stores a message once however often it is sent, and delivers it once', async () => {
    const visitor = await parties.visitor();
    const tab2 = await parties.visitor(visitor.token);
    const conversation = await startChat(visitor.client);
    const anna = await parties.agent('anna');
    await accept(anna.client, conversation.conversationId);

    const markTab2 = tab2.client.frames.length;
    const markAnna = anna.client.frames.length;
    const messageId = randomUUID();
    const first = await send(visitor.client, conversation.conversationId, 'Only once', messageId);
    // The same id again (a resend after a lost ack), from this tab and from the other.
    const again = await send(visitor.client, conversation.conversationId, 'Only once', messageId);
    const fromTab2 = await send(tab2.client, conversation.conversationId, 'Only once', messageId);
    assert.deepEqual(again, first);
    assert.deepEqual(fromTab2, first);
    assert.equal(first.seq, 1);
    assert.equal(first.from, 'visitor');
    assert.equal(first.kind, 'text');

    const history = await anna.client.ok<ChatHistoryResult>({
      type: 'chat.history',
      conversationId: conversation.conversationId,
      afterSeq: 0,
    });
    assert.deepEqual(history.messages, [first]);
    await settledFrames(anna.client, ['chat.message'], markAnna);
    assert.deepEqual(messagesIn(anna.client, markAnna), [first], 'the agent got it exactly once');
    await settledFrames(tab2.client, ['chat.message'], markTab2);
    assert.deepEqual(messagesIn(tab2.client, markTab2), [first], 'the other tab got it exactly once');
    await settledFrames(visitor.client, ['chat.message']);
    assert.deepEqual(messagesIn(visitor.client), [], 'the sender has it in its reply, not again as a push');
  });

  it('numbers concurrent messages from both sides 1, 2, 3… and everyone sees the same order once', async () => {
    const visitor = await parties.visitor();
    const tab2 = await parties.visitor(visitor.token);
    const conversation = await startChat(visitor.client);
    const anna = await parties.agent('anna');
    const annaTab2 = await parties.connect();
    await annaTab2.ok<HelloResult>({ type: 'hello', agentToken: anna.token });
    await accept(anna.client, conversation.conversationId);
    const id = conversation.conversationId;

    const each = 40;
    const senders = [visitor.client, tab2.client, anna.client, annaTab2];
    // Fired together, without waiting for each other's answers.
    const sent = await Promise.all(
      senders.flatMap((client, n) =>
        Array.from({ length: each }, (_, i) => send(client, id, `sender ${n} message ${i}`)),
      ),
    );
    const total = senders.length * each;
    assert.deepEqual(
      sent.map((m) => m.seq).sort((a, b) => a - b),
      range(1, total),
      'every seq once, none skipped',
    );
    // Each sender's own messages got increasing seqs in the order it sent them.
    for (let n = 0; n < senders.length; n++) {
      const own = sent.slice(n * each, (n + 1) * each).map((m) => m.seq);
      assert.deepEqual(
        own,
        [...own].sort((a, b) => a - b),
      );
    }

    const history = (
      await visitor.client.ok<ChatHistoryResult>({ type: 'chat.history', conversationId: id, afterSeq: 0 })
    ).messages;
    assert.deepEqual(seqs(history), range(1, total));
    const bySeq = new Map(history.map((m) => [m.seq, m]));
    for (const message of sent) assert.deepEqual(bySeq.get(message.seq), message);

    // Every connection: its pushes in increasing seq order, and pushes plus its own replies
    // together are the whole transcript, each message exactly once.
    for (const [n, client] of senders.entries()) {
      await settledFrames(client, ['chat.message']);
      const pushed = messagesIn(client);
      assert.deepEqual(
        seqs(pushed),
        [...seqs(pushed)].sort((a, b) => a - b),
        `connection ${n}: in order`,
      );
      const own = sent.slice(n * each, (n + 1) * each);
      assert.deepEqual(
        [...seqs(pushed), ...seqs(own)].sort((a, b) => a - b),
        range(1, total),
        `connection ${n}: each message exactly once`,
      );
    }
  });

  it('answers history after a seq, in pages of at most 500', async () => {
    const visitor = await parties.visitor();
    const { conversationId } = await startChat(visitor.client);
    await Promise.all(range(1, 505).map((i) => send(visitor.client, conversationId, `m${i}`)));

    const after = async (afterSeq: number) =>
      (await visitor.client.ok<ChatHistoryResult>({ type: 'chat.history', conversationId, afterSeq }))
        .messages;
    assert.deepEqual(seqs(await after(500)), [501, 502, 503, 504, 505]);
    const firstPage = await after(0);
    assert.deepEqual(seqs(firstPage), range(1, 500));
    assert.deepEqual(seqs(await after(firstPage.at(-1)!.seq)), range(501, 505));
    assert.deepEqual(await after(505), []);
    assert.deepEqual(seqs(await after(2)).slice(0, 3), [3, 4, 5]);
  });

  // A killed hub (kill -9) leaves its newest messages in the SQLite write-behind log; the next
  // start moves them into the messages table before serving.
  for (const how of ['restart', 'kill -9'] as const)
    it(`loses nothing over a hub ${how}: a resent message is stored once and seqs go on`, async () => {
      const visitor = await parties.visitor();
      const conversation = await startChat(visitor.client, 'shop');
      const id = conversation.conversationId;
      const anna = await parties.agent('anna');
      await accept(anna.client, id);
      const m1 = await send(visitor.client, id, 'one');
      const m2 = await send(anna.client, id, 'two');
      // Stored, but say the acknowledgement never reached the visitor: it will send it again.
      const unacknowledged = randomUUID();
      const m3 = await send(visitor.client, id, 'three', unacknowledged);

      if (how === 'kill -9') await hub.kill();
      await hub.restart();

      const back = await parties.visitor(visitor.token);
      const restored = await back.client.ok<ChatRestoreResult>({ type: 'chat.restore', scope: 'shop' });
      assert.equal(restored.conversation?.status, 'active');
      assert.equal(restored.conversation?.agent?.id, 'anna');
      assert.deepEqual(restored.messages, [m1, m2, m3]);
      const resent = await send(back.client, id, 'three', unacknowledged);
      assert.deepEqual(resent, m3, 'the resend is the stored message');

      const agentBack = await parties.connect();
      await agentBack.ok<HelloResult>({ type: 'hello', agentToken: anna.token });
      const m4 = await send(agentBack, id, 'four');
      const m5 = await send(back.client, id, 'five');
      assert.deepEqual([m4.seq, m5.seq], [4, 5]);
      const history = (
        await agentBack.ok<ChatHistoryResult>({ type: 'chat.history', conversationId: id, afterSeq: 0 })
      ).messages;
      assert.deepEqual(history, [m1, m2, m3, m4, m5]);
    });

  it('relays typing to the other side only, and stores none of it', async () => {
    const visitor = await parties.visitor();
    const tab2 = await parties.visitor(visitor.token);
    const conversation = await startChat(visitor.client);
    const id = conversation.conversationId;
    const anna = await parties.agent('anna');
    const watcher = await parties.agent('chen');
    await watcher.client.ok<ChatsWatchResult>({ type: 'chats.watch' });
    const bystander = await parties.agent('bjorn');

    // While it waits, the agents watching who may accept it see the visitor type.
    const markW = watcher.client.frames.length;
    await visitor.client.ok({ type: 'chat.typing', conversationId: id, typing: true });
    const typing = await watcher.client.waitFor((f) => f.type === 'chat.typing', markW);
    assert.deepEqual(typing, {
      v: 1,
      type: 'chat.typing',
      conversationId: id,
      from: 'visitor',
      typing: true,
    });

    await accept(anna.client, id);
    const markV = visitor.client.frames.length;
    const markTab2 = tab2.client.frames.length;
    const markA = anna.client.frames.length;
    await anna.client.ok({ type: 'chat.typing', conversationId: id, typing: true });
    await tab2.client.waitFor((f) => f.type === 'chat.typing' && f.from === 'agent' && f.typing, markTab2);
    await visitor.client.waitFor((f) => f.type === 'chat.typing' && f.from === 'agent' && f.typing, markV);
    await visitor.client.ok({ type: 'chat.typing', conversationId: id, typing: false });
    await anna.client.waitFor((f) => f.type === 'chat.typing' && f.from === 'visitor' && !f.typing, markA);

    assert.deepEqual(await settledFrames(anna.client, ['chat.typing'], markA), [
      { v: 1, type: 'chat.typing', conversationId: id, from: 'visitor', typing: false },
    ]);
    assert.equal(
      (await settledFrames(tab2.client, ['chat.typing'], markTab2)).length,
      1,
      'a visitor tab does not hear its own side typing',
    );
    assert.deepEqual(await settledFrames(bystander.client, ['chat.typing']), []);
    const history = await visitor.client.ok<ChatHistoryResult>({
      type: 'chat.history',
      conversationId: id,
      afterSeq: 0,
    });
    assert.deepEqual(history.messages, []);
    // Typing in a conversation that is not theirs is refused.
    assert.equal(
      await errorCode(bystander.client, { type: 'chat.typing', conversationId: id, typing: true }),
      'not-found',
    );
  });

  it('keeps read marks per side: pushed to both, never backwards, never past the last message', async () => {
    const visitor = await parties.visitor();
    const conversation = await startChat(visitor.client);
    const id = conversation.conversationId;
    const anna = await parties.agent('anna');
    await accept(anna.client, id);
    await send(visitor.client, id, 'one');
    await send(visitor.client, id, 'two');
    await send(anna.client, id, 'three');

    const markV = visitor.client.frames.length;
    const read = await anna.client.ok<ConversationResult>({ type: 'chat.read', conversationId: id, seq: 2 });
    assert.deepEqual(read.conversation.readSeq, { visitor: 0, agent: 2 });
    const seen = await chatState(visitor.client, (c) => c.readSeq.agent === 2, markV);
    assert.equal(seen.lastSeq, 3);

    const backwards = await anna.client.ok<ConversationResult>({
      type: 'chat.read',
      conversationId: id,
      seq: 1,
    });
    assert.equal(backwards.conversation.readSeq.agent, 2);
    const markA = anna.client.frames.length;
    const past = await visitor.client.ok<ConversationResult>({
      type: 'chat.read',
      conversationId: id,
      seq: 99,
    });
    assert.deepEqual(past.conversation.readSeq, { visitor: 3, agent: 2 });
    await chatState(anna.client, (c) => c.readSeq.visitor === 3, markA);

    const chen = await parties.agent('chen');
    assert.equal(
      await errorCode(chen.client, { type: 'chat.read', conversationId: id, seq: 1 }),
      'not-found',
    );
  });

  it('checks visitor info: an e-mail shape, a phone already in E.164; empty clears a field', async () => {
    const visitor = await parties.visitor();
    for (const visitorInfo of [
      { email: 'not-an-address' },
      { phone: '0701234567' },
      { phone: '+46 70 123 45 67' },
      { phone: '+123456' },
      { phone: '+1234567890123456' },
      { phone: '+0701234567' },
    ]) {
      assert.equal(
        await errorCode(visitor.client, { type: 'chat.start', queue: 'default', scope: 'shop', visitorInfo }),
        'bad-frame',
        JSON.stringify(visitorInfo),
      );
    }
    assert.deepEqual(
      await visitor.client.ok<ChatRestoreResult>({ type: 'chat.restore', scope: 'shop' }),
      { conversation: null, messages: [] },
      'a refused start starts nothing',
    );

    const conversation = await startChat(visitor.client, 'shop', { visitorInfo: { phone: '+1234567' } });
    const id = conversation.conversationId;
    const anna = await parties.agent('anna');
    await accept(anna.client, id);
    const markA = anna.client.frames.length;
    const updated = await visitor.client.ok<ConversationResult>({
      type: 'chat.visitorInfo',
      conversationId: id,
      visitorInfo: {
        name: 'Ada',
        email: 'ada@example.com',
        phone: '+123456789012345',
        notes: 'Prefers e-mail',
      },
    });
    const expected = {
      name: 'Ada',
      email: 'ada@example.com',
      phone: '+123456789012345',
      notes: 'Prefers e-mail',
    };
    assert.deepEqual(updated.conversation.visitorInfo, expected);
    assert.deepEqual(
      (await chatState(anna.client, (c) => c.visitorInfo.name === 'Ada', markA)).visitorInfo,
      expected,
      'the agent sees it',
    );

    assert.equal(
      await errorCode(visitor.client, {
        type: 'chat.visitorInfo',
        conversationId: id,
        visitorInfo: { phone: '12345' },
      }),
      'bad-frame',
    );
    const cleared = await visitor.client.ok<ConversationResult>({
      type: 'chat.visitorInfo',
      conversationId: id,
      visitorInfo: { notes: '' },
    });
    assert.deepEqual(cleared.conversation.visitorInfo, {
      name: 'Ada',
      email: 'ada@example.com',
      phone: '+123456789012345',
    });
    assert.equal(
      await errorCode(anna.client, {
        type: 'chat.visitorInfo',
        conversationId: id,
        visitorInfo: { name: 'X' },
      }),
      'unauthorized',
      'agents do not speak for the visitor',
    );
  });

  it('keeps the message form as an offline conversation that an agent takes up later', async () => {
    const visitor = await parties.visitor();
    assert.equal(
      await errorCode(visitor.client, {
        type: 'chat.offlineMessage',
        queue: 'default',
        scope: 'shop',
        name: 'Ada',
        email: 'nope',
        text: 'Call me',
      }),
      'bad-frame',
    );
    const form = {
      type: 'chat.offlineMessage',
      queue: 'default',
      scope: 'shop',
      name: 'Ada',
      email: 'ada@example.com',
      text: 'Please call me back',
    } as const;
    const left = (await visitor.client.ok<ConversationResult>(form)).conversation;
    assert.equal(left.status, 'offline');
    assert.deepEqual(left.visitorInfo, { name: 'Ada', email: 'ada@example.com' });
    assert.equal(left.lastSeq, 1);
    // Sent again (a resend after a drop): the same conversation, not a second one.
    assert.equal(
      (await visitor.client.ok<ConversationResult>(form)).conversation.conversationId,
      left.conversationId,
    );
    // It is no conversation going on: the widget does not restore it, the visitor cannot write in it.
    assert.equal(
      (await visitor.client.ok<ChatRestoreResult>({ type: 'chat.restore', scope: 'shop' })).conversation,
      null,
    );
    assert.equal(
      await errorCode(visitor.client, {
        type: 'chat.send',
        conversationId: left.conversationId,
        messageId: 'x',
        text: 'hi',
      }),
      'conflict',
    );

    // Later: Björn (who serves no particular queue tag) sees it and takes it up.
    const bjorn = await parties.agent('bjorn');
    const watched = await bjorn.client.ok<ChatsWatchResult>({ type: 'chats.watch' });
    assert.deepEqual(
      watched.conversations.map((c) => [c.conversationId, c.status]),
      [[left.conversationId, 'offline']],
    );
    const markV = visitor.client.frames.length;
    const taken = await accept(bjorn.client, left.conversationId);
    assert.equal(taken.conversation.status, 'active');
    assert.equal(taken.conversation.agent?.id, 'bjorn');
    assert.equal(taken.messages.length, 1);
    assert.deepEqual(
      { from: taken.messages[0]!.from, text: taken.messages[0]!.text, seq: taken.messages[0]!.seq },
      { from: 'visitor', text: 'Please call me back', seq: 1 },
    );
    await chatState(
      visitor.client,
      (c) => c.conversationId === left.conversationId && c.status === 'active',
      markV,
    );
    const reply = await send(bjorn.client, left.conversationId, 'Calling you now');
    assert.equal(reply.seq, 2);
    assert.equal(reply.agentName, 'Björn Lind');
    // Taken up, it is going on again: a reload restores it.
    const restored = await visitor.client.ok<ChatRestoreResult>({ type: 'chat.restore', scope: 'shop' });
    assert.equal(restored.conversation?.conversationId, left.conversationId);
    assert.deepEqual(seqs(restored.messages), [1, 2]);
  });

  it('ends nothing when the visitor goes away: only chat.end does, from either side', async () => {
    const visitor = await parties.visitor();
    const conversation = await startChat(visitor.client, 'shop');
    // A waiting ticket too, so the departure judge demonstrably ran for this visitor.
    await joinQueue(visitor.client, 'default');
    const watcher = await parties.connect();
    await watcher.ok({ type: 'queue.subscribe', queue: 'default' });
    const markW = watcher.frames.length;
    await visitor.client.close();
    await watcher.queueState('default', (s) => s.waiting === 0, markW);

    const back = await parties.visitor(visitor.token);
    const restored = await back.client.ok<ChatRestoreResult>({ type: 'chat.restore', scope: 'shop' });
    assert.equal(restored.conversation?.conversationId, conversation.conversationId);
    assert.equal(restored.conversation?.status, 'waiting');

    const anna = await parties.agent('anna');
    await accept(anna.client, conversation.conversationId);
    const markV = back.client.frames.length;
    const ended = await anna.client.ok<ConversationResult>({
      type: 'chat.end',
      conversationId: conversation.conversationId,
    });
    assert.equal(ended.conversation.status, 'ended');
    assert.ok(ended.conversation.endedAt);
    await chatState(back.client, (c) => c.status === 'ended', markV);
    assert.equal(
      await errorCode(back.client, {
        type: 'chat.send',
        conversationId: conversation.conversationId,
        messageId: 'late',
        text: 'hi',
      }),
      'conflict',
    );
    // Ending twice changes nothing; a new start is a new conversation.
    const twice = await back.client.ok<ConversationResult>({
      type: 'chat.end',
      conversationId: conversation.conversationId,
    });
    assert.equal(twice.conversation.endedAt, ended.conversation.endedAt);
    assert.notEqual((await startChat(back.client, 'shop')).conversationId, conversation.conversationId);
  });

  it('refuses agents acting as visitors and visitors acting as agents', async () => {
    const anna = await parties.agent('anna');
    assert.equal(
      await errorCode(anna.client, { type: 'chat.start', queue: 'default', scope: 's' }),
      'unauthorized',
    );
    assert.equal(await errorCode(anna.client, { type: 'chat.restore', scope: 's' }), 'unauthorized');
    const visitor = await parties.visitor();
    assert.equal(await errorCode(visitor.client, { type: 'chats.watch' }), 'unauthorized');
    assert.equal(await errorCode(visitor.client, { type: 'chat.accept' }), 'unauthorized');
    const nobody = await parties.connect();
    assert.equal(await errorCode(nobody, { type: 'chat.restore', scope: 's' }), 'unauthorized');
  });

  it('rejects frames that do not match the chat schemas', async () => {
    const visitor = await parties.visitor();
    const { conversationId } = await startChat(visitor.client);
    const bad: Array<Record<string, unknown>> = [
      { type: 'chat.send', conversationId, messageId: 'm', text: '' },
      { type: 'chat.send', conversationId, messageId: 'm', text: 'x'.repeat(4001) },
      { type: 'chat.send', conversationId, messageId: 'm', text: 'hi', extra: 1 },
      { type: 'chat.history', conversationId, afterSeq: -1 },
      { type: 'chat.history', conversationId, afterSeq: 1.5 },
      { type: 'chat.start', queue: 'default', scope: 's', visitorInfo: { name: 'A', age: 3 } },
      { type: 'chat.typing', conversationId },
    ];
    for (const frame of bad) {
      const mark = visitor.client.frames.length;
      visitor.client.sendRaw(JSON.stringify({ v: 1, id: 'bad', ...frame }));
      const answer = await visitor.client.waitFor(
        (f): f is HubFrame & { type: 'error' } => f.type === 'error' && f.re === 'bad',
        mark,
      );
      assert.equal(answer.code, 'bad-frame', JSON.stringify(frame));
    }
    const none = await visitor.client.ok<ChatHistoryResult>({
      type: 'chat.history',
      conversationId,
      afterSeq: 0,
    });
    assert.deepEqual(none.messages, []);
  });
});
