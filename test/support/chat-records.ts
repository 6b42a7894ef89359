/**
 * Chat records as a store takes them, for tests and benches that drive a store directly: a
 * conversation of the demo org waiting in its default queue, and a visitor's text message; either
 * with the fields a caller names changed.
 */
import type { ConversationRecord, MessageDraft } from '../../server/store/chat-store.js';

export function conversationRecord(id: string, fields: Partial<ConversationRecord> = {}): ConversationRecord {
  return {
    id,
    orgId: 'demo',
    queueId: 'default',
    visitorId: 'v1',
    scope: 'site',
    status: 'waiting',
    visitorInfo: {},
    agentId: null,
    preset: null,
    locale: null,
    details: {} as ConversationRecord['details'],
    createdAt: new Date().toISOString(),
    endedAt: null,
    lastSeq: 0,
    readSeqVisitor: 0,
    readSeqAgent: 0,
    ...fields,
  };
}

export function messageDraft(
  conversationId: string,
  messageId: string,
  fields: Partial<MessageDraft> = {},
): MessageDraft {
  return {
    conversationId,
    messageId,
    from: 'visitor',
    agentId: null,
    agentName: null,
    text: `text ${messageId}`,
    kind: 'text',
    sentAt: new Date().toISOString(),
    ...fields,
  };
}
