/**
 * Conversations: a visitor starts one (or gets back the one it has going in that scope), agents
 * accept and assign them, either side ends one or marks what it has read, and the offline form
 * leaves one for agents to answer later.
 *
 * A visitor going away ends nothing (a reload, a network drop, a day away): only `chat.end` does,
 * and everything is in the store, so a hub restart finds every conversation where it was. Each
 * change runs on its conversation's turn (turns.ts).
 */
import { randomUUID } from 'node:crypto';

import { ErrorCode } from '../../../src/protocol/frames.js';
import type { ChatSide, Conversation, VisitorInfo } from '../../../src/protocol/frames.js';
import { HubError } from '../../errors.js';
import type { ConversationRecord, MessageDraft, MessageRecord } from '../../store/chat-store.js';
import type { AgentRecord, Store } from '../../store/store.js';
import type { AgentService } from '../agents.js';
import { emptyDetails } from '../chat-commands.js';
import type { QueueService } from '../queues.js';
import { mayAccept, NO_CONVERSATION } from './access.js';
import type { ChatAccess, ChatParty, OpenSnapshot } from './access.js';
import type { ChatNews } from './news.js';
import type { Turns } from './turns.js';
import { checkVisitorInfo, isEmail, mergeVisitorInfo } from './visitor-info.js';
import { conversationView } from './views.js';
import type { ChatView } from './views.js';

/** Most messages one answer carries; a client asks again after the last seq for more. */
export const MESSAGE_PAGE = 500;

export interface StartRequest {
  queue: string;
  scope: string;
  visitorInfo?: VisitorInfo;
  preset?: string;
  locale?: string;
}

export interface OfflineRequest {
  queue: string;
  scope: string;
  name: string;
  email: string;
  text: string;
}

const TAKEN = 'The conversation was accepted by another agent, or it ended.';

export class ConversationService {
  readonly #store: Store;
  readonly #agents: AgentService;
  readonly #queues: QueueService;
  readonly #access: ChatAccess;
  readonly #news: ChatNews;
  readonly #turns: Turns;

  constructor(deps: {
    store: Store;
    agents: AgentService;
    queues: QueueService;
    access: ChatAccess;
    news: ChatNews;
    turns: Turns;
  }) {
    this.#store = deps.store;
    this.#agents = deps.agents;
    this.#queues = deps.queues;
    this.#access = deps.access;
    this.#news = deps.news;
    this.#turns = deps.turns;
  }

  /** The conversation as `role` sees it through a connection whose URLs are based on `baseUrl`. */
  info(view: ChatView, role: ChatSide, baseUrl: string): Conversation {
    return conversationView(view, role, view.agent && this.#agents.callAgent(view.agent, baseUrl));
  }

  /** The open conversations the agent may see (chats.watch). */
  visibleTo(orgId: string, agentId: string): Promise<ChatView[]> {
    return this.#access.visibleTo(orgId, agentId);
  }

  /** The org's open conversations, for many agents' lists at once (see `visibleIn`). */
  openSnapshot(orgId: string): Promise<OpenSnapshot> {
    return this.#access.openSnapshot(orgId);
  }

  /** A new waiting conversation, or the one the visitor has going in this scope. */
  /**
   * `admit` runs only when a new conversation is about to be made (the rate limits); what it took is
   * given back when another tab made it first.
   */
  async start(
    orgId: string,
    visitor: ChatParty,
    request: StartRequest,
    admit?: () => Promise<{ refund(): Promise<void> }>,
  ): Promise<ChatView> {
    const going = await this.#store.chat.findActiveConversation(orgId, visitor.id, request.scope);
    if (going) return this.#access.view(going);
    const queue = await this.#queues.resolve(orgId, request.queue);
    if (!this.#queues.isOpen(queue)) throw new HubError(ErrorCode.conflict, 'The queue is closed.');
    const info = request.visitorInfo ?? {};
    checkVisitorInfo(info);
    const record = this.#record(
      orgId,
      visitor.id,
      queue.id,
      request.scope,
      'waiting',
      mergeVisitorInfo({}, info),
    );
    record.preset = request.preset ?? null;
    record.locale = request.locale ?? null;
    const charge = await admit?.();
    // Atomic in the store: two tabs starting at once get the same conversation.
    const { conversation, created } = await this.#store.chat
      .startConversation(record)
      .catch(async (error: unknown) => {
        await charge?.refund();
        throw error;
      });
    if (!created) {
      await charge?.refund();
      return this.#access.view(conversation);
    }
    return this.#turns.exclusive(conversation.id, async () => {
      const view: ChatView = { conversation, agent: null };
      this.#news.changed(view);
      await this.#news.offered(conversation);
      return view;
    });
  }

  /** How many conversations the visitor has waiting or active. */
  countOpenOf(orgId: string, visitorId: string): Promise<number> {
    return this.#store.chat.countOpenConversationsOf(orgId, visitorId);
  }

  /** The visitor's conversation going in this scope (after a reload), with its first messages. */
  async restore(
    orgId: string,
    visitorId: string,
    scope: string,
  ): Promise<{ view: ChatView | null; messages: MessageRecord[] }> {
    const going = await this.#store.chat.findActiveConversation(orgId, visitorId, scope);
    if (!going) return { view: null, messages: [] };
    const messages = await this.#store.chat.listMessages(going.id, 0, MESSAGE_PAGE, false);
    return { view: await this.#access.view(going), messages };
  }

  /** The offline form: an `offline` conversation whose first message is the text. */
  async offline(orgId: string, visitor: ChatParty, request: OfflineRequest): Promise<ChatView> {
    const name = request.name.trim();
    const email = request.email.trim();
    if (name === '') throw new HubError(ErrorCode.badFrame, 'The message form needs a name.');
    if (!isEmail(email))
      throw new HubError(ErrorCode.badFrame, `"${email.slice(0, 80)}" is not an e-mail address.`);
    if (request.text.trim() === '')
      throw new HubError(ErrorCode.badFrame, 'The message form needs a message.');
    const queue = await this.#queues.resolve(orgId, request.queue);
    // The same form sent again (a resend after a dropped connection) is the same conversation.
    const again = await this.#store.chat.findOfflineConversation(
      orgId,
      visitor.id,
      request.scope,
      request.text,
    );
    if (again) return this.#access.view(again);

    const record = this.#record(orgId, visitor.id, queue.id, request.scope, 'offline', { name, email });
    const first: MessageDraft = {
      messageId: `offline-${record.id}`,
      conversationId: record.id,
      from: 'visitor',
      agentId: null,
      agentName: null,
      text: request.text,
      kind: 'text',
      sentAt: record.createdAt,
    };
    const message = await this.#store.chat.createOfflineConversation(record, first);
    const conversation: ConversationRecord = { ...record, lastSeq: message.seq };
    return this.#turns.exclusive(conversation.id, async () => {
      const view: ChatView = { conversation, agent: null };
      this.#news.changed(view);
      await this.#news.offered(conversation);
      await this.#news.message(conversation, message, visitor.via);
      return view;
    });
  }

  /**
   * The agent takes a waiting (by default the oldest it may accept) or offline conversation, and
   * gets the transcript so far. Two agents at once: one wins, the other gets `conflict`.
   */
  async accept(
    orgId: string,
    agentId: string,
    conversationId: string | undefined,
  ): Promise<{ view: ChatView; messages: MessageRecord[] }> {
    const agent = await this.#access.agent(orgId, agentId);
    let view: ChatView | null = null;
    if (conversationId !== undefined) {
      view = await this.#take(orgId, agent, conversationId, true);
    } else {
      const waiting = (await this.#access.visibleTo(orgId, agentId)).filter(
        ({ conversation }) => conversation.status === 'waiting',
      );
      if (waiting.length === 0)
        throw new HubError(ErrorCode.notFound, 'No waiting conversation you may accept.');
      for (const candidate of waiting) {
        view = await this.#take(orgId, agent, candidate.conversation.id, false);
        if (view) break;
      }
    }
    if (!view) throw new HubError(ErrorCode.conflict, TAKEN);
    const messages = await this.#store.chat.listMessages(view.conversation.id, 0, MESSAGE_PAGE, true);
    return { view, messages };
  }

  /** Hands the conversation to another agent of the org; both parties read "Assigned to …". */
  assign(orgId: string, agentId: string, conversationId: string, targetId: string): Promise<ChatView> {
    return this.#turns.exclusive(conversationId, async () => {
      const party: ChatParty = { kind: 'agent', id: agentId, via: null };
      const { conversation: c } = await this.#access.forParty(orgId, party, conversationId);
      if (c.status === 'ended') throw new HubError(ErrorCode.conflict, 'The conversation has ended.');
      const target = await this.#access.agent(orgId, targetId);
      if (c.status === 'active' && c.agentId === target.id) return this.#access.view(c);

      const next: ConversationRecord = {
        ...c,
        status: 'active',
        agentId: target.id,
        details: { ...c.details, assignedTo: target.id },
      };
      const notice: MessageDraft = {
        messageId: `assign-${randomUUID()}`,
        conversationId: c.id,
        from: 'system',
        agentId: null,
        agentName: null,
        text: `Assigned to ${target.name}`,
        kind: 'notice',
        sentAt: new Date().toISOString(),
      };
      // The notice and the change in one transaction: neither without the other.
      const { message } = await this.#store.chat.appendMessage(notice, next);
      const after: ConversationRecord = { ...next, lastSeq: message.seq };
      const view: ChatView = { conversation: after, agent: target };
      const previous = c.agentId !== null && c.agentId !== target.id ? [c.agentId] : [];
      this.#news.changed(view, previous);
      await this.#news.message(after, message, null, previous);
      return view;
    });
  }

  /** Either side ends it; ending an ended conversation changes nothing. */
  end(orgId: string, party: ChatParty, conversationId: string): Promise<ChatView> {
    return this.#turns.exclusive(conversationId, async () => {
      const { conversation: c } = await this.#access.forParty(orgId, party, conversationId);
      if (c.status === 'ended') return this.#access.view(c);
      const ended: ConversationRecord = { ...c, status: 'ended', endedAt: new Date().toISOString() };
      await this.#store.chat.updateConversation(ended);
      const view = await this.#access.view(ended);
      this.#news.changed(view);
      return view;
    });
  }

  /** The party has read everything up to `seq` (never beyond what is stored, never backwards). */
  read(orgId: string, party: ChatParty, conversationId: string, seq: number): Promise<ChatView> {
    return this.#turns.exclusive(conversationId, async () => {
      const { conversation: c } = await this.#access.forParty(orgId, party, conversationId);
      if (party.kind === 'agent' && c.agentId !== party.id)
        throw new HubError(ErrorCode.conflict, 'Accept the conversation first.');
      const upTo = Math.min(seq, c.lastSeq);
      const current = party.kind === 'visitor' ? c.readSeqVisitor : c.readSeqAgent;
      if (upTo <= current) return this.#access.view(c);
      const next: ConversationRecord =
        party.kind === 'visitor' ? { ...c, readSeqVisitor: upTo } : { ...c, readSeqAgent: upTo };
      await this.#store.chat.updateConversation(next);
      const view = await this.#access.view(next);
      this.#news.changed(view);
      return view;
    });
  }

  /** The visitor's name, e-mail, phone or notes, for the agent. */
  setVisitorInfo(
    orgId: string,
    visitor: ChatParty,
    conversationId: string,
    info: VisitorInfo,
  ): Promise<ChatView> {
    return this.#turns.exclusive(conversationId, async () => {
      const { conversation: c } = await this.#access.forParty(orgId, visitor, conversationId);
      if (c.status === 'ended') throw new HubError(ErrorCode.conflict, 'The conversation has ended.');
      checkVisitorInfo(info);
      const merged = mergeVisitorInfo(c.visitorInfo, info);
      if (JSON.stringify(merged) === JSON.stringify(c.visitorInfo)) return this.#access.view(c);
      const next: ConversationRecord = { ...c, visitorInfo: merged };
      await this.#store.chat.updateConversation(next);
      const view = await this.#access.view(next);
      this.#news.changed(view);
      return view;
    });
  }

  /** Takes it for the agent; when someone else got there first, null (or, if `strict`, conflict). */
  #take(
    orgId: string,
    agent: AgentRecord,
    conversationId: string,
    strict: boolean,
  ): Promise<ChatView | null> {
    return this.#turns.exclusive(conversationId, async () => {
      const c = await this.#store.chat.getConversation(orgId, conversationId);
      if (!c) throw new HubError(ErrorCode.notFound, NO_CONVERSATION);
      // Accepting again (a retry after a reconnect) answers as the first time did.
      if (c.status === 'active' && c.agentId === agent.id) return { conversation: c, agent };
      if (c.status === 'waiting' || c.status === 'offline') {
        const queue = await this.#store.getQueue(orgId, c.queueId);
        if (!mayAccept(agent, c, queue)) throw new HubError(ErrorCode.notFound, NO_CONVERSATION);
        const taken: ConversationRecord = { ...c, status: 'active', agentId: agent.id };
        // Guarded in the store too, for several hub processes on one database.
        if (await this.#store.chat.takeConversation(taken)) {
          const view: ChatView = { conversation: taken, agent };
          this.#news.changed(view);
          return view;
        }
      }
      if (strict) throw new HubError(ErrorCode.conflict, TAKEN);
      return null;
    });
  }

  #record(
    orgId: string,
    visitorId: string,
    queueId: string,
    scope: string,
    status: 'waiting' | 'offline',
    visitorInfo: VisitorInfo,
  ): ConversationRecord {
    return {
      id: randomUUID(),
      orgId,
      queueId,
      visitorId,
      scope,
      status,
      visitorInfo,
      agentId: null,
      preset: null,
      locale: null,
      details: emptyDetails(),
      createdAt: new Date().toISOString(),
      endedAt: null,
      lastSeq: 0,
      readSeqVisitor: 0,
      readSeqAgent: 0,
    };
  }
}
