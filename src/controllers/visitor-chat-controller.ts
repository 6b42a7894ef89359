import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ErrorCode, type ChatMessage, type Conversation, type VisitorInfo } from '../protocol/frames.js';
import { TandemError, hasErrorCode, toErrorDetail } from '../errors.js';
import type { TandemErrorDetail } from '../events/tandem-error.js';
import type { HubEvent } from '../session/hub-client.js';
import type { HubSession } from '../session/hub-session.js';
import { writeVisitorToken } from '../session/visitor-storage.js';
import { Transcript } from '../chat/transcript.js';
import { readOutbox, writeOutbox, type PendingMessage } from '../chat/chat-storage.js';
import { isValidEmail } from '../validation/email.js';
import { normalizePhone, type PhoneNormalizer } from '../validation/phone.js';
import type { HubSessionController } from './hub-session-controller.js';
import { RateLimitHold } from './rate-limit-hold.js';
import { SessionFeed } from './session-feed.js';

/** A message as the visitor's window shows it. */
export interface ShownMessage {
  messageId: string;
  from: 'visitor' | 'agent' | 'system';
  agentName: string | null;
  text: string;
  /** For the visitor's own: sending (not yet stored by the hub), delivered, read (by the agent). */
  state: 'sending' | 'delivered' | 'read' | null;
  sentAt: string;
}

export type ChatSessionChange = 'created' | 'started' | 'ended';

export interface VisitorChatOptions {
  queue(): string;
  scope(): string;
  preset(): string;
  locale(): string;
  /** The page's own phone normalisation, if it set one. */
  normalizePhoneNumber(): PhoneNormalizer | null;
  /** Whether the page allows first-party storage. */
  persist(): boolean;
  onSessionChange(change: ChatSessionChange, conversation: Conversation): void;
  onError(detail: TandemErrorDetail): void;
}

/** Messages wait in the outbox for as long as the page lives: they are never dropped for slowness. */
const SEND_TIMEOUT_MS = 24 * 60 * 60 * 1000;
const TYPING_IDLE_MS = 3000;
const COMMAND_PREFIX = '>cs';

let nextLocalId = 0;

/** A message id unique enough across tabs and reloads; the hub keeps one message per id. */
export function newMessageId(): string {
  const random =
    globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `m-${random}-${++nextLocalId}`;
}

/**
 * The visitor's side of a chat: the conversation, its transcript, the outbox of messages not yet
 * stored by the hub (resent after reconnects and, where storage is allowed, after reloads), typing
 * and read marks. Restores the active conversation of the widget's scope.
 */
export class VisitorChatController implements ReactiveController {
  conversation: Conversation | null = null;
  transcript = new Transcript();
  /** Sent but not acknowledged yet, in the order written. */
  pending: PendingMessage[] = [];
  /** Local agent-styled messages (web1on1's showFakeAgentMessage), never sent. */
  fakeMessages: ShownMessage[] = [];
  agentTyping = false;
  /** What the page told of the visitor (`setVisitorInfo`), sent with a new conversation. */
  visitorInfo: VisitorInfo = {};
  /** Set while the hub refuses more messages for now (`rate-limited`): the outbox waits, then resends. */
  readonly limited: RateLimitHold;

  private readonly host: ReactiveControllerHost;
  private readonly hub: HubSessionController;
  /** The session whose page state holds this chat. */
  private publishedTo: HubSession | null = null;
  private readonly options: VisitorChatOptions;
  private readonly feed: SessionFeed;
  private restoredScope: string | null = null;
  private starting: Promise<Conversation> | null = null;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  /** The session told that the visitor types, until it is told they stopped. */
  private typingTo: HubSession | null = null;
  /** Aborts what this connection of the element asked and still waits for (history pages). */
  private connection = new AbortController();

  constructor(host: ReactiveControllerHost, hub: HubSessionController, options: VisitorChatOptions) {
    (this.host = host).addController(this);
    this.hub = hub;
    this.options = options;
    this.limited = new RateLimitHold(() => this.host.requestUpdate());
    this.feed = new SessionFeed(hub, {
      onEvent: (frame) => this.onHubEvent(frame),
      key: (_session, connectionId) => connectionId,
      load: (session, signal) => this.catchUp(session, signal),
    });
  }

  /** What the window shows, in order: the transcript, the visitor's unsent messages, local messages. */
  get shown(): ShownMessage[] {
    const readUpTo = this.conversation?.readSeq.agent ?? 0;
    const stored: ShownMessage[] = this.transcript.messages
      .filter((m) => m.kind !== 'command')
      .map((m) => ({
        messageId: m.messageId,
        from: m.from,
        agentName: m.agentName,
        text: m.text,
        state: m.from === 'visitor' ? (m.seq <= readUpTo ? 'read' : 'delivered') : null,
        sentAt: m.sentAt,
      }));
    const sending: ShownMessage[] = this.pending
      .filter((p) => !isCommand(p.text) && !this.transcript.has(p.messageId))
      .map((p) => ({
        messageId: p.messageId,
        from: 'visitor',
        agentName: null,
        text: p.text,
        state: 'sending',
        sentAt: '',
      }));
    return [...stored, ...sending, ...this.fakeMessages];
  }

  get active(): boolean {
    return this.conversation?.status === 'waiting' || this.conversation?.status === 'active';
  }

  hostConnected(): void {
    this.connection = new AbortController();
    this.followScope();
    this.feed.sync();
    this.limited.restart();
  }

  hostUpdate(): void {
    this.followScope();
    this.feed.sync();
  }

  hostUpdated(): void {
    // The page's one truth about the visitor's chat (the overlay keeps away from a running chat).
    const c = this.conversation;
    this.hub.session?.visitor.setChat(
      this,
      c ? { conversationId: c.conversationId, status: c.status } : null,
    );
  }

  hostDisconnected(): void {
    // The hub-session controller let go of the session first: the one published to is kept.
    this.publishedTo?.visitor.setChat(this, null);
    this.publishedTo = null;
    // The agent hears at once that the visitor stopped typing; no timer outlives the element.
    this.stopTyping();
    this.feed.stop();
    this.connection.abort();
    this.limited.pause();
  }

  /** Sends a message (or a `>cs` command), starting the conversation first if needed. */
  send(text: string): string {
    const trimmed = text.trim();
    if (!trimmed) throw new TandemError(ErrorCode.invalidArgument, 'A message needs some text.');
    const messageId = newMessageId();
    const entry: PendingMessage = {
      messageId,
      conversationId: this.conversation?.conversationId ?? '',
      text: trimmed,
    };
    this.pending = [...this.pending, entry];
    this.stopTyping();
    this.host.requestUpdate();
    void this.deliver(entry);
    return messageId;
  }

  typing(): void {
    const conversation = this.conversation;
    const session = this.hub.session;
    if (!conversation || !this.active || !session) return;
    if (!this.typingTo) {
      this.typingTo = session;
      this.command('chat.typing', { conversationId: conversation.conversationId, typing: true });
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  /** The visitor has seen everything: agents see "read". */
  markRead(): void {
    const conversation = this.conversation;
    const last = this.transcript.lastSeq;
    if (!conversation || last === 0 || conversation.readSeq.visitor >= last) return;
    conversation.readSeq = { ...conversation.readSeq, visitor: last };
    this.command('chat.read', { conversationId: conversation.conversationId, seq: last });
  }

  async end(): Promise<void> {
    const conversation = this.conversation;
    if (!conversation || !this.active) return;
    const { conversation: ended } = await this.session().command('chat.end', {
      conversationId: conversation.conversationId,
    });
    this.onConversation(ended);
  }

  /**
   * Sets the visitor's name, email, phone and notes, and tells the hub while a conversation goes on.
   * The phone is normalised to international format; an invalid phone or email is refused (through
   * `onError`) and nothing is stored.
   */
  setVisitorInfo(info: VisitorInfo): void {
    const next: VisitorInfo = { ...this.visitorInfo };
    for (const field of ['name', 'email', 'notes'] as const) {
      if (info[field] !== undefined) next[field] = String(info[field]).trim();
    }
    if (info.phone !== undefined && String(info.phone).trim() !== '') {
      const phone = normalizePhone(
        String(info.phone),
        this.options.locale(),
        this.options.normalizePhoneNumber(),
      );
      if (!phone) {
        this.options.onError({
          code: ErrorCode.invalidArgument,
          message: `"${String(info.phone)}" is not a valid phone number.`,
        });
        return;
      }
      next.phone = phone;
    }
    if (next.email && !isValidEmail(next.email)) {
      this.options.onError({
        code: ErrorCode.invalidArgument,
        message: `"${next.email}" is not a valid email address.`,
      });
      return;
    }
    this.visitorInfo = next;
    this.updateVisitorInfo(next).catch((error: unknown) => this.options.onError(toErrorDetail(error)));
  }

  private async updateVisitorInfo(info: VisitorInfo): Promise<void> {
    const conversation = this.conversation;
    if (!conversation || !this.active) return;
    const { conversation: updated } = await this.session().command('chat.visitorInfo', {
      conversationId: conversation.conversationId,
      visitorInfo: info,
    });
    this.onConversation(updated);
  }

  /** The offline form: stored for agents to answer later. */
  async sendOffline(form: { name: string; email: string; text: string }): Promise<Conversation> {
    const { conversation } = await this.session().command('chat.offlineMessage', {
      queue: this.options.queue(),
      scope: this.options.scope(),
      ...form,
    });
    this.remember();
    return conversation;
  }

  showFakeAgentMessage(text: string, name: string | null): void {
    this.fakeMessages = [
      ...this.fakeMessages,
      {
        messageId: `local-${++nextLocalId}`,
        from: 'agent',
        agentName: name,
        text,
        state: null,
        sentAt: new Date().toISOString(),
      },
    ];
    this.host.requestUpdate();
  }

  private session(): HubSession {
    const session = this.hub.session;
    if (!session) throw new TandemError(ErrorCode.orgNotFound, 'No org-id is set.');
    return session;
  }

  private command<T extends 'chat.typing' | 'chat.read'>(
    type: T,
    body: T extends 'chat.typing'
      ? { conversationId: string; typing: boolean }
      : { conversationId: string; seq: number },
  ): void {
    this.hub.session?.command(type, body as never).catch(() => undefined);
  }

  private stopTyping(): void {
    clearTimeout(this.typingTimer);
    this.typingTimer = undefined;
    const conversation = this.conversation;
    // Told where "typing" went: at disconnect the element's session is already released (it lingers).
    if (this.typingTo && conversation) {
      this.typingTo
        .command('chat.typing', { conversationId: conversation.conversationId, typing: false })
        .catch(() => undefined);
    }
    this.typingTo = null;
  }

  private ensureConversation(): Promise<Conversation> {
    if (this.conversation && this.active) return Promise.resolve(this.conversation);
    this.starting ??= this.session()
      .command('chat.start', {
        queue: this.options.queue(),
        scope: this.options.scope(),
        visitorInfo: { ...this.visitorInfo },
        ...(this.options.preset() ? { preset: this.options.preset() } : {}),
        locale: this.options.locale(),
      })
      .then(({ conversation }) => {
        const isNew = this.conversation?.conversationId !== conversation.conversationId;
        this.conversation = conversation;
        this.remember();
        if (isNew && conversation.status === 'waiting') this.options.onSessionChange('created', conversation);
        this.host.requestUpdate();
        return conversation;
      })
      .finally(() => {
        this.starting = null;
      });
    return this.starting;
  }

  private async deliver(entry: PendingMessage): Promise<void> {
    // Held by the hub's rate limit: the message waits in the outbox and goes when the hold ends.
    if (this.limited.held) return;
    try {
      if (
        !entry.conversationId ||
        entry.conversationId !== this.conversation?.conversationId ||
        !this.active
      ) {
        entry.conversationId = (await this.ensureConversation()).conversationId;
      }
      this.saveOutbox();
      const { message } = await this.session().command(
        'chat.send',
        { conversationId: entry.conversationId, messageId: entry.messageId, text: entry.text },
        { timeoutMs: SEND_TIMEOUT_MS },
      );
      this.transcript.add([message]);
      this.dropPending(entry.messageId);
    } catch (error) {
      const detail = toErrorDetail(error);
      if (hasErrorCode(error, ErrorCode.rateLimited)) {
        // Too many for now: kept, and sent again (in order, under the same ids) once the hub allows.
        const first = !this.limited.held;
        this.limited.hold(error.retryAfter ?? 1, () => void this.resendPending());
        if (first) this.options.onError(detail);
        return;
      }
      // A refused command or message is not retried; a lost connection is (the outbox resends it).
      if (
        error instanceof TandemError &&
        error.code !== ErrorCode.hubUnreachable &&
        error.code !== ErrorCode.timeout
      ) {
        this.dropPending(entry.messageId);
      }
      this.options.onError(detail);
    }
  }

  /** Sends the outbox again, oldest first, one at a time, until it is empty or held again. */
  private async resendPending(): Promise<void> {
    for (const entry of [...this.pending]) {
      if (this.limited.held) return;
      if (this.pending.includes(entry)) await this.deliver(entry);
    }
  }

  private dropPending(messageId: string): void {
    this.pending = this.pending.filter((p) => p.messageId !== messageId);
    this.saveOutbox();
    this.host.requestUpdate();
  }

  private saveOutbox(): void {
    const session = this.hub.session;
    if (session && this.options.persist())
      writeOutbox(session.hubUrl, session.orgId, this.options.scope(), this.pending);
  }

  /** Keeps the visitor token, so that a reload finds the conversation again. */
  private remember(): void {
    const session = this.hub.session;
    const token = session?.currentVisitorToken;
    if (session && token && this.options.persist()) writeVisitorToken(session.hubUrl, session.orgId, token);
  }

  /** A new scope is another conversation: start from nothing, and restore that scope's. */
  private followScope(): void {
    const scope = this.options.scope();
    if (this.restoredScope === null || this.restoredScope === scope) return;
    this.conversation = null;
    this.transcript = new Transcript();
    this.restoredScope = null;
    this.feed.reset();
  }

  /** On each new connection: restore the scope's conversation once, then fetch what was missed. */
  private async catchUp(session: HubSession, signal: AbortSignal): Promise<void> {
    const scope = this.options.scope();
    if (this.restoredScope === scope) {
      const conversation = this.conversation;
      if (conversation) this.fetchAfter(conversation.conversationId, this.transcript.lastSeq);
      return;
    }
    const { conversation, messages } = await session.command('chat.restore', { scope }, { signal });
    this.restoredScope = scope;
    if (conversation) {
      this.conversation = conversation;
      this.transcript.add(messages);
    }
    // Messages a reload interrupted go out again, under the same ids: stored at most once.
    const stored = this.options.persist() ? readOutbox(session.hubUrl, session.orgId, scope) : [];
    for (const entry of stored) {
      const known =
        this.pending.some((p) => p.messageId === entry.messageId) || this.transcript.has(entry.messageId);
      if (known) continue;
      this.pending = [...this.pending, entry];
      void this.deliver(entry);
    }
    this.host.requestUpdate();
  }

  private fetchAfter(conversationId: string, afterSeq: number): void {
    this.hub.session
      ?.command('chat.history', { conversationId, afterSeq }, { signal: this.connection.signal })
      .then(({ messages }) => {
        this.transcript.add(messages);
        this.host.requestUpdate();
        // History comes in pages: ask again from the last one until it is all here.
        if (messages.length >= 500) this.fetchAfter(conversationId, this.transcript.lastSeq);
      })
      .catch(() => undefined);
  }

  private onHubEvent(frame: HubEvent): void {
    const conversation = this.conversation;
    if (
      frame.type === 'chat.state' &&
      (!conversation || frame.conversation.conversationId === conversation.conversationId)
    ) {
      if (!conversation && frame.conversation.scope !== this.options.scope()) return;
      this.onConversation(frame.conversation);
    } else if (
      frame.type === 'chat.message' &&
      frame.message.conversationId === conversation?.conversationId
    ) {
      this.onMessage(frame.message, conversation);
    } else if (
      frame.type === 'chat.typing' &&
      frame.conversationId === conversation?.conversationId &&
      frame.from === 'agent'
    ) {
      this.agentTyping = frame.typing;
      this.host.requestUpdate();
    }
  }

  private onMessage(message: ChatMessage, conversation: Conversation): void {
    // A gap means a push was missed (a drop between events): fetch the range rather than skip it.
    if (message.seq > this.transcript.lastSeq + 1)
      this.fetchAfter(conversation.conversationId, this.transcript.lastSeq);
    if (this.transcript.add([message]).length) {
      if (message.from === 'agent') this.agentTyping = false;
      this.host.requestUpdate();
    }
  }

  private onConversation(next: Conversation): void {
    const previous = this.conversation;
    this.conversation = next;
    if (previous?.conversationId === next.conversationId && previous.status !== next.status) {
      if (next.status === 'active') this.options.onSessionChange('started', next);
      if (next.status === 'ended') this.options.onSessionChange('ended', next);
    }
    this.host.requestUpdate();
  }
}

function isCommand(text: string): boolean {
  return text.trimStart().startsWith(COMMAND_PREFIX);
}
