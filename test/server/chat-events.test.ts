/**
 * forwardChatEvents on its own, with a real ConnectionRegistry: a chat message or typing frame
 * reaches every connection of its audience exactly once, however many roles put a connection in
 * it (a tab that is both the visitor and an agent, an agent named twice or also as a watcher),
 * and never the connection that caused it, a watcher's tab that does not watch, or a closed one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type WebSocket from 'ws';

import type { ChatMessage } from '../../src/protocol/chat.js';
import type { Bus, BusHandler, BusTopic, BusTopics, ChatAudience } from '../../server/bus/bus.js';
import type { PartyWatch } from '../../server/services/departures.js';
import type { AgentPresence } from '../../server/services/presence.js';
import type { ConversationService } from '../../server/services/chat/conversations.js';
import { forwardChatEvents } from '../../server/transport/chat-events.js';
import type { ChatsWatch } from '../../server/transport/chats-watch.js';
import { Connection } from '../../server/transport/connection.js';
import { ConnectionRegistry } from '../../server/transport/connections.js';

/** A socket that records the frames sent on it. */
function recordingSocket(sent: string[]): WebSocket {
  return {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    send: (text: string) => sent.push(text),
  } as unknown as WebSocket;
}

/** A bus whose handlers the test calls itself, synchronously. */
class HandBus implements Bus {
  readonly handlers = new Map<BusTopic, BusHandler<BusTopic>>();
  publish(): Promise<void> {
    return Promise.resolve();
  }
  subscribe<T extends BusTopic>(topic: T, handler: BusHandler<T>): () => void {
    this.handlers.set(topic, handler as BusHandler<BusTopic>);
    return () => this.handlers.delete(topic);
  }
  deliver<T extends BusTopic>(topic: T, message: BusTopics[T]): void {
    void this.handlers.get(topic)!(message);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const quiet = { attach() {}, detach() {} };

function setUp() {
  const registry = new ConnectionRegistry(quiet as unknown as AgentPresence, quiet as unknown as PartyWatch);
  const watching = new Set<Connection>();
  const chats = {
    isWatching: (connection: Connection, agentId: string) =>
      watching.has(connection) && connection.agent?.agentId === agentId,
    refresh() {},
  } as unknown as ChatsWatch;
  const bus = new HandBus();
  forwardChatEvents(bus, registry, {} as ConversationService, chats);
  const sent = new Map<string, string[]>();
  const open = (name: string, as: { visitor?: string; agent?: string; watches?: boolean }) => {
    const frames: string[] = [];
    const connection = new Connection(recordingSocket(frames), 'demo', 'http://localhost');
    registry.add(connection);
    if (as.visitor) registry.bindVisitor(connection, as.visitor);
    if (as.agent) registry.bindAgent(connection, as.agent, `session-${name}`);
    if (as.watches) watching.add(connection);
    sent.set(name, frames);
    return connection;
  };
  /** How many frames of `type` each named connection got. */
  const counts = (type: string) =>
    Object.fromEntries(
      [...sent].map(([name, frames]) => [
        name,
        frames.filter((text) => (JSON.parse(text) as { type: string }).type === type).length,
      ]),
    );
  return { registry, bus, open, counts };
}

const message: ChatMessage = {
  messageId: 'm1',
  conversationId: 'c1',
  seq: 1,
  from: 'visitor',
  agentId: null,
  agentName: null,
  text: 'Hello',
  kind: 'text',
  sentAt: '2026-12-02T08:00:00.000Z',
};

describe('chat events', () => {
  it('sends a message to each connection of its audience once, whatever roles it holds', () => {
    const { registry, bus, open, counts } = setUp();
    const sender = open('sender', { visitor: 'v1' });
    open('visitorTab', { visitor: 'v1' });
    open('visitorAndAnna', { visitor: 'v1', agent: 'anna', watches: true });
    open('anna', { agent: 'anna', watches: true });
    open('bobWatching', { agent: 'bob', watches: true });
    open('bobNotWatching', { agent: 'bob' });
    open('otherVisitor', { visitor: 'v2' });
    const gone = open('closedAnna', { agent: 'anna' });
    registry.remove(gone);
    const audience: ChatAudience = {
      visitorId: 'v1',
      agentIds: ['anna', 'anna'],
      watcherAgentIds: ['bob', 'anna', 'bob'],
      exceptConnectionId: sender.id,
    };
    bus.deliver('chat.message', { orgId: 'demo', message, audience });
    assert.deepEqual(counts('chat.message'), {
      sender: 0,
      visitorTab: 1,
      visitorAndAnna: 1,
      anna: 1,
      bobWatching: 1,
      bobNotWatching: 0,
      otherVisitor: 0,
      closedAnna: 0,
    });
  });

  it('sends typing to the watchers of a waiting conversation and to no one else', () => {
    const { bus, open, counts } = setUp();
    open('visitor', { visitor: 'v1' });
    open('annaWatching', { agent: 'anna', watches: true });
    open('annaNotWatching', { agent: 'anna' });
    open('bob', { agent: 'bob', watches: true });
    bus.deliver('chat.typing', {
      orgId: 'demo',
      audience: { visitorId: null, agentIds: [], watcherAgentIds: ['anna'], exceptConnectionId: null },
      frame: { v: 1, type: 'chat.typing', conversationId: 'c1', from: 'visitor', typing: true },
    });
    assert.deepEqual(counts('chat.typing'), { visitor: 0, annaWatching: 1, annaNotWatching: 0, bob: 0 });
  });

  it("reaches a visitor's tab that is also an agent once when the visitor alone is the audience", () => {
    const { bus, open, counts } = setUp();
    open('visitorAndAnna', { visitor: 'v1', agent: 'anna' });
    bus.deliver('chat.message', {
      orgId: 'demo',
      message,
      audience: { visitorId: 'v1', agentIds: ['anna'], watcherAgentIds: [], exceptConnectionId: null },
    });
    assert.deepEqual(counts('chat.message'), { visitorAndAnna: 1 });
  });
});
