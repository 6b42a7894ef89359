/**
 * The `>cs` commands of web1on1 (003) executed by a real hub: each example's effect read back on
 * the agent's side (chat.state, chats.watch, chat.accept, history), the visitor never receiving
 * command text, malformed commands refused with `bad-command` and nothing changed.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';

import type {
  ChatHistoryResult,
  ChatRestoreResult,
  ChatsWatchResult,
  Conversation,
  ConversationDetails,
} from '../../src/protocol/frames.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';
import { accept, chatMessage, chatState, messagesIn, send, startChat } from './chat-kit.js';
import type { TestClient } from './client.js';
import { pool, settledFrames } from './line-kit.js';

/** The seed's examples, each with the result line agents read. */
const SEED_COMMANDS: Array<[string, string]> = [
  [
    '>cs .location 61be87aeafdf672d381a9db4#61be87aeafdf672d381a9db5',
    'Field location set to "61be87aeafdf672d381a9db4#61be87aeafdf672d381a9db5"',
  ],
  ['>cs +6093490651a8b5629324ae4f', 'Form 6093490651a8b5629324ae4f activated'],
  ['>cs .brand Toyota', 'Field brand set to "Toyota"'],
  ['>cs /set @category Used Car', 'Category set to "Used Car"'],
  ['>cs /set isLead yes', 'Variable isLead set to "yes"'],
  ['>cs /assign 62c6077ca980127f404b0301', 'Assigned to 62c6077ca980127f404b0301'],
  ['>cs /notify 605411853c68d83fd1ac7655', 'Notified inbox 605411853c68d83fd1ac7655'],
  ['>cs /notify', 'Notified every organisation'],
  [
    '>cs @6248f0083ab5d5001e523146 Hello this is for you',
    'Mentioned 6248f0083ab5d5001e523146: Hello this is for you',
  ],
];

const details = (c: Conversation): ConversationDetails => ({
  fields: c.fields,
  forms: c.forms,
  category: c.category,
  meta: c.meta,
  assignedTo: c.assignedTo,
  notifications: c.notifications,
  mentions: c.mentions,
});

const BLANK: ConversationDetails = {
  fields: {},
  forms: [],
  category: null,
  meta: {},
  assignedTo: null,
  notifications: [],
  mentions: [],
};

/** Every text the client was ever sent, whatever the frame. */
function everythingSent(client: TestClient): string {
  return JSON.stringify(client.frames);
}

describe('chat >cs commands', () => {
  let hub: TestHub;
  const parties = pool(() => hub.port);

  beforeEach(async () => {
    hub = await startTestHub({ presenceGraceMs: 100 });
  });
  afterEach(async () => {
    await parties.closeAll();
    await hub?.stop();
  });

  it('runs every command of the seed, visible to agents and never to the visitor', async () => {
    const visitor = await parties.visitor();
    const tab2 = await parties.visitor(visitor.token);
    const anna = await parties.agent('anna');
    await anna.client.ok<ChatsWatchResult>({ type: 'chats.watch' });
    const conversation = await startChat(visitor.client, 'cars');
    const id = conversation.conversationId;
    const hello = await send(visitor.client, id, 'Hi, about that car');

    // The first command while the conversation still waits: the agents who may accept it see it.
    const markEarly = anna.client.frames.length;
    const [firstCommand, firstResult] = SEED_COMMANDS[0]!;
    const early = await send(visitor.client, id, firstCommand);
    assert.deepEqual(
      { kind: early.kind, from: early.from, text: early.text, seq: early.seq },
      { kind: 'command', from: 'system', text: '', seq: 2 },
      'the visitor’s acknowledgement carries no command text',
    );
    assert.equal((await chatMessage(anna.client, (m) => m.seq === 2, markEarly)).text, firstResult);

    const taken = await accept(anna.client, id);
    assert.deepEqual(
      taken.messages.map((m) => [m.seq, m.kind, m.text]),
      [
        [1, 'text', hello.text],
        [2, 'command', firstResult],
      ],
      'accepting gives the whole transcript, commands sent before included',
    );

    for (const [text, result] of SEED_COMMANDS.slice(1)) {
      const mark = anna.client.frames.length;
      const ack = await send(visitor.client, id, text);
      assert.equal(ack.kind, 'command', text);
      assert.equal(ack.text, '', text);
      const seen = await chatMessage(anna.client, (m) => m.seq === ack.seq, mark);
      assert.deepEqual(
        { from: seen.from, kind: seen.kind, text: seen.text, agentId: seen.agentId },
        { from: 'system', kind: 'command', text: result, agentId: null },
        text,
      );
      await chatState(anna.client, (c) => c.lastSeq >= ack.seq, mark);
    }

    const expected: ConversationDetails = {
      fields: { location: '61be87aeafdf672d381a9db4#61be87aeafdf672d381a9db5', brand: 'Toyota' },
      forms: ['6093490651a8b5629324ae4f'],
      category: 'Used Car',
      meta: { isLead: 'yes' },
      assignedTo: '62c6077ca980127f404b0301',
      notifications: [
        { inbox: '605411853c68d83fd1ac7655', at: '' },
        { inbox: null, at: '' },
      ],
      mentions: [{ id: '6248f0083ab5d5001e523146', text: 'Hello this is for you', at: '' }],
    };
    const withoutTimes = (d: ConversationDetails): ConversationDetails => ({
      ...d,
      notifications: d.notifications.map((n) => ({ ...n, at: '' })),
      mentions: d.mentions.map((m) => ({ ...m, at: '' })),
    });
    // Read back three ways on the agent's side: a fresh watch, accepting again, the last state.
    const fresh = await parties.agent('anna');
    const listed = (await fresh.client.ok<ChatsWatchResult>({ type: 'chats.watch' })).conversations;
    assert.deepEqual(withoutTimes(details(listed.find((c) => c.conversationId === id)!)), expected);
    const again = await accept(anna.client, id);
    assert.deepEqual(withoutTimes(details(again.conversation)), expected);
    assert.equal(again.conversation.agent?.id, 'anna', 'a bot id assigns without taking it from the agent');
    assert.ok(again.conversation.notifications.every((n) => !Number.isNaN(Date.parse(n.at))));

    const agentHistory = (
      await anna.client.ok<ChatHistoryResult>({ type: 'chat.history', conversationId: id, afterSeq: 0 })
    ).messages;
    assert.equal(agentHistory.length, 1 + SEED_COMMANDS.length);
    assert.deepEqual(
      agentHistory.filter((m) => m.kind === 'command').map((m) => m.text),
      SEED_COMMANDS.map(([, result]) => result),
    );

    // The visitor's side: no command message pushed, in history or restored; no command text or
    // result anywhere in what it was sent; its view of the conversation carries no details.
    const visitorHistory = (
      await visitor.client.ok<ChatHistoryResult>({ type: 'chat.history', conversationId: id, afterSeq: 0 })
    ).messages;
    assert.deepEqual(visitorHistory, [hello]);
    const restored = await tab2.client.ok<ChatRestoreResult>({ type: 'chat.restore', scope: 'cars' });
    assert.deepEqual(restored.messages, [hello]);
    assert.deepEqual(details(restored.conversation!), BLANK);
    for (const client of [visitor.client, tab2.client]) {
      await settledFrames(client, ['chat.message']);
      assert.deepEqual(
        messagesIn(client).filter((m) => m.kind === 'command'),
        [],
      );
      const sent = everythingSent(client);
      for (const [text, result] of SEED_COMMANDS) {
        assert.ok(!sent.includes(text.slice(4)), `the visitor was sent "${text}"`);
        assert.ok(!sent.includes(result), `the visitor was sent "${result}"`);
      }
      for (const frame of client.frames)
        if (frame.type === 'chat.state') assert.deepEqual(details(frame.conversation), BLANK);
    }
  });

  it('runs a command once however often it is resent', async () => {
    const visitor = await parties.visitor();
    const { conversationId } = await startChat(visitor.client);
    const anna = await parties.agent('anna');
    await accept(anna.client, conversationId);
    const messageId = randomUUID();
    const first = await send(visitor.client, conversationId, '>cs /notify', messageId);
    const again = await send(visitor.client, conversationId, '>cs /notify', messageId);
    assert.deepEqual(again, first);
    const state = await accept(anna.client, conversationId);
    assert.equal(state.conversation.notifications.length, 1);
    assert.equal(state.conversation.lastSeq, 1);
  });

  it('lets /assign to an agent of the org make it the conversation’s agent', async () => {
    const visitor = await parties.visitor();
    const { conversationId } = await startChat(visitor.client);
    const chen = await parties.agent('chen');
    const markV = visitor.client.frames.length;
    const markC = chen.client.frames.length;
    await send(visitor.client, conversationId, '>cs /assign chen');
    const mine = await chatState(chen.client, (c) => c.agent?.id === 'chen', markC);
    assert.equal(mine.status, 'active');
    assert.equal(mine.assignedTo, 'chen');
    assert.equal(
      (await chatMessage(chen.client, (m) => m.kind === 'command', markC)).text,
      'Assigned to Chen Wei',
    );
    const visitorSees = await chatState(visitor.client, (c) => c.status === 'active', markV);
    assert.equal(visitorSees.agent?.name, 'Chen Wei');
    assert.equal(visitorSees.assignedTo, null, 'what commands set is for agents');
    // Chen may now write in it.
    assert.equal((await send(chen.client, conversationId, 'Chen here')).from, 'agent');
  });

  it('keeps a visitor’s /assign to an agent who is not online a note: the chat stays waiting for everyone', async () => {
    const visitor = await parties.visitor();
    const { conversationId } = await startChat(visitor.client);
    const anna = await parties.agent('anna');
    // bjorn is an agent of the org but not connected: a visitor cannot make him take the chat.
    const note = await send(visitor.client, conversationId, '>cs /assign bjorn');
    assert.equal(note.kind, 'command');
    // Had it been routed to bjorn, anna could not take it.
    const state = await accept(anna.client, conversationId);
    assert.equal(state.conversation.agent?.id, 'anna', 'still anyone’s to take');
    assert.equal(state.conversation.assignedTo, 'bjorn', 'the visitor’s wish stays a note for agents');
  });

  it('runs an agent’s command too, for agents only', async () => {
    const visitor = await parties.visitor();
    const { conversationId } = await startChat(visitor.client);
    const anna = await parties.agent('anna');
    await accept(anna.client, conversationId);
    const markV = visitor.client.frames.length;
    const result = await send(anna.client, conversationId, '>cs /set @category Returns');
    assert.equal(result.text, 'Category set to "Returns"', 'the agent’s acknowledgement has the result');
    assert.equal((await accept(anna.client, conversationId)).conversation.category, 'Returns');
    await settledFrames(visitor.client, ['chat.message'], markV);
    assert.deepEqual(messagesIn(visitor.client, markV), []);
  });

  it('refuses malformed commands with bad-command, storing and changing nothing', async () => {
    const visitor = await parties.visitor();
    const { conversationId } = await startChat(visitor.client);
    const anna = await parties.agent('anna');
    await accept(anna.client, conversationId);
    await send(visitor.client, conversationId, '>cs .brand Toyota');
    const before = await accept(anna.client, conversationId);
    const markA = anna.client.frames.length;
    const markV = visitor.client.frames.length;

    const malformed: Array<[string, RegExp]> = [
      ['>cs /set', /Set what\?/],
      ['>cs .', /field needs a name and a value/],
      ['>cs +', /form needs its id/],
      ['>cs /unknown x', /Unknown command "\/unknown"/],
      ['>cs @ text', /mention needs an id and a text/],
    ];
    for (const [text, message] of malformed) {
      const messageId = randomUUID();
      for (const attempt of [1, 2]) {
        const answer = await visitor.client.command({ type: 'chat.send', conversationId, messageId, text });
        assert.equal(answer.type, 'error', `${text} (attempt ${attempt})`);
        if (answer.type === 'error') {
          assert.equal(answer.code, 'bad-command', text);
          assert.match(answer.message, message, text);
        }
      }
    }
    // The agent's command is refused the same way.
    const fromAgent = await anna.client.command({
      type: 'chat.send',
      conversationId,
      messageId: 'a1',
      text: '>cs /set',
    });
    assert.equal(fromAgent.type === 'error' && fromAgent.code, 'bad-command');

    const after = await accept(anna.client, conversationId);
    assert.deepEqual(after.conversation, before.conversation, 'nothing changed');
    assert.deepEqual(after.messages, before.messages, 'nothing stored');
    const pushes = await settledFrames(anna.client, ['chat.message', 'chat.state'], markA);
    assert.deepEqual(pushes, [], 'nothing announced');
    assert.deepEqual(await settledFrames(visitor.client, ['chat.message', 'chat.state'], markV), []);
    // And the conversation goes on normally.
    const next = await send(visitor.client, conversationId, 'Plain text again');
    assert.equal(next.seq, before.conversation.lastSeq + 1);
  });

  it('treats text that merely mentions >cs as chat text', async () => {
    const visitor = await parties.visitor();
    const { conversationId } = await startChat(visitor.client);
    const plain = await send(visitor.client, conversationId, 'what does >cs mean?');
    assert.deepEqual([plain.kind, plain.text], ['text', 'what does >cs mean?']);
    const history = (
      await visitor.client.ok<ChatHistoryResult>({ type: 'chat.history', conversationId, afterSeq: 0 })
    ).messages;
    assert.deepEqual(history, [plain]);
  });
});
