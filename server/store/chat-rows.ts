/**
 * How conversations and messages lie in SQL, for both stores (SQLite and PostgreSQL share the
 * tables' shape): their rows, the columns, and the mapping between rows and records.
 */
import type { ConversationDetails, ConversationStatus, VisitorInfo } from '../../src/protocol/frames.js';
import type { ConversationRecord, MessageDraft, MessageRecord } from './chat-store.js';

export interface ConversationRow {
  id: string;
  org_id: string;
  queue_id: string;
  visitor_id: string;
  scope: string;
  status: ConversationStatus;
  visitor_info: string;
  agent_id: string | null;
  preset: string | null;
  locale: string | null;
  details: string;
  created_at: string;
  ended_at: string | null;
  last_seq: number;
  read_seq_visitor: number;
  read_seq_agent: number;
}

export interface MessageRow {
  conversation_id: string;
  seq: number;
  message_id: string;
  from: MessageRecord['from'];
  agent_id: string | null;
  agent_name: string | null;
  text: string;
  kind: MessageRecord['kind'];
  sent_at: string;
}

export const toConversation = (row: ConversationRow): ConversationRecord => ({
  id: row.id,
  orgId: row.org_id,
  queueId: row.queue_id,
  visitorId: row.visitor_id,
  scope: row.scope,
  status: row.status,
  // Written only by this store from validated, typed records, so the shapes are trusted.
  visitorInfo: JSON.parse(row.visitor_info) as VisitorInfo,
  agentId: row.agent_id,
  preset: row.preset,
  locale: row.locale,
  details: JSON.parse(row.details) as ConversationDetails,
  createdAt: row.created_at,
  endedAt: row.ended_at,
  lastSeq: row.last_seq,
  readSeqVisitor: row.read_seq_visitor,
  readSeqAgent: row.read_seq_agent,
});

export const conversationParams = (c: ConversationRecord) => ({
  id: c.id,
  org_id: c.orgId,
  queue_id: c.queueId,
  visitor_id: c.visitorId,
  scope: c.scope,
  status: c.status,
  visitor_info: JSON.stringify(c.visitorInfo),
  agent_id: c.agentId,
  preset: c.preset,
  locale: c.locale,
  details: JSON.stringify(c.details),
  created_at: c.createdAt,
  ended_at: c.endedAt,
  last_seq: c.lastSeq,
  read_seq_visitor: c.readSeqVisitor,
  read_seq_agent: c.readSeqAgent,
});
export type ConversationParams = ReturnType<typeof conversationParams>;

export const toMessage = (row: MessageRow): MessageRecord => ({
  messageId: row.message_id,
  conversationId: row.conversation_id,
  seq: row.seq,
  from: row.from,
  agentId: row.agent_id,
  agentName: row.agent_name,
  text: row.text,
  kind: row.kind,
  sentAt: row.sent_at,
});

export const messageParams = (m: MessageDraft, seq: number) => ({
  conversation_id: m.conversationId,
  seq,
  message_id: m.messageId,
  from: m.from,
  agent_id: m.agentId,
  agent_name: m.agentName,
  text: m.text,
  kind: m.kind,
  sent_at: m.sentAt,
});
export type MessageParams = ReturnType<typeof messageParams>;

export const CONVERSATION_COLUMNS = [
  'id',
  'org_id',
  'queue_id',
  'visitor_id',
  'scope',
  'status',
  'visitor_info',
  'agent_id',
  'preset',
  'locale',
  'details',
  'created_at',
  'ended_at',
  'last_seq',
  'read_seq_visitor',
  'read_seq_agent',
];
/** What `updateConversation` writes: never the key, the owner, or `last_seq`. */
const MUTABLE_COLUMNS = CONVERSATION_COLUMNS.filter(
  (c) => !['id', 'org_id', 'visitor_id', 'created_at', 'last_seq'].includes(c),
);
/** Every mutable column of one conversation, by named parameters (`conversationParams`). */
export const UPDATE_CONVERSATION = `UPDATE conversations SET ${MUTABLE_COLUMNS.map((c) => `${c} = @${c}`).join(', ')}
  WHERE org_id = @org_id AND id = @id`;
export const MESSAGE_COLUMNS = `conversation_id, seq, message_id, "from", agent_id, agent_name, text, kind, sent_at`;
