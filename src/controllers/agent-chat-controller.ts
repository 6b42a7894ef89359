import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  ErrorCode,
  type ChatMessage,
  type Conversation,
  type ListDiff,
  type VisitorInfo,
} from '../protocol/frames.js';
import { TandemError } from '../errors.js';
import { applyListDiff } from '../protocol/list-diff.js';
import type { HubEvent } from '../session/hub-client.js';
import type { HubSession } from '../session/hub-session.js';
import { Transcript } from '../chat/transcript.js';
import { newMessageId } from './visitor-chat-controller.js';
import type { HubSessionController } from './hub-session-controller.js';
import { SessionFeed, signedInAgentKey } from './session-feed.js';

export interface AgentChatCallbacks {
  onOffered(detail: { conversationId: string; visitor: VisitorInfo }): void;
  /** Once per message new to this console, in seq order per conversation. */
  onMessage(message: ChatMessage): void;
}

const SEND_TIMEOUT_MS = 24 * 60 * 60 * 1000;
/** How many of a conversation's latest messages are rendered at first, and how many more per "earlier". */
export const TRANSCRIPT_WINDOW = 100;
/** Pushed messages wait at most this long for an animation frame (none come in a hidden tab). */
const BATCH_FALLBACK_MS = 100;

/**
 * The agent's side of chats: the conversations it may see (waiting, its own, offline), each one's
 * transcript (caught up after every reconnect), accepting, replying, assigning and ending.
 */
export class AgentChatController implements ReactiveController {
  conversations: Conversation[] = [];
  selectedId: string | null = null;
  /** The conversations open in the work pane (tabs), in the order they were opened. */
  openIds: string[] = [];
  readonly visitorTyping = new Set<string>();
  /** Replies written but not stored by the hub yet, per conversation. */
  readonly pending = new Map<string, { messageId: string; text: string }[]>();

  private readonly host: ReactiveControllerHost;
  private readonly hub: HubSessionController;
  private readonly callbacks: AgentChatCallbacks;
  private readonly transcripts = new Map<string, Transcript>();
  /** Per conversation, the seq up to which message-received has been fired. */
  private readonly announcedUpTo = new Map<string, number>();
  private readonly feed: SessionFeed;
  /** Number of the conversation list held (snapshot or last diff); null while a snapshot loads. */
  private listSeq: number | null = null;
  /** Pushed messages not taken in yet: a burst is taken in once per frame, with one update. */
  private inbox: ChatMessage[] = [];
  private inboxFlush: { frame: number; timer: ReturnType<typeof setTimeout> } | null = null;
  /** Conversations with a chat.read in flight, and whether to mark again once it is answered. */
  private readonly reading = new Map<string, boolean>();
  /** Per conversation, how many of its latest messages are rendered (TRANSCRIPT_WINDOW unless widened). */
  private readonly shown = new Map<string, number>();

  constructor(host: ReactiveControllerHost, hub: HubSessionController, callbacks: AgentChatCallbacks) {
    (this.host = host).addController(this);
    this.hub = hub;
    this.callbacks = callbacks;
    // The conversation list, and what each transcript missed, on each new connection of a signed-in agent.
    this.feed = new SessionFeed(hub, {
      onEvent: (frame) => this.onHubEvent(frame),
      key: signedInAgentKey,
      load: async (session, signal) => {
        this.listSeq = null;
        const { conversations, seq } = await session.command('chats.watch', {}, { signal });
        this.conversations = conversations;
        this.listSeq = seq;
        for (const c of conversations) this.fetchAfter(c.conversationId);
        host.requestUpdate();
      },
      clear: () => {
        this.conversations = [];
        this.selectedId = null;
        this.openIds = [];
        host.requestUpdate();
      },
    });
  }

  get selected(): Conversation | null {
    return this.conversations.find((c) => c.conversationId === this.selectedId) ?? null;
  }

  transcript(conversationId: string): Transcript {
    let transcript = this.transcripts.get(conversationId);
    if (!transcript) {
      transcript = new Transcript();
      this.transcripts.set(conversationId, transcript);
    }
    return transcript;
  }

  hostConnected(): void {
    this.feed.sync();
  }

  hostUpdate(): void {
    this.feed.sync();
  }

  hostUpdated(): void {
    // The selected conversation is on screen: the visitor sees "read".
    const selected = this.selected;
    if (selected && document.visibilityState === 'visible') this.markRead(selected.conversationId);
  }

  hostDisconnected(): void {
    this.takeInbox();
    this.feed.stop();
  }

  /**
   * The messages of a conversation to render: its latest ones only, so that a long or flooded
   * conversation costs a bounded DOM; `earlier` of them are not shown.
   */
  visibleMessages(conversationId: string): { messages: readonly ChatMessage[]; earlier: number } {
    const all = this.transcript(conversationId).messages;
    const count = Math.min(all.length, this.shown.get(conversationId) ?? TRANSCRIPT_WINDOW);
    return { messages: all.slice(all.length - count), earlier: all.length - count };
  }

  /** Renders more of the conversation's earlier messages. */
  showEarlier(conversationId: string): void {
    this.shown.set(conversationId, (this.shown.get(conversationId) ?? TRANSCRIPT_WINDOW) + TRANSCRIPT_WINDOW);
    this.host.requestUpdate();
  }

  /** The open conversations, as known now (one the hub no longer lists drops out). */
  get open(): Conversation[] {
    return this.openIds
      .map((id) => this.conversations.find((c) => c.conversationId === id))
      .filter((c): c is Conversation => !!c);
  }

  /** Shows a conversation in the work pane, opening a tab for it (null shows none). */
  select(conversationId: string | null): void {
    this.selectedId = conversationId;
    if (conversationId) {
      if (!this.openIds.includes(conversationId)) this.openIds = [...this.openIds, conversationId];
      this.fetchAfter(conversationId);
    }
    this.host.requestUpdate();
  }

  /** Closes a conversation's tab; the neighbouring tab shows instead. */
  closeTab(conversationId: string): void {
    const i = this.openIds.indexOf(conversationId);
    if (i < 0) return;
    this.openIds = this.openIds.filter((id) => id !== conversationId);
    if (this.selectedId === conversationId) {
      this.selectedId = this.openIds[Math.min(i, this.openIds.length - 1)] ?? null;
    }
    this.host.requestUpdate();
  }

  /** Shows the next (`1`) or previous (`-1`) open conversation, round the end. */
  step(direction: 1 | -1): void {
    const open = this.open;
    if (!open.length) return;
    const i = open.findIndex((c) => c.conversationId === this.selectedId);
    const next = open[(i + direction + open.length) % open.length] ?? open[0]!;
    this.select(next.conversationId);
  }

  /** The waiting chats (and offline messages) this agent may take, oldest first. */
  get waiting(): Conversation[] {
    return this.conversations
      .filter((c) => c.status === 'waiting')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async accept(conversationId?: string): Promise<Conversation> {
    const { conversation, messages } = await this.session().command(
      'chat.accept',
      conversationId ? { conversationId } : {},
    );
    this.upsert(conversation);
    this.receive(conversation.conversationId, messages);
    this.select(conversation.conversationId);
    return conversation;
  }

  /** Sends a reply; resolves with its id once the hub stored it. */
  async send(conversationId: string, text: string): Promise<string> {
    const trimmed = text.trim();
    if (!trimmed) throw new TandemError(ErrorCode.invalidArgument, 'A message needs some text.');
    const messageId = newMessageId();
    this.pending.set(conversationId, [
      ...(this.pending.get(conversationId) ?? []),
      { messageId, text: trimmed },
    ]);
    this.host.requestUpdate();
    try {
      const { message } = await this.session().command(
        'chat.send',
        { conversationId, messageId, text: trimmed },
        { timeoutMs: SEND_TIMEOUT_MS },
      );
      this.receive(conversationId, [message]);
      return messageId;
    } finally {
      this.pending.set(
        conversationId,
        (this.pending.get(conversationId) ?? []).filter((p) => p.messageId !== messageId),
      );
      this.host.requestUpdate();
    }
  }

  async end(conversationId: string): Promise<void> {
    const { conversation } = await this.session().command('chat.end', { conversationId });
    this.upsert(conversation);
  }

  async assign(conversationId: string, agentId: string): Promise<void> {
    const { conversation } = await this.session().command('chat.assign', { conversationId, agentId });
    this.upsert(conversation);
  }

  /** The agent has read the conversation up to its last message: the visitor sees "read". */
  markRead(conversationId: string): void {
    const conversation = this.conversations.find((c) => c.conversationId === conversationId);
    const last = this.transcript(conversationId).lastSeq;
    if (
      !conversation ||
      conversation.agent?.id !== this.hub.session?.agent?.id ||
      conversation.readSeq.agent >= last
    )
      return;
    // One mark in flight per conversation: a burst of messages is marked read once it settles,
    // not once per rendered frame.
    if (this.reading.has(conversationId)) {
      this.reading.set(conversationId, true);
      return;
    }
    conversation.readSeq = { ...conversation.readSeq, agent: last };
    this.reading.set(conversationId, false);
    void this.hub.session
      ?.command('chat.read', { conversationId, seq: last })
      .catch(() => undefined)
      .finally(() => {
        const again = this.reading.get(conversationId);
        this.reading.delete(conversationId);
        if (again) this.markRead(conversationId);
      });
  }

  typing(conversationId: string, typing: boolean): void {
    this.hub.session?.command('chat.typing', { conversationId, typing }).catch(() => undefined);
  }

  private session(): HubSession {
    const session = this.hub.session;
    if (!session?.agent) throw new TandemError(ErrorCode.unauthorized, 'Sign in first.');
    return session;
  }

  private fetchAfter(conversationId: string, afterSeq = this.transcript(conversationId).lastSeq): void {
    this.hub.session
      ?.command('chat.history', { conversationId, afterSeq })
      .then(({ messages }) => {
        this.receive(conversationId, messages);
        if (messages.length >= 500) this.fetchAfter(conversationId);
      })
      .catch(() => undefined);
  }

  /**
   * Takes messages from any source (pushes, replies, history) in any order, and announces them
   * strictly in seq order: up to the first hole, which is fetched. Agents see every message of a
   * conversation, so its seqs have no holes of their own.
   */
  private receive(conversationId: string, messages: readonly ChatMessage[]): void {
    // Pushes still waiting for their frame go first, or they would look like a hole to fetch.
    if (this.inbox.length) this.takeInbox();
    const transcript = this.transcript(conversationId);
    if (!transcript.add(messages).length) return;
    let upTo = this.announcedUpTo.get(conversationId) ?? 0;
    const held = transcript.messages;
    for (let i = transcript.indexAfter(upTo); i < held.length; i++) {
      const message = held[i]!;
      if (message.seq !== upTo + 1) {
        this.fetchAfter(conversationId, upTo);
        break;
      }
      upTo = message.seq;
      if (message.from === 'visitor') this.visitorTyping.delete(conversationId);
      this.callbacks.onMessage(message);
    }
    this.announcedUpTo.set(conversationId, upTo);
    this.host.requestUpdate();
  }

  private upsert(conversation: Conversation): void {
    const i = this.conversations.findIndex((c) => c.conversationId === conversation.conversationId);
    this.conversations =
      i < 0
        ? [...this.conversations, conversation]
        : this.conversations.map((c, j) => (j === i ? conversation : c));
    this.host.requestUpdate();
  }

  /** Takes the inbox in at the next animation frame (or soon, where frames do not come). */
  private scheduleInbox(): void {
    if (this.inboxFlush) return;
    const take = () => this.takeInbox();
    this.inboxFlush = {
      frame: typeof requestAnimationFrame === 'function' ? requestAnimationFrame(take) : 0,
      timer: setTimeout(take, BATCH_FALLBACK_MS),
    };
  }

  /** Takes in every pushed message waiting, one conversation at a time. */
  private takeInbox(): void {
    if (this.inboxFlush) {
      if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(this.inboxFlush.frame);
      clearTimeout(this.inboxFlush.timer);
      this.inboxFlush = null;
    }
    const inbox = this.inbox;
    this.inbox = [];
    const byConversation = new Map<string, ChatMessage[]>();
    for (const message of inbox) {
      const list = byConversation.get(message.conversationId);
      if (list) list.push(message);
      else byConversation.set(message.conversationId, [message]);
    }
    for (const [conversationId, messages] of byConversation) this.receive(conversationId, messages);
  }

  private onListDiff(diff: ListDiff<Conversation>): void {
    // Messages pushed before this diff are taken in first, so it does not fetch them again.
    this.takeInbox();
    // Older than the snapshot held (or one loading): already in it.
    if (this.listSeq === null || diff.seq <= this.listSeq) return;
    if (diff.seq !== this.listSeq + 1) {
      this.listSeq = null;
      this.feed.reload();
      return;
    }
    this.listSeq = diff.seq;
    this.conversations = applyListDiff(this.conversations, diff, (c) => c.conversationId);
    for (const c of diff.upsert) {
      if (c.lastSeq > this.transcript(c.conversationId).lastSeq) this.fetchAfter(c.conversationId);
    }
    this.host.requestUpdate();
  }

  private onHubEvent(frame: HubEvent): void {
    switch (frame.type) {
      case 'chats.diff':
        this.onListDiff(frame);
        break;
      case 'chat.state':
        this.upsert(frame.conversation);
        break;
      case 'chat.message':
        this.inbox.push(frame.message);
        this.scheduleInbox();
        break;
      case 'chat.typing':
        if (frame.from !== 'visitor') break;
        if (frame.typing) this.visitorTyping.add(frame.conversationId);
        else this.visitorTyping.delete(frame.conversationId);
        this.host.requestUpdate();
        break;
      case 'chat.offered':
        this.callbacks.onOffered({ conversationId: frame.conversationId, visitor: frame.visitor });
        break;
      default:
        break;
    }
  }
}
