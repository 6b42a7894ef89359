/**
 * Tells everyone concerned what happened in a conversation, over the bus: a stored message to
 * both parties (and, while it waits, to the agents who may accept it), a changed conversation to
 * both parties and to watching agents' lists, a new one to the agents who may take it, typing to
 * the other side. Called by the services while they hold the conversation's turn, so what they
 * publish about one conversation goes out in the order it happened.
 */
import { PROTOCOL_VERSION } from '../../../src/protocol/frames.js';
import type { ChatSide } from '../../../src/protocol/frames.js';
import type { Bus, ChatAudience } from '../../bus/bus.js';
import type { ConversationRecord, MessageRecord } from '../../store/chat-store.js';
import type { ChatAccess } from './access.js';
import type { ChatView } from './views.js';

const present = (ids: Array<string | null>): string[] =>
  [...new Set(ids)].filter((id): id is string => id !== null);

export class ChatNews {
  readonly #bus: Bus;
  readonly #access: ChatAccess;

  constructor(bus: Bus, access: ChatAccess) {
    this.#bus = bus;
    this.#access = access;
  }

  /**
   * A message was stored in `c`, whose parties and status (not its lastSeq, which may be the one
   * before the message) decide who hears it. Command results go to agents only.
   * `alsoAgentIds`: agents who just lost the conversation but should read this (an assignment).
   */
  async message(
    c: ConversationRecord,
    message: MessageRecord,
    via: string | null,
    alsoAgentIds: string[] = [],
  ): Promise<void> {
    const audience: ChatAudience = {
      visitorId: message.kind === 'command' ? null : c.visitorId,
      agentIds: present([c.agentId, ...alsoAgentIds]),
      watcherAgentIds: await this.#access.acceptors(c),
      exceptConnectionId: via,
    };
    void this.#bus.publish('chat.message', { orgId: c.orgId, message, audience });
  }

  /** The conversation changed: its parties (and `alsoAgentIds`) get chat.state, watchers a new list. */
  changed(view: ChatView, alsoAgentIds: string[] = []): void {
    const orgId = view.conversation.orgId;
    const agentIds = present([view.conversation.agentId, ...alsoAgentIds]);
    void this.#bus.publish('chat.changed', { orgId, view, agentIds });
    void this.#bus.publish('chats.changed', { orgId });
  }

  /** A new waiting or offline conversation, for the agents who may accept it. */
  async offered(c: ConversationRecord): Promise<void> {
    const agentIds = await this.#access.acceptors(c);
    if (agentIds.length === 0) return;
    void this.#bus.publish('chat.offered', {
      orgId: c.orgId,
      agentIds,
      offer: { conversationId: c.id, visitor: c.visitorInfo },
    });
  }

  /** `from` started or stopped typing: the other side hears it (while waiting, those who may accept). */
  async typing(c: ConversationRecord, from: ChatSide, typing: boolean): Promise<void> {
    const audience: ChatAudience =
      from === 'agent'
        ? { visitorId: c.visitorId, agentIds: [], watcherAgentIds: [], exceptConnectionId: null }
        : {
            visitorId: null,
            agentIds: present([c.agentId]),
            watcherAgentIds: await this.#access.acceptors(c),
            exceptConnectionId: null,
          };
    void this.#bus.publish('chat.typing', {
      orgId: c.orgId,
      audience,
      frame: { v: PROTOCOL_VERSION, type: 'chat.typing', conversationId: c.id, from, typing },
    });
  }
}
