/**
 * Who may do what with a conversation. A visitor reaches only its own; an agent sees the
 * conversations it is in (active, or ended, for their transcript) and those it may accept: waiting
 * ones of queues it serves, and offline ones of its org. Anything else, another org's included, is
 * "not found", whatever the id.
 */
import { ErrorCode } from '../../../src/protocol/frames.js';
import type { ChatSide } from '../../../src/protocol/frames.js';
import { HubError } from '../../errors.js';
import type { ConversationRecord } from '../../store/chat-store.js';
import type { AgentRecord, QueueRecord, Store } from '../../store/store.js';
import { serves } from '../queues.js';
import type { ChatView } from './views.js';

/** Who speaks about a conversation, and through which connection (its own push is skipped). */
export interface ChatParty {
  kind: ChatSide;
  /** Visitor id or agent id. */
  id: string;
  /** Connection id; the reply to its command already carries what a push would. */
  via: string | null;
}

export const NO_CONVERSATION = 'No such conversation.';

/** Waiting ones by agents serving the queue; offline ones by any agent of the org. */
export function mayAccept(agent: AgentRecord, c: ConversationRecord, queue: QueueRecord | null): boolean {
  if (c.status === 'offline') return true;
  return c.status === 'waiting' && queue !== null && serves(agent, queue);
}

export function maySee(agent: AgentRecord, c: ConversationRecord, queue: QueueRecord | null): boolean {
  return c.agentId === agent.id || mayAccept(agent, c, queue);
}

/** Waiting and active conversations are the ones a visitor has going (and may restore). */
export function isGoing(c: ConversationRecord): boolean {
  return c.status === 'waiting' || c.status === 'active';
}

/** The org's open conversations with the agents and queues that decide who sees them. */
export interface OpenSnapshot {
  agents: Map<string, AgentRecord>;
  queues: Map<string, QueueRecord>;
  open: ConversationRecord[];
}

/** The open conversations of the snapshot that the agent may see, oldest first. */
export function visibleIn(snapshot: OpenSnapshot, agentId: string): ChatView[] {
  const me = snapshot.agents.get(agentId);
  if (!me) throw new HubError(ErrorCode.notFound, 'No such agent in this org.');
  return snapshot.open
    .filter((c) => maySee(me, c, snapshot.queues.get(c.queueId) ?? null))
    .map((conversation) => ({
      conversation,
      agent: conversation.agentId === null ? null : (snapshot.agents.get(conversation.agentId) ?? null),
    }));
}

export class ChatAccess {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The conversation, if the party may see it. */
  async forParty(
    orgId: string,
    party: ChatParty,
    conversationId: string,
  ): Promise<{ conversation: ConversationRecord; agent: AgentRecord | null }> {
    const conversation = await this.#store.chat.getConversation(orgId, conversationId);
    if (!conversation) throw new HubError(ErrorCode.notFound, NO_CONVERSATION);
    if (party.kind === 'visitor') {
      if (conversation.visitorId !== party.id) throw new HubError(ErrorCode.notFound, NO_CONVERSATION);
      return { conversation, agent: null };
    }
    const agent = await this.agent(orgId, party.id);
    const queue = await this.#store.getQueue(orgId, conversation.queueId);
    if (!maySee(agent, conversation, queue)) throw new HubError(ErrorCode.notFound, NO_CONVERSATION);
    return { conversation, agent };
  }

  async agent(orgId: string, agentId: string): Promise<AgentRecord> {
    const agent = await this.#store.getAgent(orgId, agentId);
    if (!agent) throw new HubError(ErrorCode.notFound, 'No such agent in this org.');
    return agent;
  }

  /** Ids of the agents who may accept the conversation (none unless waiting or offline). */
  async acceptors(c: ConversationRecord): Promise<string[]> {
    if (c.status !== 'waiting' && c.status !== 'offline') return [];
    const [agents, queue] = await Promise.all([
      this.#store.listAgents(c.orgId),
      this.#store.getQueue(c.orgId, c.queueId),
    ]);
    return agents.filter((agent) => mayAccept(agent, c, queue)).map((agent) => agent.id);
  }

  /** The open conversations the agent may see, oldest first, with their agents. */
  async visibleTo(orgId: string, agentId: string): Promise<ChatView[]> {
    return visibleIn(await this.openSnapshot(orgId), agentId);
  }

  /** What every agent's list is made from: one read, shared by all the agents of the org. */
  async openSnapshot(orgId: string): Promise<OpenSnapshot> {
    const [agents, queues, open] = await Promise.all([
      this.#store.listAgents(orgId),
      this.#store.listQueues(orgId),
      this.#store.chat.listOpenConversations(orgId),
    ]);
    return {
      agents: new Map(agents.map((agent) => [agent.id, agent])),
      queues: new Map(queues.map((queue) => [queue.id, queue])),
      open,
    };
  }

  async view(conversation: ConversationRecord): Promise<ChatView> {
    const agent =
      conversation.agentId === null
        ? null
        : await this.#store.getAgent(conversation.orgId, conversation.agentId);
    return { conversation, agent };
  }
}
