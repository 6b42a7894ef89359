/**
 * The realtime protocol between the elements and the hub, version 1.
 *
 * Every frame is a JSON object `{v: 1, type, ...}`. Commands from a client carry a client-made `id`
 * (1-64 chars); the hub answers each with a `reply` or an `error` naming that id in `re`.
 * Hub events (`queue.state`, `agent.state`) carry no `re`.
 *
 * This module holds types and constants only, so that the browser bundle pays nothing for it;
 * the hub validates inbound frames with the schemas in `validate.ts`.
 */

export const PROTOCOL_VERSION = 1;

/** Largest inbound frame the hub accepts, in bytes of UTF-8. */
export const MAX_FRAME_BYTES = 64 * 1024;

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
  internal: 'internal',
  /** Client side only: the hub cannot be reached. */
  hubUnreachable: 'hub-unreachable',
  /** Client side only: no reply within the command's time limit. */
  timeout: 'timeout',
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
  /** Visitors waiting in the queue now. */
  waiting: number;
  /** Seconds a visitor joining now would wait; null while no agent is online (unknown). */
  estimatedWaitingTime: number | null;
}

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

export type ClientFrame =
  | HelloFrame
  | AgentSignInFrame
  | AgentSignOutFrame
  | AgentSetStatusFrame
  | QueueSubscribeFrame
  | QueueUnsubscribeFrame
  | PingFrame;

export type ClientFrameType = ClientFrame['type'];

/** What each command resolves to. */
export interface CommandResults {
  hello: HelloResult;
  'agent.signIn': AgentSignInResult;
  'agent.signOut': Record<string, never>;
  'agent.setStatus': AgentSetStatusResult;
  'queue.subscribe': QueueSubscribeResult;
  'queue.unsubscribe': Record<string, never>;
  ping: Record<string, never>;
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

export type HubFrame = ReplyFrame | ErrorFrame | QueueStateFrame | AgentStateFrame;
