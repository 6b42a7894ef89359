/**
 * Helpers for the chat tests: starting conversations, sending messages, and waiting for the chat
 * frames a test expects.
 */
import { randomUUID } from 'node:crypto';

import type {
  ChatAcceptResult,
  ChatMessage,
  ChatSendResult,
  Conversation,
  ConversationResult,
  HubFrame,
} from '../../src/protocol/frames.js';
import type { TestClient } from './client.js';
import type { Command } from './client.js';
import { chatsKind, listState } from './list-mirror.js';

type StartCommand = Extract<Command, { type: 'chat.start' }>;

export async function startChat(
  client: TestClient,
  scope = 'shop',
  extra: Partial<Omit<StartCommand, 'type' | 'scope'>> = {},
): Promise<Conversation> {
  const command: StartCommand = { type: 'chat.start', queue: 'default', scope, ...extra };
  return (await client.ok<ConversationResult>(command)).conversation;
}

export async function send(
  client: TestClient,
  conversationId: string,
  text: string,
  messageId: string = randomUUID(),
): Promise<ChatMessage> {
  return (await client.ok<ChatSendResult>({ type: 'chat.send', conversationId, messageId, text })).message;
}

export async function accept(client: TestClient, conversationId?: string): Promise<ChatAcceptResult> {
  return client.ok<ChatAcceptResult>(
    conversationId === undefined ? { type: 'chat.accept' } : { type: 'chat.accept', conversationId },
  );
}

/** The first `chat.message` from `from` on that satisfies `accept`. */
export async function chatMessage(
  client: TestClient,
  accept: (message: ChatMessage) => boolean,
  from = 0,
): Promise<ChatMessage> {
  const frame = await client.waitFor(
    (f): f is HubFrame & { type: 'chat.message' } => f.type === 'chat.message' && accept(f.message),
    from,
  );
  return frame.message;
}

/** The first `chat.state` from `from` on that satisfies `accept`. */
export async function chatState(
  client: TestClient,
  accept: (conversation: Conversation) => boolean,
  from = 0,
): Promise<Conversation> {
  const frame = await client.waitFor(
    (f): f is HubFrame & { type: 'chat.state' } => f.type === 'chat.state' && accept(f.conversation),
    from,
  );
  return frame.conversation;
}

/** The first conversation list, changed by a frame from `from` on, that satisfies `accept`. */
export function chatsState(
  client: TestClient,
  accept: (conversations: Conversation[]) => boolean,
  from = 0,
): Promise<Conversation[]> {
  return listState(client, chatsKind, accept, from);
}

/** Every `chat.message` the client got from `from` on (call after a ping settled them). */
export function messagesIn(client: TestClient, from = 0): ChatMessage[] {
  return client.frames
    .slice(from)
    .filter((f): f is HubFrame & { type: 'chat.message' } => f.type === 'chat.message')
    .map((f) => f.message);
}
