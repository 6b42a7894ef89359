/**
 * The realtime protocol between the elements and the hub, version 1.
 *
 * Every frame is a JSON object `{v: 1, type, ...}`. Commands from a client carry a client-made `id`
 * (1-64 chars); the hub answers each with a `reply` or an `error` naming that id in `re`.
 * Hub events (`queue.state`, `agent.state`) carry no `re`.
 *
 * This module holds types and the constants both sides use, so that the browser bundle pays nothing
 * for it; the hub validates inbound frames, and keeps its size limits, in `server/protocol/validate.ts`.
 */

import type { BookingClientFrame, BookingCommandResults, BookingHubFrame } from './booking.js';
import type { ChatClientFrame, ChatCommandResults, ChatHubFrame } from './chat.js';

import type { CommerceMessage } from './commerce.js';
import type { ListDiff } from './list-diff.js';
import type { PublicOrgSettings } from './org-settings.js';
export type * from './booking.js';
export type * from './chat.js';
export type * from './commerce.js';
export type { ListDiff } from './list-diff.js';
export type * from './org-settings.js';

export const PROTOCOL_VERSION = 1;

/** Codes of `error` frames and of the elements' `error` events. */
export const ErrorCode = {
  /** Not JSON, or not the shape its `type` requires. */
  badFrame: 'bad-frame',
  unknownType: 'unknown-type',
  frameTooLarge: 'frame-too-large',
  unsupportedVersion: 'unsupported-version',
  orgNotFound: 'org-not-found',
  originNotAllowed: 'origin-not-allowed',
  /** A queue, agent or other id that does not exist in this org. */
  notFound: 'not-found',
  /** The command needs a signed-in agent. */
  unauthorized: 'unauthorized',
  badCredentials: 'bad-credentials',
  /** The agent token has expired or was revoked. */
  sessionExpired: 'session-expired',
  /** The ticket was taken by another agent, or the call already ended. */
  conflict: 'conflict',
  /** The agent is in a call already, or not online. */
  agentBusy: 'agent-busy',
  internal: 'internal',
  /** A `>cs` command the hub cannot read; nothing changed. */
  badCommand: 'bad-command',
  /** Client side only: a method got an argument it cannot use (e.g. more than 20 tracking tags). */
  invalidArgument: 'invalid-argument',
  /** Client side only: the visitor or the browser refused the camera and microphone. */
  mediaDenied: 'media-denied',
  /** Client side only: no camera or microphone, or the browser has no WebRTC. */
  mediaUnavailable: 'media-unavailable',
  /** Client side only: the hub cannot be reached. */
  hubUnreachable: 'hub-unreachable',
  /** Client side only: no reply within the command's time limit. */
  timeout: 'timeout',
  /** Client side only: the page's CSP refused Tandem's Trusted Types policy; the elements stay undefined. */
  trustedTypesRefused: 'trusted-types-refused',
  /** Too many of this action for now (a hub rate limit); the frame's `retryAfter` says when to try again. */
  rateLimited: 'rate-limited',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** WebSocket close codes the hub uses when it refuses a connection after the handshake. */
export const CloseCode = {
  orgNotFound: 4404,
  originNotAllowed: 4403,
} as const;

export type AgentStatus = 'online' | 'offline' | 'busy';

/** An agent as the widgets see it: the CallAgent shape of the FluxPlayer seed (000). */
export interface CallAgent {
  id: string;
  name: string;
  status: AgentStatus;
  tags: string[];
  /** Absolute URL. */
  profile_photo_url: string;
}

/** Live state of one queue, as the hub pushes it. */
export interface QueueState {
  queueId: string;
  /** Human name of the queue, e.g. "Fashion". */
  name: string;
  isOpen: boolean;
  /** ISO 8601 UTC instant, or null when the queue never opens again (or is always open). */
  nextOpenTime: string | null;
  /** ISO 8601 UTC instant, or null when the queue is always open (or closed for good). */
  nextCloseTime: string | null;
  /** IANA time zone of the opening hours. */
  timeZone: string;
  /** Agents serving this queue whose status is `online`, sorted by name. */
  agents: CallAgent[];
  numberOfAgentsOnline: number;
  /** Agents serving this queue whose status is `busy` (in a call, say): chat's "busy" status. */
  numberOfAgentsBusy: number;
  /** Visitors waiting in the queue now. */
  waiting: number;
  /** Seconds a visitor joining now would wait; null while no agent is online (unknown). */
  estimatedWaitingTime: number | null;
}

// ---- calls ---------------------------------------------------------------------------------------

/** A custom tracking tag, as in the Bambuser seed (001): at most 20, strings up to 1 KB. */
export interface TrackingTag {
  key: string;
  value: string | number | boolean;
}

export const TRACKING_TAG_LIMITS = { maxTags: 20, maxKeyLength: 256, maxStringBytes: 1024 } as const;

/** waiting → (accepted) in-call → ended; a transfer or a lost agent puts it back to waiting. */
export type TicketStatus = 'waiting' | 'in-call' | 'ended';

export type CallEndReason =
  | 'visitor-hung-up'
  | 'agent-hung-up'
  /** The agent's tab closed or lost its connection for good: the visitor may rejoin at the front. */
  | 'agent-left'
  /** The visitor's tab closed or lost its connection for good. */
  | 'visitor-left'
  | 'transferred';

export type TicketEndReason = 'left-queue' | 'visitor-left' | 'call-ended';

/** A visitor's ticket, as the visitor sees it. */
export interface Ticket {
  ticketId: string;
  queueId: string;
  status: TicketStatus;
  /** 1-based place among the tickets ahead that the same agents could take; null unless waiting. */
  place: number | null;
  /** Seconds, null unless waiting with an agent online. */
  estimatedWaitingTime: number | null;
  /** The agent the ticket is routed to (chosen by the page, or by a transfer); null for any agent. */
  callAgentId: string | null;
  productIds: string[];
  joinedAt: string;
  /** The running call while `in-call`. */
  callId: string | null;
  endReason: TicketEndReason | null;
  /** Set after the agent left a call: `ticket.join` with `rejoinTicketId` puts the visitor at the front. */
  canRejoin: boolean;
}

/** A waiting ticket as agents see it in the console. */
export interface QueueTicket {
  ticketId: string;
  queueId: string;
  queueName: string;
  place: number;
  joinedAt: string;
  callAgentId: string | null;
  productIds: string[];
  agentTags: string[];
  data: Record<string, unknown>;
  trackingTags: TrackingTag[];
  /** True when the ticket was put back at the front (a transfer, or a call the agent left). */
  priority: boolean;
}

/** An ICE server for RTCPeerConnection; TURN entries carry time-limited credentials (TURN REST). */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface CallInfo {
  callId: string;
  ticketId: string;
  queueId: string;
  status: 'active' | 'ended';
  agent: CallAgent;
  startedAt: string;
  endedAt: string | null;
  endReason: CallEndReason | null;
  /** Where a transferred call went. */
  transferredTo: { agentId: string | null; queueId: string | null } | null;
  productIds: string[];
  /** What the page sent with `data`; only agents receive it (empty for the visitor). */
  data: Record<string, unknown>;
  /** Only agents receive them (empty for the visitor). */
  trackingTags: TrackingTag[];
  /** Which side of the call the receiver is: the agent makes the WebRTC offer. */
  role: 'visitor' | 'agent';
  iceServers: IceServer[];
}

/** WebRTC signalling, relayed by the hub only between the two parties of a call. */
export type Signal =
  | { kind: 'description'; description: { type: 'offer' | 'answer'; sdp: string } }
  | {
      kind: 'candidate';
      /** null marks the end of candidates. */
      candidate: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null } | null;
    };

// ---- client → hub -------------------------------------------------------------------------------

interface Command<T extends string> {
  v: typeof PROTOCOL_VERSION;
  type: T;
  id: string;
}

/** First frame of every connection. A visitor may present the token it got before. */
export interface HelloFrame extends Command<'hello'> {
  visitorToken?: string;
  /** An agent resumes its session after a reconnect. */
  agentToken?: string;
}
export interface HelloResult {
  sessionId: string;
  /** Opaque visitor token (new, or the one presented when still valid). */
  visitorToken: string;
  /** The agent, when `agentToken` was presented and valid. */
  agent: AgentProfile | null;
  serverTime: string;
  /** What the org's operator set for its widgets (bookings, themes, presets, chat languages). */
  settings: PublicOrgSettings;
}

export interface AgentSignInFrame extends Command<'agent.signIn'> {
  agentId: string;
  password: string;
}
export interface AgentProfile extends CallAgent {
  orgId: string;
}
export interface AgentSignInResult {
  agent: AgentProfile;
  /** Agent token; never valid as a visitor token, and the other way round. */
  token: string;
  expiresAt: string;
}

export type AgentSignOutFrame = Command<'agent.signOut'>;

export interface AgentSetStatusFrame extends Command<'agent.setStatus'> {
  status: AgentStatus;
}
export interface AgentSetStatusResult {
  agent: AgentProfile;
}

/** Subscribe to a queue by id, name or slug; the reply holds the first snapshot. */
export interface QueueSubscribeFrame extends Command<'queue.subscribe'> {
  queue: string;
}
export interface QueueSubscribeResult {
  queue: QueueState;
}

export interface QueueUnsubscribeFrame extends Command<'queue.unsubscribe'> {
  queueId: string;
}

export type PingFrame = Command<'ping'>;

/** A visitor joins a queue. Routing: `callAgentId` rings that agent only; `agentTags` narrows to agents with all of them. */
export interface TicketJoinFrame extends Command<'ticket.join'> {
  queue: string;
  data?: Record<string, unknown>;
  trackingTags?: TrackingTag[];
  callAgentId?: string;
  productIds?: string[];
  agentTags?: string[];
  /** A ticket whose call the agent left: the new ticket goes to the front of the queue. */
  rejoinTicketId?: string;
}
export interface TicketResult {
  ticket: Ticket;
}

export interface TicketLeaveFrame extends Command<'ticket.leave'> {
  ticketId: string;
}

/** After a reload: the visitor's own ticket (same visitor token) and its running call, if any. */
export interface TicketResumeFrame extends Command<'ticket.resume'> {
  ticketId: string;
}
export interface TicketResumeResult {
  ticket: Ticket;
  call: CallInfo | null;
}

/** `updateData()` and `setTrackingTags()`: shown to the agent, also during a call. */
export interface TicketUpdateFrame extends Command<'ticket.update'> {
  ticketId: string;
  data?: Record<string, unknown>;
  trackingTags?: TrackingTag[];
}

/** An agent starts receiving `tickets.diff`: changes to the waiting tickets it may take. */
export type TicketsWatchFrame = Command<'tickets.watch'>;
export interface TicketsWatchResult {
  tickets: QueueTicket[];
  /** The snapshot's number: the next `tickets.diff` is `seq + 1`. */
  seq: number;
  /** The agent's running call, after a reload or reconnect. */
  call: CallInfo | null;
  /** The org's queues, as transfer targets. */
  queues: { queueId: string; name: string }[];
}

/** Accepts a ticket (default: the first the agent may take); the agent becomes busy. */
export interface CallAcceptFrame extends Command<'call.accept'> {
  ticketId?: string;
}
export interface CallResult {
  call: CallInfo;
}

/** Ends the call for the agent and puts the ticket at the front, routed to the agent or queue. */
export interface CallTransferFrame extends Command<'call.transfer'> {
  callId: string;
  agentId?: string;
  queue?: string;
}

export interface CallHangupFrame extends Command<'call.hangup'> {
  callId: string;
}

export interface CallSignalFrame extends Command<'call.signal'> {
  callId: string;
  signal: Signal;
}

/** Tells the other party that the sender's microphone or camera is off. */
export interface CallMediaFrame extends Command<'call.media'> {
  callId: string;
  audio: boolean;
  video: boolean;
}

/** Video commerce between the two parties of a running call (products, search, cart, pages). */
export interface CallCommerceFrame extends Command<'call.commerce'> {
  callId: string;
  message: CommerceMessage;
}

export type ClientFrame =
  | HelloFrame
  | AgentSignInFrame
  | AgentSignOutFrame
  | AgentSetStatusFrame
  | QueueSubscribeFrame
  | QueueUnsubscribeFrame
  | PingFrame
  | TicketJoinFrame
  | TicketLeaveFrame
  | TicketResumeFrame
  | TicketUpdateFrame
  | TicketsWatchFrame
  | CallAcceptFrame
  | CallTransferFrame
  | CallHangupFrame
  | CallSignalFrame
  | CallMediaFrame
  | CallCommerceFrame
  | ChatClientFrame
  | BookingClientFrame;

export type ClientFrameType = ClientFrame['type'];

/** What each command resolves to. */
export interface CommandResults extends ChatCommandResults, BookingCommandResults {
  hello: HelloResult;
  'agent.signIn': AgentSignInResult;
  'agent.signOut': Record<string, never>;
  'agent.setStatus': AgentSetStatusResult;
  'queue.subscribe': QueueSubscribeResult;
  'queue.unsubscribe': Record<string, never>;
  ping: Record<string, never>;
  'ticket.join': TicketResult;
  'ticket.leave': TicketResult;
  'ticket.resume': TicketResumeResult;
  'ticket.update': TicketResult;
  'tickets.watch': TicketsWatchResult;
  'call.accept': CallResult;
  'call.transfer': CallResult;
  'call.hangup': CallResult;
  'call.signal': Record<string, never>;
  'call.media': Record<string, never>;
  'call.commerce': Record<string, never>;
}

// ---- hub → client -------------------------------------------------------------------------------

export interface ReplyFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'reply';
  re: string;
  result: unknown;
}

export interface ErrorFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'error';
  /** The command id this answers, when the hub could read one. */
  re?: string;
  code: ErrorCode;
  message: string;
  /** With `rate-limited`: whole seconds until the same command may succeed. */
  retryAfter?: number;
}

export interface QueueStateFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'queue.state';
  queue: QueueState;
}

/** The signed-in agent's own profile changed (status set from another tab, say). */
export interface AgentStateFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'agent.state';
  agent: AgentProfile;
}

/** The visitor's ticket changed: place, waiting time, a call started or ended. */
export interface TicketStateFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'ticket.state';
  ticket: Ticket;
}

/**
 * To watching agents: what changed in the waiting tickets this agent may take (in line order),
 * since the snapshot or the diff before; a burst of changes comes as one diff.
 */
export interface TicketsDiffFrame extends ListDiff<QueueTicket> {
  v: typeof PROTOCOL_VERSION;
  type: 'tickets.diff';
}

/** To the agents a new waiting ticket is offered to (only the routed agent, when routed). */
export interface CallOfferedFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'call.offered';
  ticketId: string;
  queueId: string;
  data: Record<string, unknown>;
  trackingTags: TrackingTag[];
  productIds: string[];
}

/** To both parties: the call started, or ended (with why). */
export interface CallStateFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'call.state';
  call: CallInfo;
}

export interface CallSignalEventFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'call.signal';
  callId: string;
  signal: Signal;
}

export interface CallMediaEventFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'call.media';
  callId: string;
  audio: boolean;
  video: boolean;
}

/** The other party's commerce message, relayed as it was sent. */
export interface CallCommerceEventFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'call.commerce';
  callId: string;
  message: CommerceMessage;
}

export type HubFrame =
  | ReplyFrame
  | ErrorFrame
  | QueueStateFrame
  | AgentStateFrame
  | TicketStateFrame
  | TicketsDiffFrame
  | CallOfferedFrame
  | CallStateFrame
  | CallSignalEventFrame
  | CallMediaEventFrame
  | CallCommerceEventFrame
  | ChatHubFrame
  | BookingHubFrame;
