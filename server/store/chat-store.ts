/**
 * The chat part of the record: conversations and their messages (see src/protocol/chat.ts).
 *
 * Storing a message is the one hot path: `appendMessage` is a single transaction that either
 * returns the message already stored under the same (conversation, messageId), or gives the next
 * `seq` and stores it, so a resend never stores twice and seqs never skip or repeat.
 */
import type {
  ChatMessage,
  ConversationDetails,
  ConversationStatus,
  VisitorInfo,
} from '../../src/protocol/frames.js';

export interface ConversationRecord {
  id: string;
  orgId: string;
  queueId: string;
  visitorId: string;
  scope: string;
  status: ConversationStatus;
  visitorInfo: VisitorInfo;
  /** The agent in the conversation (accepted or assigned); null while waiting or offline. */
  agentId: string | null;
  preset: string | null;
  locale: string | null;
  /** What `>cs` commands and assignments set: fields, forms, category, meta, notifications… */
  details: ConversationDetails;
  createdAt: string;
  endedAt: string | null;
  /** Highest seq stored; only `appendMessage` moves it. */
  lastSeq: number;
  readSeqVisitor: number;
  readSeqAgent: number;
}

/** A stored message is exactly the protocol's message: no copy on the way out. */
export type MessageRecord = ChatMessage;

/** A message before the store gave it its seq. */
export type MessageDraft = Omit<MessageRecord, 'seq'>;

export interface AppendOutcome {
  message: MessageRecord;
  /** False when the (conversation, messageId) was stored before: a resend. */
  created: boolean;
}

export interface ChatStore {
  /**
   * Atomically: the visitor's active (waiting or active) conversation in the scope if there is
   * one, otherwise `conversation`, inserted.
   */
  startConversation(
    conversation: ConversationRecord,
  ): Promise<{ conversation: ConversationRecord; created: boolean }>;
  /** Inserts an offline conversation and its first message together (seq 1). */
  createOfflineConversation(conversation: ConversationRecord, first: MessageDraft): Promise<MessageRecord>;
  getConversation(orgId: string, conversationId: string): Promise<ConversationRecord | null>;
  /** The visitor's waiting or active conversation in the scope. */
  findActiveConversation(orgId: string, visitorId: string, scope: string): Promise<ConversationRecord | null>;
  /** The visitor's offline conversation in the scope whose first message is `text`: a resent form. */
  findOfflineConversation(
    orgId: string,
    visitorId: string,
    scope: string,
    text: string,
  ): Promise<ConversationRecord | null>;
  /** Waiting, active and offline conversations of the org, oldest first. */
  listOpenConversations(orgId: string): Promise<ConversationRecord[]>;
  /** How many conversations the visitor has waiting or active in the org (a rate limit's cap). */
  countOpenConversationsOf(orgId: string, visitorId: string): Promise<number>;
  /** Writes every field but `lastSeq` (which belongs to `appendMessage`). */
  updateConversation(conversation: ConversationRecord): Promise<void>;
  /**
   * Writes `conversation` (taken by an agent) only while the stored one is still waiting or
   * offline; resolves to whether it did. The guard that makes accepting atomic.
   */
  takeConversation(conversation: ConversationRecord): Promise<boolean>;
  /**
   * Stores the message once (see the header); when it is new and `change` is given, writes the
   * conversation's change in the same transaction, so a command's effect happens exactly once.
   */
  appendMessage(draft: MessageDraft, change?: ConversationRecord): Promise<AppendOutcome>;
  getMessage(conversationId: string, messageId: string): Promise<MessageRecord | null>;
  /** Messages with seq > afterSeq, in order, at most `limit`; without `command` ones unless asked. */
  listMessages(
    conversationId: string,
    afterSeq: number,
    limit: number,
    withCommands: boolean,
  ): Promise<MessageRecord[]>;
}
