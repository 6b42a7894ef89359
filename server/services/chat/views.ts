/**
 * Conversations and messages as each side sees them. Agents see everything. The visitor never
 * sees what `>cs` commands and agents set (details: fields, category, mentions…), and a command's
 * own message reaches the visitor only as the acknowledgement of its send, without its text.
 */
import type {
  CallAgent,
  ChatMessage,
  ChatSide,
  Conversation,
  ConversationDetails,
} from '../../../src/protocol/frames.js';
import type { ConversationRecord } from '../../store/chat-store.js';
import type { AgentRecord } from '../../store/store.js';
import { emptyDetails } from '../chat-commands.js';

/** A conversation with the record of its agent: what a view is made from (and what the bus carries). */
export interface ChatView {
  conversation: ConversationRecord;
  agent: AgentRecord | null;
}

export function conversationView(view: ChatView, role: ChatSide, agent: CallAgent | null): Conversation {
  const c = view.conversation;
  const details: ConversationDetails = role === 'agent' ? c.details : emptyDetails();
  return {
    conversationId: c.id,
    queueId: c.queueId,
    scope: c.scope,
    status: c.status,
    visitorInfo: c.visitorInfo,
    agent,
    createdAt: c.createdAt,
    endedAt: c.endedAt,
    lastSeq: c.lastSeq,
    readSeq: { visitor: c.readSeqVisitor, agent: c.readSeqAgent },
    ...(role === 'agent' && c.preset ? { preset: c.preset } : {}),
    ...details,
  };
}

/** The message as `role` may receive it: a command's text is for agents only. */
export function messageFor(role: ChatSide, message: ChatMessage): ChatMessage {
  return role === 'visitor' && message.kind === 'command' ? { ...message, text: '' } : message;
}
