/**
 * What each chat command does (src/protocol/chat.ts): who may send it, and the service call it
 * becomes. Commands.ts hands every chat frame here, with the same rules as every command (one
 * answer per id, a repeated id answered from memory).
 *
 * Visitors start, restore, describe themselves and leave the offline form; agents watch, accept
 * and assign; either side sends, reads history, types, marks read and ends. A signed-in agent
 * speaks as the agent on its connection, never as a visitor.
 */
import type {
  ChatAcceptFrame,
  ChatAssignFrame,
  ChatClientFrame,
  ChatOfflineMessageFrame,
  ChatStartFrame,
  CommandResults,
} from '../../src/protocol/frames.js';
import type { AgentService } from '../services/agents.js';
import type { ChatParty } from '../services/chat/access.js';
import type { ConversationService, StartRequest } from '../services/chat/conversations.js';
import type { MessageService } from '../services/chat/messages.js';
import type { TypingRelay } from '../services/chat/typing.js';
import type { Charge } from '../services/limits/rate-limits.js';
import type { VisitorLimits } from '../services/limits/visitor-limits.js';
import { messageFor } from '../services/chat/views.js';
import type { ChatView } from '../services/chat/views.js';
import type { ChatsWatch } from './chats-watch.js';
import type { Connection } from './connection.js';
import type { ConnectionRegistry } from './connections.js';
import { requireLiveAgent, requireVisitor, visitorActs } from './parties.js';
import type { VisitorService } from '../services/visitors.js';

export interface ChatHandlerDeps {
  agents: AgentService;
  registry: ConnectionRegistry;
  conversations: ConversationService;
  messages: MessageService;
  typing: TypingRelay;
  chats: ChatsWatch;
  /** Rate limits on visitors' conversations and messages (none: unlimited). */
  limits?: VisitorLimits;
  /** Writes a visitor's row when it first acts. */
  visitors?: VisitorService;
}

const AGENTS_ARE_NOT_VISITORS = 'Signed-in agents cannot chat as visitors.';

export class ChatHandlers {
  readonly #deps: ChatHandlerDeps;

  constructor(deps: ChatHandlerDeps) {
    this.#deps = deps;
  }

  /** A switch keeps each frame type paired with its handler's type. */
  async run(connection: Connection, frame: ChatClientFrame): Promise<unknown> {
    const { conversations, messages, typing } = this.#deps;
    const orgId = connection.orgId;
    switch (frame.type) {
      case 'chat.start':
        return this.#start(connection, frame);
      case 'chat.restore': {
        const visitorId = requireVisitor(connection, AGENTS_ARE_NOT_VISITORS);
        const { view, messages: restored } = await conversations.restore(orgId, visitorId, frame.scope);
        return {
          conversation: view && this.#info(connection, view, 'visitor'),
          messages: restored,
        } satisfies CommandResults['chat.restore'];
      }
      case 'chat.send': {
        const party = await this.#party(connection);
        const limits = this.#deps.limits;
        const charge =
          party.kind === 'visitor' ? await limits?.message(orgId, party.id, frame.conversationId) : undefined;
        const message = await refundOnFailure(charge, () =>
          messages.send(orgId, party, frame.conversationId, frame.messageId, frame.text),
        );
        return { message: messageFor(party.kind, message) } satisfies CommandResults['chat.send'];
      }
      case 'chat.history': {
        const party = await this.#party(connection);
        const found = await messages.history(orgId, party, frame.conversationId, frame.afterSeq);
        return { messages: found } satisfies CommandResults['chat.history'];
      }
      case 'chat.typing': {
        const party = await this.#party(connection);
        await typing.typing(orgId, party, frame.conversationId, frame.typing);
        return {} satisfies CommandResults['chat.typing'];
      }
      case 'chat.read': {
        const party = await this.#party(connection);
        const view = await conversations.read(orgId, party, frame.conversationId, frame.seq);
        return {
          conversation: this.#info(connection, view, party.kind),
        } satisfies CommandResults['chat.read'];
      }
      case 'chat.visitorInfo': {
        const party = this.#visitor(connection);
        const view = await conversations.setVisitorInfo(
          orgId,
          party,
          frame.conversationId,
          frame.visitorInfo,
        );
        return {
          conversation: this.#info(connection, view, 'visitor'),
        } satisfies CommandResults['chat.visitorInfo'];
      }
      case 'chat.end': {
        const party = await this.#party(connection);
        const view = await conversations.end(orgId, party, frame.conversationId);
        return {
          conversation: this.#info(connection, view, party.kind),
        } satisfies CommandResults['chat.end'];
      }
      case 'chat.offlineMessage':
        return this.#offline(connection, frame);
      case 'chats.watch': {
        const { agentId } = await this.#liveAgent(connection);
        const { list, seq } = await this.#deps.chats.start(connection, agentId);
        return { conversations: list, seq } satisfies CommandResults['chats.watch'];
      }
      case 'chat.accept':
        return this.#accept(connection, frame);
      case 'chat.assign':
        return this.#assign(connection, frame);
    }
  }

  async #start(connection: Connection, frame: ChatStartFrame): Promise<CommandResults['chat.start']> {
    const request: StartRequest = { queue: frame.queue, scope: frame.scope };
    if (frame.visitorInfo !== undefined) request.visitorInfo = frame.visitorInfo;
    if (frame.preset !== undefined) request.preset = frame.preset;
    if (frame.locale !== undefined) request.locale = frame.locale;
    const visitor = this.#visitor(connection);
    const view = await this.#deps.conversations.start(
      connection.orgId,
      visitor,
      request,
      this.#admitConversation(connection, visitor.id),
    );
    return { conversation: this.#info(connection, view, 'visitor') };
  }

  async #offline(
    connection: Connection,
    frame: ChatOfflineMessageFrame,
  ): Promise<CommandResults['chat.offlineMessage']> {
    const { queue, scope, name, email, text } = frame;
    const visitor = this.#visitor(connection);
    const charge = await this.#admitConversation(connection, visitor.id)();
    const view = await refundOnFailure(charge, () =>
      this.#deps.conversations.offline(connection.orgId, visitor, { queue, scope, name, email, text }),
    );
    return { conversation: this.#info(connection, view, 'visitor') };
  }

  async #accept(connection: Connection, frame: ChatAcceptFrame): Promise<CommandResults['chat.accept']> {
    const { agentId } = await this.#liveAgent(connection);
    const { view, messages } = await this.#deps.conversations.accept(
      connection.orgId,
      agentId,
      frame.conversationId,
    );
    return { conversation: this.#info(connection, view, 'agent'), messages };
  }

  async #assign(connection: Connection, frame: ChatAssignFrame): Promise<CommandResults['chat.assign']> {
    const { agentId } = await this.#liveAgent(connection);
    const view = await this.#deps.conversations.assign(
      connection.orgId,
      agentId,
      frame.conversationId,
      frame.agentId,
    );
    return { conversation: this.#info(connection, view, 'agent') };
  }

  /**
   * A new conversation of this visitor: what it costs against the limits, when there are limits, and
   * the visitor's row written (its first act, perhaps).
   */
  #admitConversation(connection: Connection, visitorId: string): () => Promise<Charge> {
    const { limits, visitors } = this.#deps;
    const orgId = connection.orgId;
    return async () => {
      const charge = await limits?.conversation(orgId, visitorId, connection.ip, () =>
        this.#deps.conversations.countOpenOf(orgId, visitorId),
      );
      await refundOnFailure(charge, () => visitorActs(connection, visitors));
      return charge ?? { refund: async () => undefined };
    };
  }

  #info(connection: Connection, view: ChatView, role: ChatParty['kind']) {
    return this.#deps.conversations.info(view, role, connection.baseUrl);
  }

  #visitor(connection: Connection): ChatParty {
    return { kind: 'visitor', id: requireVisitor(connection, AGENTS_ARE_NOT_VISITORS), via: connection.id };
  }

  #liveAgent(connection: Connection) {
    return requireLiveAgent(connection, this.#deps.agents, this.#deps.registry);
  }

  /** The connection's signed-in agent, or else its visitor. */
  async #party(connection: Connection): Promise<ChatParty> {
    if (connection.agent) {
      const { agentId } = await this.#liveAgent(connection);
      return { kind: 'agent', id: agentId, via: connection.id };
    }
    return this.#visitor(connection);
  }
}

/** Runs the action; when it fails, what was taken for it is given back. */
async function refundOnFailure<T>(charge: Charge | undefined, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    await charge?.refund();
    throw error;
  }
}
