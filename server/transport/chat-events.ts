/**
 * Carries the chat news from the bus to this process's connections: `chat.message` and
 * `chat.typing` to their audience, `chat.state` to each party in its own view (the visitor's
 * without what agents set), `chat.offered` and `chats.diff` to watching agents.
 *
 * Each frame reaches a connection at most once, however many roles put it in the audience.
 * Handlers that send are synchronous, so frames leave in the order the bus delivered them, which
 * for one conversation is the order its turn published them (seq order for messages).
 */
import { PROTOCOL_VERSION } from '../../src/protocol/frames.js';
import type { Bus, ChatAudience } from '../bus/bus.js';
import type { ConversationService } from '../services/chat/conversations.js';
import type { ChatsWatch } from './chats-watch.js';
import type { Connection } from './connection.js';
import type { ConnectionRegistry } from './connections.js';

/**
 * Calls `visit` once for each connection of the audience, without building a set of them: the
 * common audience (one visitor, one agent, no watchers) costs no allocation. Each connection is
 * visited at most once: a connection speaks for one agent at most and for one visitor at most,
 * so one that speaks for the audience's visitor (met first) is skipped among the agents'.
 */
function forEachInAudience(
  registry: ConnectionRegistry,
  chats: ChatsWatch,
  orgId: string,
  audience: ChatAudience,
  visit: (connection: Connection) => void,
): void {
  const { visitorId, agentIds, watcherAgentIds, exceptConnectionId } = audience;
  if (visitorId !== null)
    for (const connection of registry.visitorConnections(orgId, visitorId))
      if (connection.id !== exceptConnectionId) visit(connection);
  const visited = (connection: Connection): boolean =>
    connection.id === exceptConnectionId || (visitorId !== null && connection.visitorId === visitorId);
  for (let i = 0; i < agentIds.length; i++) {
    const agentId = agentIds[i]!;
    if (agentIds.indexOf(agentId) !== i) continue; // named twice
    for (const connection of registry.agentConnections(orgId, agentId))
      if (!visited(connection)) visit(connection);
  }
  if (watcherAgentIds.length === 0) return;
  for (const agentId of new Set(watcherAgentIds)) {
    if (agentIds.includes(agentId)) continue; // all its connections were visited above
    for (const connection of registry.agentConnections(orgId, agentId))
      if (!visited(connection) && chats.isWatching(connection, agentId)) visit(connection);
  }
}

export function forwardChatEvents(
  bus: Bus,
  registry: ConnectionRegistry,
  conversations: ConversationService,
  chats: ChatsWatch,
): () => void {
  const stops = [
    bus.subscribe('chat.message', ({ orgId, message, audience }) => {
      // One frame for all: connections only read what they send.
      const frame = { v: PROTOCOL_VERSION, type: 'chat.message', message } as const;
      forEachInAudience(registry, chats, orgId, audience, (connection) => connection.sendEvent(frame));
    }),

    bus.subscribe('chat.typing', ({ orgId, audience, frame }) => {
      forEachInAudience(registry, chats, orgId, audience, (connection) => connection.sendEvent(frame));
    }),

    bus.subscribe('chat.changed', ({ orgId, view, agentIds }) => {
      const told = new Set<Connection>();
      for (const agentId of agentIds) {
        for (const connection of registry.agentConnections(orgId, agentId)) {
          if (told.has(connection)) continue;
          told.add(connection);
          const conversation = conversations.info(view, 'agent', connection.baseUrl);
          connection.sendEvent({ v: PROTOCOL_VERSION, type: 'chat.state', conversation });
        }
      }
      for (const connection of registry.visitorConnections(orgId, view.conversation.visitorId)) {
        if (told.has(connection)) continue;
        const conversation = conversations.info(view, 'visitor', connection.baseUrl);
        connection.sendEvent({ v: PROTOCOL_VERSION, type: 'chat.state', conversation });
      }
    }),

    bus.subscribe('chat.offered', ({ orgId, agentIds, offer }) => {
      for (const agentId of agentIds) {
        for (const connection of registry.agentConnections(orgId, agentId)) {
          if (!chats.isWatching(connection, agentId)) continue;
          connection.sendEvent({ v: PROTOCOL_VERSION, type: 'chat.offered', ...offer });
        }
      }
    }),

    bus.subscribe('chats.changed', ({ orgId }) => chats.refresh(orgId)),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
