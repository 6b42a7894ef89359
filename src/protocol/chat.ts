/**
 * The chat part of the protocol (version 1): conversations between a visitor and agents, with
 * delivery that survives network drops, reloads and hub restarts.
 *
 * Delivery: every message carries a client-made `messageId`; the hub stores it once (a resend with
 * the same id returns the stored message) and gives it the conversation's next `seq`. A client
 * remembers the highest `seq` it has and, after any reconnect, asks for what came after it
 * (`chat.history`), so each side sees every message exactly once, in `seq` order.
 */
import type { CallAgent } from './frames.js';
import type { ListDiff } from './list-diff.js';

/** The visitor's contact details, as onWebChat's `set`/`get` (004). */
export interface VisitorInfo {
  name?: string;
  email?: string;
  /** International format (E.164), normalised before it is sent. */
  phone?: string;
  notes?: string;
}

export type ConversationStatus =
  /** Waiting for an agent (mluvii's chatSessionCreated). */
  | 'waiting'
  /** An agent accepted (chatSessionStarted). */
  | 'active'
  | 'ended'
  /** Left through the offline form while nobody was online, for agents to answer later. */
  | 'offline';

export type MessageAuthor = 'visitor' | 'agent' | 'system';

export interface ChatMessage {
  /** Client-made, unique per conversation: the key that makes sending idempotent. */
  messageId: string;
  conversationId: string;
  /** 1, 2, 3, ... per conversation, in the order the hub stored them. */
  seq: number;
  from: MessageAuthor;
  /** The agent who wrote it, for `from: 'agent'`. */
  agentId: string | null;
  agentName: string | null;
  text: string;
  /**
   * `text` for people's messages; `command` for the result of a visitor's `>cs` command, shown to
   * agents only (the visitor never sees command text); `notice` for system notices both see.
   */
  kind: 'text' | 'command' | 'notice';
  sentAt: string;
}

/** What the `>cs` commands of web1on1 (003) set on a conversation; agents see it all. */
export interface ConversationDetails {
  /** Contact profile and form fields (`.field value`), e.g. `location`, `brand`. */
  fields: Record<string, string>;
  /** Activated forms (`+formId`). */
  forms: string[];
  /** `/set @category Value`. */
  category: string | null;
  /** Conversation meta variables (`/set name value`). */
  meta: Record<string, string>;
  /** `/assign id` (a user or bot id), or an agent's assignment. */
  assignedTo: string | null;
  /** `/notify id` (an inbox) and `/notify` (every organisation: `inbox: null`). */
  notifications: { inbox: string | null; at: string }[];
  /** `@id text`. */
  mentions: { id: string; text: string; at: string }[];
}

export interface Conversation extends ConversationDetails {
  conversationId: string;
  queueId: string;
  /** mluvii's `scope`: a conversation is restored only in a widget with the same scope. */
  scope: string;
  status: ConversationStatus;
  visitorInfo: VisitorInfo;
  /** The agent in the conversation, once accepted. */
  agent: CallAgent | null;
  createdAt: string;
  endedAt: string | null;
  /** The widget preset the visitor came through (mluvii's `preset`); agents only, absent when none. */
  preset?: string;
  /** Highest `seq` stored. */
  lastSeq: number;
  /** Highest `seq` each side has read (message states: delivered, read). */
  readSeq: { visitor: number; agent: number };
}

export type ChatSide = 'visitor' | 'agent';

// ---- visitor commands ---------------------------------------------------------------------------

interface ChatCommand<T extends string> {
  v: 1;
  type: T;
  id: string;
}

/** Starts (or, for the same visitor and scope, returns the active) conversation. */
export interface ChatStartFrame extends ChatCommand<'chat.start'> {
  queue: string;
  scope: string;
  visitorInfo?: VisitorInfo;
  /** mluvii's widget preset, kept on the conversation for agents. */
  preset?: string;
  locale?: string;
}

/** The visitor's active conversation in this scope, if any (after a reload). */
export interface ChatRestoreFrame extends ChatCommand<'chat.restore'> {
  scope: string;
}

export interface ChatRestoreResult {
  conversation: Conversation | null;
  messages: ChatMessage[];
}

/** Sends a message (or a `>cs` command). Resending the same `messageId` stores nothing new. */
export interface ChatSendFrame extends ChatCommand<'chat.send'> {
  conversationId: string;
  messageId: string;
  text: string;
}

/** Messages after `afterSeq`, in order (at most 500; ask again from the last one for more). */
export interface ChatHistoryFrame extends ChatCommand<'chat.history'> {
  conversationId: string;
  afterSeq: number;
}

export interface ChatTypingFrame extends ChatCommand<'chat.typing'> {
  conversationId: string;
  typing: boolean;
}

/** The sender has read everything up to `seq`. */
export interface ChatReadFrame extends ChatCommand<'chat.read'> {
  conversationId: string;
  seq: number;
}

export interface ChatVisitorInfoFrame extends ChatCommand<'chat.visitorInfo'> {
  conversationId: string;
  visitorInfo: VisitorInfo;
}

export interface ChatEndFrame extends ChatCommand<'chat.end'> {
  conversationId: string;
}

/** The offline form: stored as an `offline` conversation for agents to answer later. */
export interface ChatOfflineMessageFrame extends ChatCommand<'chat.offlineMessage'> {
  queue: string;
  scope: string;
  name: string;
  email: string;
  text: string;
}

// ---- agent commands -----------------------------------------------------------------------------

/** Starts `chats.diff` pushes: the conversations the agent may see. */
export type ChatsWatchFrame = ChatCommand<'chats.watch'>;

/** Accepts a waiting conversation (default: the oldest), or takes up an offline one. */
export interface ChatAcceptFrame extends ChatCommand<'chat.accept'> {
  conversationId?: string;
}

export interface ChatAssignFrame extends ChatCommand<'chat.assign'> {
  conversationId: string;
  agentId: string;
}

// ---- results ------------------------------------------------------------------------------------

export interface ConversationResult {
  conversation: Conversation;
}

export interface ChatSendResult {
  message: ChatMessage;
}

export interface ChatHistoryResult {
  messages: ChatMessage[];
}

export interface ChatsWatchResult {
  conversations: Conversation[];
  /** The snapshot's number: the next `chats.diff` is `seq + 1`. */
  seq: number;
}

export interface ChatAcceptResult {
  conversation: Conversation;
  /** The whole transcript so far, visitor messages sent before the accept included. */
  messages: ChatMessage[];
}

// ---- hub events ---------------------------------------------------------------------------------

/** To both sides (and, while waiting, to the agents who may accept): a stored message. */
export interface ChatMessageFrame {
  v: 1;
  type: 'chat.message';
  message: ChatMessage;
}

/** To both sides: the conversation changed (status, agent, details, read marks). */
export interface ChatStateFrame {
  v: 1;
  type: 'chat.state';
  conversation: Conversation;
}

export interface ChatTypingEventFrame {
  v: 1;
  type: 'chat.typing';
  conversationId: string;
  from: ChatSide;
  typing: boolean;
}

/**
 * To watching agents: what changed in the conversations they may see (waiting, theirs, offline;
 * newest last) since the snapshot or the diff before; a burst of changes comes as one diff.
 */
export interface ChatsDiffFrame extends ListDiff<Conversation> {
  v: 1;
  type: 'chats.diff';
}

/** To the agents who may accept it: a new waiting (or offline) conversation. */
export interface ChatOfferedFrame {
  v: 1;
  type: 'chat.offered';
  conversationId: string;
  visitor: VisitorInfo;
}

export type ChatClientFrame =
  | ChatStartFrame
  | ChatRestoreFrame
  | ChatSendFrame
  | ChatHistoryFrame
  | ChatTypingFrame
  | ChatReadFrame
  | ChatVisitorInfoFrame
  | ChatEndFrame
  | ChatOfflineMessageFrame
  | ChatsWatchFrame
  | ChatAcceptFrame
  | ChatAssignFrame;

export interface ChatCommandResults {
  'chat.start': ConversationResult;
  'chat.restore': ChatRestoreResult;
  'chat.send': ChatSendResult;
  'chat.history': ChatHistoryResult;
  'chat.typing': Record<string, never>;
  'chat.read': ConversationResult;
  'chat.visitorInfo': ConversationResult;
  'chat.end': ConversationResult;
  'chat.offlineMessage': ConversationResult;
  'chats.watch': ChatsWatchResult;
  'chat.accept': ChatAcceptResult;
  'chat.assign': ConversationResult;
}

export type ChatHubFrame =
  ChatMessageFrame | ChatStateFrame | ChatTypingEventFrame | ChatsDiffFrame | ChatOfferedFrame;
