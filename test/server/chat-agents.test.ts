/**
 * Live chat on the agents' side, against a real hub: the list of conversations an agent may see
 * and its pushes, offers, accepting (the oldest by default, one winner when two agents race),
 * assigning to a colleague, ending, queue tags, and tenancy.
 * Every test gets a fresh hub, so no conversation of one test shows in another's lists.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import type {
  AgentSignInResult,
  ChatsWatchResult,
  ConversationResult,
  HelloResult,
  HubFrame,
} from '../../src/protocol/frames.js';
import { hashPassword } from '../../server/services/passwords.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';
import { accept, chatMessage, chatState, chatsState, messagesIn, send, startChat } from './chat-kit.js';
import { addQueue, errorCode, pool, settledFrames, writeRows } from './line-kit.js';

const ids = (conversations: Array<{ conversationId: string }>) => conversations.map((c) => c.conversationId);

describe('chat for agents', () => {
  let hub: TestHub;
  const parties = pool(() => hub.port);

  beforeEach(async () => {
    hub = await startTestHub({ presenceGraceMs: 100 });
  });
  afterEach(async () => {
    await parties.closeAll();
    await hub?.stop();
  });

  it('lists what the agent may see, offers new conversations, and pushes every change', async () => {
    const anna = await parties.agent('anna');
    const watched = await anna.client.ok<ChatsWatchResult>({ type: 'chats.watch' });
    assert.deepEqual(watched.conversations, []);

    const visitor = await parties.visitor();
    const markA = anna.client.frames.length;
    const started = await startChat(visitor.client, 'shop', { visitorInfo: { name: 'Ada' } });
    const offer = await anna.client.waitFor(
      (f): f is HubFrame & { type: 'chat.offered' } => f.type === 'chat.offered',
      markA,
    );
    assert.deepEqual(offer, {
      v: 1,
      type: 'chat.offered',
      conversationId: started.conversationId,
      visitor: { name: 'Ada' },
    });
    const listed = await chatsState(anna.client, (list) => list.length === 1, markA);
    assert.deepEqual(listed[0], { ...started, assignedTo: null }, 'the agent’s view of the new conversation');

    // A message while it waits reaches the agents who may accept it.
    const hello = await send(visitor.client, started.conversationId, 'Anyone there?');
    assert.deepEqual(await chatMessage(anna.client, (m) => m.seq === 1, markA), hello);

    const markAccept = anna.client.frames.length;
    const taken = await accept(anna.client);
    assert.equal(taken.conversation.conversationId, started.conversationId);
    assert.deepEqual(taken.messages, [hello]);
    const mine = await chatsState(anna.client, (list) => list[0]?.status === 'active', markAccept);
    assert.equal(mine[0]?.agent?.id, 'anna');

    const markEnd = anna.client.frames.length;
    await visitor.client.ok<ConversationResult>({ type: 'chat.end', conversationId: started.conversationId });
    await chatState(anna.client, (c) => c.status === 'ended', markEnd);
    await chatsState(anna.client, (list) => list.length === 0, markEnd);
  });

  it('lets exactly one of two agents accepting at once win; the other gets conflict', async () => {
    const anna = await parties.agent('anna');
    const chen = await parties.agent('chen');
    for (const agent of [anna, chen]) await agent.client.ok({ type: 'chats.watch' });
    const visitor = await parties.visitor();
    const { conversationId } = await startChat(visitor.client);
    const markV = visitor.client.frames.length;

    const answers = await Promise.all(
      [anna, chen].map((agent) => agent.client.command({ type: 'chat.accept', conversationId })),
    );
    const won = answers.filter((a) => a.type === 'reply');
    const lost = answers.filter((a) => a.type === 'error');
    assert.equal(won.length, 1, JSON.stringify(answers));
    assert.equal(lost.length, 1);
    assert.equal(lost[0]?.type === 'error' && lost[0].code, 'conflict');
    const winner = answers[0]?.type === 'reply' ? 'anna' : 'chen';
    const loser = winner === 'anna' ? chen : anna;

    const visitorSees = await chatState(visitor.client, (c) => c.status === 'active', markV);
    assert.equal(visitorSees.agent?.id, winner);
    await chatsState(loser.client, (list) => list.length === 0);
    // The loser may not write in it.
    assert.equal(
      await errorCode(loser.client, { type: 'chat.send', conversationId, messageId: 'x', text: 'me too' }),
      'not-found',
    );
    // Accepting it again is the winner's no-op, not a conflict.
    const winnerParty = winner === 'anna' ? anna : chen;
    assert.equal((await accept(winnerParty.client, conversationId)).conversation.agent?.id, winner);
  });

  it('accepts the oldest waiting conversation by default, and says when there is none', async () => {
    const anna = await parties.agent('anna');
    assert.equal(await errorCode(anna.client, { type: 'chat.accept' }), 'not-found');
    const first = await parties.visitor();
    const second = await parties.visitor();
    const a = await startChat(first.client);
    const b = await startChat(second.client);
    assert.equal((await accept(anna.client)).conversation.conversationId, a.conversationId);
    assert.equal((await accept(anna.client)).conversation.conversationId, b.conversationId);
    assert.equal(await errorCode(anna.client, { type: 'chat.accept' }), 'not-found');
  });

  it('assigns to a colleague: both agents and the visitor see it, and read "Assigned to …"', async () => {
    const visitor = await parties.visitor();
    const { conversationId } = await startChat(visitor.client);
    const anna = await parties.agent('anna');
    const chen = await parties.agent('chen');
    await accept(anna.client, conversationId);
    await send(visitor.client, conversationId, 'Can I talk to someone about electronics?');

    assert.equal(
      await errorCode(anna.client, { type: 'chat.assign', conversationId, agentId: 'nobody' }),
      'not-found',
    );
    const marks = [visitor.client, anna.client, chen.client].map((c) => c.frames.length);
    const assigned = await anna.client.ok<ConversationResult>({
      type: 'chat.assign',
      conversationId,
      agentId: 'chen',
    });
    assert.equal(assigned.conversation.agent?.id, 'chen');
    assert.equal(assigned.conversation.assignedTo, 'chen');
    assert.equal(assigned.conversation.status, 'active');

    for (const [n, client] of [visitor.client, anna.client, chen.client].entries()) {
      const state = await chatState(client, (c) => c.agent?.id === 'chen', marks[n]);
      assert.equal(state.conversationId, conversationId);
      const notice = await chatMessage(client, (m) => m.kind === 'notice', marks[n]);
      assert.deepEqual([notice.from, notice.text, notice.seq], ['system', 'Assigned to Chen Wei', 2]);
    }
    // Chen writes now; Anna no longer may.
    const markV = visitor.client.frames.length;
    const fromChen = await send(chen.client, conversationId, 'Chen here, electronics');
    assert.equal(fromChen.agentName, 'Chen Wei');
    assert.deepEqual(await chatMessage(visitor.client, (m) => m.seq === 3, markV), fromChen);
    assert.equal(
      await errorCode(anna.client, {
        type: 'chat.send',
        conversationId,
        messageId: 'late',
        text: 'still me?',
      }),
      'not-found',
    );
    const chenHistory = await chen.client.ok<{ messages: unknown[] }>({
      type: 'chat.history',
      conversationId,
      afterSeq: 0,
    });
    assert.equal(chenHistory.messages.length, 3, 'the new agent reads the whole transcript');
  });

  it('sends every message to each connection once: both parties, all their tabs', async () => {
    const visitor = await parties.visitor();
    const tab2 = await parties.visitor(visitor.token);
    const { conversationId } = await startChat(visitor.client);
    const anna = await parties.agent('anna');
    await anna.client.ok({ type: 'chats.watch' });
    const annaTab2 = await parties.connect();
    await annaTab2.ok<HelloResult>({ type: 'hello', agentToken: anna.token });
    await annaTab2.ok({ type: 'chats.watch' });
    await accept(anna.client, conversationId);
    const marks = [visitor.client, tab2.client, anna.client, annaTab2].map((c) => c.frames.length);

    const fromVisitor = await send(visitor.client, conversationId, 'from the visitor');
    const fromAgent = await send(annaTab2, conversationId, 'from the agent');
    const expected = [[fromAgent], [fromVisitor, fromAgent], [fromVisitor, fromAgent], [fromVisitor]];
    for (const [n, client] of [visitor.client, tab2.client, anna.client, annaTab2].entries()) {
      await settledFrames(client, ['chat.message'], marks[n]);
      assert.deepEqual(messagesIn(client, marks[n]), expected[n], `connection ${n}`);
    }
  });

  it('offers and shows a waiting conversation only to agents serving its queue; offline ones to all', async () => {
    addQueue(hub.dataDir, { id: 'gadgets', name: 'Gadgets', agentTag: 'electronics' });
    const anna = await parties.agent('anna');
    const bjorn = await parties.agent('bjorn');
    for (const agent of [anna, bjorn]) await agent.client.ok({ type: 'chats.watch' });
    const visitor = await parties.visitor();
    const markB = bjorn.client.frames.length;
    const gadgets = await startChat(visitor.client, 'shop', { queue: 'gadgets' });
    await chatsState(bjorn.client, (list) => ids(list).includes(gadgets.conversationId), markB);
    await bjorn.client.waitFor((f) => f.type === 'chat.offered', markB);

    assert.deepEqual(
      await settledFrames(anna.client, ['chat.offered', 'chats.diff']),
      [],
      'Anna does not serve Gadgets',
    );
    assert.equal(
      await errorCode(anna.client, { type: 'chat.accept', conversationId: gadgets.conversationId }),
      'not-found',
    );
    assert.equal(await errorCode(anna.client, { type: 'chat.accept' }), 'not-found');

    const markA = anna.client.frames.length;
    const other = await parties.visitor();
    const offline = (
      await other.client.ok<ConversationResult>({
        type: 'chat.offlineMessage',
        queue: 'gadgets',
        scope: 'shop',
        name: 'Bo',
        email: 'bo@example.com',
        text: 'Is the X200 in stock?',
      })
    ).conversation;
    await anna.client.waitFor(
      (f) => f.type === 'chat.offered' && f.conversationId === offline.conversationId,
      markA,
    );
    const annaList = await chatsState(anna.client, (list) => list.length === 1, markA);
    assert.deepEqual(ids(annaList), [offline.conversationId]);
    assert.equal((await accept(anna.client, offline.conversationId)).conversation.agent?.id, 'anna');
  });

  it("treats another org's conversations, and other visitors', as not found", async () => {
    writeRows(hub.dataDir, (db) => {
      db.prepare(
        `INSERT INTO orgs (id, name, allowed_origins) VALUES ('other', 'Other Shop', '["http://localhost:*"]')`,
      ).run();
    });
    addQueue(hub.dataDir, { orgId: 'other', id: 'default', name: 'Other support' });
    const hash = await hashPassword('other-secret');
    writeRows(hub.dataDir, (db) => {
      db.prepare(
        `INSERT INTO agents (org_id, id, name, tags, photo_url, status, password_hash)
         VALUES ('other', 'anna', 'Anna Other', '[]', '/media/agents/anna.svg', 'offline', ?)`,
      ).run(hash);
    });

    const visitor = await parties.visitor();
    const ours = await startChat(visitor.client);
    const id = ours.conversationId;

    const outsider = await parties.connect({ org: 'other' });
    await outsider.ok({ type: 'hello' });
    const otherAnna = await parties.connect({ org: 'other' });
    await otherAnna.ok<AgentSignInResult>({
      type: 'agent.signIn',
      agentId: 'anna',
      password: 'other-secret',
    });
    const stranger = await parties.visitor();

    for (const client of [outsider, stranger.client, otherAnna]) {
      for (const command of [
        { type: 'chat.send', conversationId: id, messageId: 'm', text: 'hi' },
        { type: 'chat.history', conversationId: id, afterSeq: 0 },
        { type: 'chat.typing', conversationId: id, typing: true },
        { type: 'chat.read', conversationId: id, seq: 0 },
        { type: 'chat.end', conversationId: id },
      ] as const) {
        assert.equal(await errorCode(client, command), 'not-found', command.type);
      }
    }
    for (const client of [outsider, stranger.client]) {
      assert.equal(
        await errorCode(client, { type: 'chat.visitorInfo', conversationId: id, visitorInfo: { name: 'X' } }),
        'not-found',
      );
    }
    assert.equal(await errorCode(otherAnna, { type: 'chat.accept', conversationId: id }), 'not-found');
    assert.equal(await errorCode(otherAnna, { type: 'chat.accept' }), 'not-found');
    assert.equal(
      await errorCode(otherAnna, { type: 'chat.assign', conversationId: id, agentId: 'anna' }),
      'not-found',
    );
    assert.deepEqual((await otherAnna.ok<ChatsWatchResult>({ type: 'chats.watch' })).conversations, []);

    // Demo's Anna cannot hand a demo conversation to the other org's agent either.
    const anna = await parties.agent('anna');
    await accept(anna.client, id);
    addQueue(hub.dataDir, { orgId: 'other', id: 'sales', name: 'Other sales' });
    writeRows(hub.dataDir, (db) => {
      db.prepare(
        `INSERT INTO agents (org_id, id, name, tags, photo_url, status, password_hash)
         VALUES ('other', 'olga', 'Olga', '[]', '/media/agents/olga.svg', 'offline', ?)`,
      ).run(hash);
    });
    assert.equal(
      await errorCode(anna.client, { type: 'chat.assign', conversationId: id, agentId: 'olga' }),
      'not-found',
    );
    // Nothing the outsiders tried changed it.
    const still = await accept(anna.client, id);
    assert.equal(still.conversation.status, 'active');
    assert.deepEqual(still.messages, []);
  });
});
