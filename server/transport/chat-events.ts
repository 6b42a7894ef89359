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

function audienceConnections(
  registry: ConnectionRegistry,
  chats: ChatsWatch,
  orgId: string,
  audience: ChatAudience,
): Set<Connection> {
  const connections = new Set<Connection>();
  if (audience.visitorId !== null)
    for (const connection of registry.visitorConnections(orgId, audience.visitorId))
      connections.add(connection);
  for (const agentId of audience.agentIds)
    for (const connection of registry.agentConnections(orgId, agentId)) connections.add(connection);
  for (const agentId of audience.watcherAgentIds)
    for (const connection of registry.agentConnections(orgId, agentId))
      if (chats.isWatching(connection, agentId)) connections.add(connection);
  if (audience.exceptConnectionId !== null)
    for (const connection of connections)
      if (connection.id === audience.exceptConnectionId) connections.delete(connection);
  return connections;
}

export function forwardChatEvents(
  bus: Bus,
  registry: ConnectionRegistry,
  conversations: ConversationService,
  chats: ChatsWatch,
): () => void {
  const stops = [
    bus.subscribe('chat.message', ({ orgId, message, audience }) => {
      for (const connection of audienceConnections(registry, chats, orgId, audience))
        connection.sendEvent({ v: PROTOCOL_VERSION, type: 'chat.message', message });
    }),

    bus.subscribe('chat.typing', ({ orgId, audience, frame }) => {
      for (const connection of audienceConnections(registry, chats, orgId, audience))
        connection.sendEvent(frame);
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
