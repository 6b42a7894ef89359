/**
 * The chat widget's events: mluvii's app events (002) and onWebChat's callbacks (004), as DOM
 * events in lower kebab-case. All bubble and cross shadow roots.
 */

import type { Conversation, VisitorInfo } from '../protocol/frames.js';

/** `detail` of the session events: the conversation. */
export interface ChatSessionDetail {
  conversationId: string;
  conversation: Conversation;
}

export * from './chat-status-events.js';
import type { ChatClickEvent, ChatLoadedEvent, StatusChangeEvent } from './chat-status-events.js';

/** `chat-window-open`: the chat window opened. */
export class ChatWindowOpenEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('chat-window-open', { bubbles: true, composed: true, detail: {} });
  }
}

/** `chat-window-closed`: the chat window closed. */
export class ChatWindowClosedEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('chat-window-closed', { bubbles: true, composed: true, detail: {} });
  }
}

/** `chat-session-created`: the visitor waits for an agent. */
export class ChatSessionCreatedEvent extends CustomEvent<ChatSessionDetail> {
  constructor(detail: ChatSessionDetail) {
    super('chat-session-created', { bubbles: true, composed: true, detail });
  }
}

/** `chat-session-started`: an agent joined the conversation. */
export class ChatSessionStartedEvent extends CustomEvent<ChatSessionDetail> {
  constructor(detail: ChatSessionDetail) {
    super('chat-session-started', { bubbles: true, composed: true, detail });
  }
}

/** `chat-session-ended`: the conversation ended. */
export class ChatSessionEndedEvent extends CustomEvent<ChatSessionDetail> {
  constructor(detail: ChatSessionDetail) {
    super('chat-session-ended', { bubbles: true, composed: true, detail });
  }
}

/** `chat-maximize`: the chat window was maximised. */
export class ChatMaximizeEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('chat-maximize', { bubbles: true, composed: true, detail: {} });
  }
}

/** `chat-minimize`: the chat window was minimised. */
export class ChatMinimizeEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('chat-minimize', { bubbles: true, composed: true, detail: {} });
  }
}

/** `chat-trigger`: a trigger opened the chat (`open-after-seconds`, or `goto-chat` from a calls widget). */
export class ChatTriggerEvent extends CustomEvent<{ trigger: string }> {
  constructor(trigger: string) {
    super('chat-trigger', { bubbles: true, composed: true, detail: { trigger } });
  }
}

/** `chat-start-writing`: the visitor started to write. */
export class ChatStartWritingEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('chat-start-writing', { bubbles: true, composed: true, detail: {} });
  }
}

/** `chat-offered` (agent-console): a conversation this agent may take is waiting. */
export class ChatOfferedEvent extends CustomEvent<{ conversationId: string; visitor: VisitorInfo }> {
  constructor(detail: { conversationId: string; visitor: VisitorInfo }) {
    super('chat-offered', { bubbles: true, composed: true, detail });
  }
}

export interface MessageReceivedDetail {
  conversationId: string;
  messageId: string;
  text: string;
  from: 'visitor' | 'agent' | 'system';
}

/** `message-received` (agent-console): once for each visitor message the console receives. */
export class MessageReceivedEvent extends CustomEvent<MessageReceivedDetail> {
  constructor(detail: MessageReceivedDetail) {
    super('message-received', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-window-open': ChatWindowOpenEvent;
    'chat-window-closed': ChatWindowClosedEvent;
    'chat-session-created': ChatSessionCreatedEvent;
    'chat-session-started': ChatSessionStartedEvent;
    'chat-session-ended': ChatSessionEndedEvent;
    'chat-click': ChatClickEvent;
    'chat-maximize': ChatMaximizeEvent;
    'chat-minimize': ChatMinimizeEvent;
    'chat-trigger': ChatTriggerEvent;
    'chat-start-writing': ChatStartWritingEvent;
    'chat-loaded': ChatLoadedEvent;
    'status-change': StatusChangeEvent;
    'chat-offered': ChatOfferedEvent;
    'message-received': MessageReceivedEvent;
  }
}
