/**
 * The hub's internal event bus: services publish what changed, and whoever keeps live views
 * (queue feeds, agent connections) listens. In one process it is in memory; with several
 * processes a Redis implementation carries the same messages between them, so messages must be
 * plain JSON.
 */
import type {
  CallCommerceEventFrame,
  CallMediaEventFrame,
  CallOfferedFrame,
  CallSignalEventFrame,
  ChatMessage,
  ChatOfferedFrame,
  ChatTypingEventFrame,
  Ticket,
} from '../../src/protocol/frames.js';
import type { CallView } from '../services/call-views.js';
import type { ChatView } from '../services/chat/views.js';
import type { PartyKind } from '../services/departures.js';
import type { BookingTopics } from './booking-topics.js';

/** Every topic and the message it carries. */
export interface BusTopics extends ChatTopics, BookingTopics {
  /** Something about an agent that others may render changed: status, presence, profile. */
  'agent.changed': { orgId: string; agentId: string };
  /** How many wait in the queue changed. */
  'queue.changed': { orgId: string; queueId: string; waiting?: number };
  /** A visitor's ticket changed (its place and waiting time included): for the visitor's connections. */
  'ticket.changed': { orgId: string; visitorId: string; ticket: Ticket };
  /** The org's waiting tickets changed: watching agents recompute what they may take. */
  'tickets.changed': { orgId: string; digest?: string };
  /** A ticket began waiting: offered to these agents' watching connections. */
  'call.offered': { orgId: string; agentIds: string[]; offer: Omit<CallOfferedFrame, 'v' | 'type'> };
  /** A call started, ended or changed: each party (or only the agent) gets its own CallInfo. */
  'call.changed': { orgId: string; view: CallView; to: 'both' | 'agent' };
  /** Signalling, media state or commerce for one party of a call, passed on verbatim. */
  'call.relayed': {
    orgId: string;
    to: { kind: PartyKind; id: string };
    frame: CallSignalEventFrame | CallMediaEventFrame | CallCommerceEventFrame;
  };
}

/** Who hears of something in a conversation; each connection at most once. */
export interface ChatAudience {
  /** Every connection of this visitor (null: not the visitor). */
  visitorId: string | null;
  /** Every connection of these agents. */
  agentIds: string[];
  /** The connections of these agents that watch conversations (chats.watch). */
  watcherAgentIds: string[];
  /** The connection that caused it: its reply carries the same, so it gets no push. */
  exceptConnectionId: string | null;
}

export interface ChatTopics {
  /** A message was stored: for its audience, in seq order. */
  'chat.message': { orgId: string; message: ChatMessage; audience: ChatAudience };
  /** A conversation changed: its visitor and these agents each get their own view. */
  'chat.changed': { orgId: string; view: ChatView; agentIds: string[] };
  /** Someone started or stopped typing: for the other side only. */
  'chat.typing': { orgId: string; audience: ChatAudience; frame: ChatTypingEventFrame };
  /** A new waiting or offline conversation: offered to these agents' watching connections. */
  'chat.offered': { orgId: string; agentIds: string[]; offer: Omit<ChatOfferedFrame, 'v' | 'type'> };
  /** The org's open conversations changed: watching agents recompute their lists. */
  'chats.changed': { orgId: string };
}

export type BusTopic = keyof BusTopics;
export type BusHandler<T extends BusTopic> = (message: BusTopics[T]) => void | Promise<void>;

export interface Bus {
  /** Delivers to every subscriber of the topic, in this process and (later) in others. */
  publish<T extends BusTopic>(topic: T, message: BusTopics[T]): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe<T extends BusTopic>(topic: T, handler: BusHandler<T>): () => void;
  close(): Promise<void>;
}
