/**
 * Floods against a real hub: one party making tickets or conversations and messages as fast as
 * the hub takes them. Each watching agent must receive a number of bytes proportional to what
 * changed, not to the list's length times the number of changes, and the list it rebuilds from
 * the diffs must equal a fresh snapshot. Limits (another part of the security suite) may refuse
 * part of a flood: only what the hub accepted is counted.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import type {
  AgentSignInResult,
  ChatsWatchResult,
  Conversation,
  ConversationResult,
  HelloResult,
  TicketsWatchResult,
} from '../../src/protocol/frames.js';
import { TestClient } from '../server/client.js';
import { chatsKind, listState, ticketsKind } from '../server/list-mirror.js';
import { startTestHub, type TestHub } from '../support/start-hub.js';

/** Visitors, each making one ticket (new identities per address stay within any sane limit). */
const TICKET_VISITORS = 40;
/** Conversations one visitor opens (one per scope), and messages it then sends round them. */
const CONVERSATIONS = 30;
const MESSAGES = 300;

/** An agent connection that counts the bytes it receives, by frame type. */
class CountingAgent {
  bytes = 0;
  readonly byType = new Map<string, number>();
  private constructor(readonly client: TestClient) {
    client.socket.on('message', (data: Buffer) => {
      this.bytes += data.length;
      const type = (JSON.parse(String(data)) as { type: string }).type;
      this.byType.set(type, (this.byType.get(type) ?? 0) + data.length);
    });
  }

  static async signIn(port: number, agentId: string): Promise<CountingAgent> {
    const client = await TestClient.connect(port);
    await client.ok<AgentSignInResult>({ type: 'agent.signIn', agentId, password: 'demo' });
    return new CountingAgent(client);
  }

  /** Bytes of the list pushes of this kind. */
  listBytes(type: 'tickets.diff' | 'chats.diff'): number {
    return this.byType.get(type) ?? 0;
  }
}

/** Bytes a JSON value takes on the wire. */
const size = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

describe('floods', { timeout: 180_000 }, () => {
  let hub: TestHub;
  const open: TestClient[] = [];
  const connect = async (): Promise<TestClient> => {
    const client = await TestClient.connect(hub.port);
    open.push(client);
    return client;
  };

  before(async () => {
    hub = await startTestHub({ visitorGraceMs: 600_000 });
  });
  after(async () => {
    await Promise.all(open.map((client) => client.close()));
    await hub.stop();
  });

  it('a flood of tickets costs each watching agent what changed, and its list equals a fresh snapshot', async () => {
    const agents = await Promise.all(['anna', 'bjorn'].map((id) => CountingAgent.signIn(hub.port, id)));
    for (const agent of agents) {
      open.push(agent.client);
      await agent.client.ok<TicketsWatchResult>({ type: 'tickets.watch' });
    }
    const before = agents.map((agent) => agent.bytes);

    let sent = 0;
    let joined = 0;
    for (let i = 0; i < TICKET_VISITORS; i++) {
      const visitor = await connect();
      const frames = [
        { v: 1, id: `h${i}`, type: 'hello' },
        { v: 1, id: `j${i}`, type: 'ticket.join', queue: 'default', data: { n: i } },
      ];
      for (const frame of frames) {
        const text = JSON.stringify(frame);
        sent += Buffer.byteLength(text);
        visitor.sendRaw(text);
      }
      const answer = await visitor.waitFor(
        (f) => (f.type === 'reply' || f.type === 'error') && f.re === `j${i}`,
      );
      if (answer.type === 'reply') joined++;
    }
    assert.ok(joined > 0, 'no ticket was made');

    for (const agent of agents) {
      const fresh = await connect();
      await fresh.ok<AgentSignInResult>({
        type: 'agent.signIn',
        agentId: agent === agents[0] ? 'anna' : 'bjorn',
        password: 'demo',
      });
      const snapshot = (await fresh.ok<TicketsWatchResult>({ type: 'tickets.watch' })).tickets;
      assert.equal(snapshot.length, joined);
      // The list rebuilt from the diffs comes to equal the fresh snapshot.
      await listState(agent.client, ticketsKind, (list) => isDeepEqual(list, snapshot));

      const received = agent.bytes - before[agents.indexOf(agent)]!;
      const listBytes = agent.listBytes('tickets.diff');
      // Each ticket goes out about once (a diff per tick, never the whole list per change).
      assert.ok(
        listBytes <= 2 * size(snapshot) + 200 * joined,
        `list pushes: ${listBytes} bytes for a final list of ${size(snapshot)}`,
      );
      // Everything the agent got (list pushes, offers) is a small multiple of what the visitors sent.
      assert.ok(received <= 20 * sent, `${received} bytes received for ${sent} sent`);
      console.log(
        `# tickets flood: ${joined} tickets, visitors sent ${sent} B; agent got ${received} B (${(received / sent).toFixed(1)}×), list pushes ${listBytes} B`,
      );
    }
  });

  it('a flood of conversations and messages costs each watching agent what changed', async () => {
    const agents = await Promise.all(['anna', 'chen'].map((id) => CountingAgent.signIn(hub.port, id)));
    for (const agent of agents) {
      open.push(agent.client);
      await agent.client.ok<ChatsWatchResult>({ type: 'chats.watch' });
    }
    const before = agents.map((agent) => ({ all: agent.bytes, list: agent.listBytes('chats.diff') }));

    const visitor = await connect();
    await visitor.ok<HelloResult>({ type: 'hello' });
    let sent = 0;
    const command = async (frame: Record<string, unknown>): Promise<unknown> => {
      const id = randomUUID();
      const text = JSON.stringify({ v: 1, id, ...frame });
      sent += Buffer.byteLength(text);
      visitor.sendRaw(text);
      const answer = await visitor.waitFor((f) => (f.type === 'reply' || f.type === 'error') && f.re === id);
      return answer.type === 'reply' ? answer.result : null;
    };
    const conversations: string[] = [];
    for (let i = 0; i < CONVERSATIONS; i++) {
      const result = (await command({
        type: 'chat.start',
        queue: 'default',
        scope: `s${i}`,
      })) as ConversationResult | null;
      if (result) conversations.push(result.conversation.conversationId);
    }
    assert.ok(conversations.length > 0, 'no conversation was opened');
    let stored = 0;
    for (let i = 0; i < MESSAGES; i++) {
      const conversationId = conversations[i % conversations.length]!;
      const text = `flood ${i} `.padEnd(60, '.');
      if (await command({ type: 'chat.send', conversationId, messageId: randomUUID(), text })) stored++;
    }

    const fresh = await connect();
    for (const agent of agents) {
      const agentId = agent === agents[0] ? 'anna' : 'chen';
      await fresh.ok<AgentSignInResult>({ type: 'agent.signIn', agentId, password: 'demo' });
      const snapshot = (await fresh.ok<ChatsWatchResult>({ type: 'chats.watch' })).conversations;
      assert.ok(snapshot.length >= conversations.length);
      // A stored message reaches agents as chat.message, not as a list change: lastSeq is left out.
      const withoutSeq = (list: Conversation[]) => list.map(({ lastSeq: _seq, ...rest }) => rest);
      await listState(agent.client, chatsKind, (list) => isDeepEqual(withoutSeq(list), withoutSeq(snapshot)));

      const i = agents.indexOf(agent);
      const listBytes = agent.listBytes('chats.diff') - before[i]!.list;
      const received = agent.bytes - before[i]!.all;
      const largest = Math.max(...snapshot.map(size));
      // At most one conversation per change, never the list per change.
      const changes = conversations.length + stored;
      assert.ok(
        listBytes <= (changes + snapshot.length) * (largest + 50),
        `list pushes: ${listBytes} bytes for ${changes} changes of items up to ${largest} bytes`,
      );
      assert.ok(received <= 20 * sent, `${received} bytes received for ${sent} sent`);
      console.log(
        `# chat flood: ${conversations.length} conversations, ${stored} messages, visitor sent ${sent} B; agent got ${received} B (${(received / sent).toFixed(1)}×), list pushes ${listBytes} B`,
      );
    }
  });
});

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
