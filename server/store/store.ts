/**
 * The hub's record: one narrow, async interface the services use.
 *
 * Every method returns a Promise so that a networked database (Postgres) can implement it without
 * touching the services; SQL and driver details stay inside the implementations.
 */
import type { OrgSettings } from '../../src/protocol/org-settings.js';
import type {
  AgentStatus,
  CallEndReason,
  TicketEndReason,
  TicketStatus,
  TrackingTag,
} from '../../src/protocol/frames.js';
import type { BookingSeed, BookingStore } from './booking-store.js';
import type { ChatStore, ConversationRecord } from './chat-store.js';

export interface OrgRecord {
  id: string;
  name: string;
  /** Origin patterns such as `https://shop.example.com` or `http://localhost:*`. */
  allowedOrigins: string[];
}

/** ISO weekday: 1 = Monday … 7 = Sunday (luxon's numbering). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** One opening period on a weekday, in local wall-clock time `HH:mm`; `close` may be `24:00`. */
export interface OpeningPeriod {
  day: IsoWeekday;
  open: string;
  close: string;
}

export interface QueueRecord {
  id: string;
  orgId: string;
  slug: string;
  name: string;
  /** IANA time zone the opening hours are written in. */
  timeZone: string;
  /** Weekly opening hours; null means always open. */
  openingHours: OpeningPeriod[] | null;
  /** When set, only agents carrying this tag serve the queue. */
  agentTag: string | null;
  averageHandleSeconds: number;
}

export interface AgentRecord {
  id: string;
  orgId: string;
  name: string;
  tags: string[];
  /** Absolute URL, or a path on the hub such as `/media/agents/anna.svg`. */
  photoUrl: string;
  /** The status the agent chose; presence decides whether it is in effect. */
  status: AgentStatus;
}

export interface AgentSessionRecord {
  id: string;
  orgId: string;
  agentId: string;
  /** sha256 of the token, hex; the token itself is never stored. */
  tokenHash: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export interface VisitorRecord {
  id: string;
  orgId: string;
  tokenHash: string;
  createdAt: string;
  /** The visitor's last activity on the hub (its token expires after an idle time); `createdAt` when unset. */
  lastSeenAt?: string;
}

/** A visitor's place in a queue, from joining until it ends (left, or its call ended). */
export interface TicketRecord {
  id: string;
  orgId: string;
  queueId: string;
  visitorId: string;
  status: TicketStatus;
  /** Put back at the front: a transfer, a rejoin after the agent left, a reload mid-call. */
  priority: boolean;
  joinedAt: string;
  /** Breaks ties between tickets that joined in the same millisecond: FIFO needs a total order. */
  seq: number;
  /** The agent the ticket is routed to; null for any agent who serves the queue. */
  callAgentId: string | null;
  productIds: string[];
  agentTags: string[];
  data: Record<string, unknown>;
  trackingTags: TrackingTag[];
  /** The running call while `in-call`. */
  callId: string | null;
  endReason: TicketEndReason | null;
  endedAt: string | null;
  canRejoin: boolean;
}

export interface CallRecord {
  id: string;
  orgId: string;
  ticketId: string;
  agentId: string;
  startedAt: string;
  endedAt: string | null;
  endReason: CallEndReason | null;
  transferredToAgentId: string | null;
  transferredToQueueId: string | null;
  /** The agent's chosen status when it accepted, restored when the call ends. */
  agentStatusBefore: AgentStatus;
}

/** Whether `createTicket` stored the ticket, or the visitor already has a live one in the org. */
export type CreateTicketOutcome = 'created' | 'visitor-has-live-ticket';

/** Why `startCall` did not start the call. */
export type StartCallOutcome = 'started' | 'ticket-taken' | 'agent-busy';

/** What a create-or-replace of an operator's record came to. */
/** What `purgeBefore` deleted, by table. */
export interface PurgeCounts {
  messages: number;
  conversations: number;
  calls: number;
  tickets: number;
  bookings: number;
  visitors: number;
}

export type PutOutcome = 'created' | 'updated' | 'unknown-org';

/** Everything a first start writes, applied atomically. */
export interface SeedData {
  orgs: OrgRecord[];
  queues: QueueRecord[];
  agents: Array<AgentRecord & { passwordHash: string }>;
  bookings: BookingSeed;
  /** Other names orgs answer to (see `Store.setOrgAlias`). */
  orgAliases?: OrgAlias[];
}

/** Another name an org answers to: the account id of the vendor a shop switched from. */
export interface OrgAlias {
  alias: string;
  orgId: string;
}

export interface Store {
  /** Conversations and messages: their own part of the record (chat-store.ts). */
  readonly chat: ChatStore;
  /** Booking services, working hours and bookings: their own part of the record (booking-store.ts). */
  readonly bookings: BookingStore;

  /** Whether any org exists; a first start seeds only an empty store. */
  hasAnyOrg(): Promise<boolean>;
  /** Writes the seed when the store holds no org yet (checked again atomically); resolves to whether it did. */
  seedIfEmpty(data: SeedData): Promise<boolean>;

  getOrg(orgId: string): Promise<OrgRecord | null>;
  /** The org an alias names (compared case-insensitively), or null. */
  getOrgByAlias(alias: string): Promise<OrgRecord | null>;
  /** Points an alias at an org (replacing what it named before), or with `null` removes it. */
  setOrgAlias(alias: string, orgId: string | null): Promise<void>;

  listQueues(orgId: string): Promise<QueueRecord[]>;
  getQueue(orgId: string, queueId: string): Promise<QueueRecord | null>;

  listAgents(orgId: string): Promise<AgentRecord[]>;
  getAgent(orgId: string, agentId: string): Promise<AgentRecord | null>;
  /** The password hash, for sign-in only. */
  getAgentPasswordHash(orgId: string, agentId: string): Promise<string | null>;
  setAgentStatus(orgId: string, agentId: string, status: AgentStatus): Promise<void>;

  createAgentSession(session: AgentSessionRecord): Promise<void>;
  getAgentSession(sessionId: string): Promise<AgentSessionRecord | null>;
  findAgentSessionByTokenHash(tokenHash: string): Promise<AgentSessionRecord | null>;
  revokeAgentSession(sessionId: string, revokedAt: string): Promise<void>;

  /** Stores the visitor unless a visitor with its id (or token) is stored already. */
  createVisitor(visitor: VisitorRecord): Promise<void>;
  findVisitorByTokenHash(tokenHash: string): Promise<VisitorRecord | null>;
  /** Moves the visitor's last activity forward to `at` (never back). */
  touchVisitor(visitorId: string, at: string): Promise<void>;

  /**
   * The deployment's secret called `name`: the one stored, or else `fresh`, stored now. The first
   * writer wins, so every process starting at once gets the same value.
   */
  hubSecret(name: string, fresh: string): Promise<string>;

  /** Stores the ticket unless the visitor already has a live (waiting or in-call) ticket in the org. */
  createTicket(ticket: TicketRecord): Promise<CreateTicketOutcome>;
  /** Writes every field of the ticket. */
  updateTicket(ticket: TicketRecord): Promise<void>;
  /** Both at once: the new ticket of a rejoin, and the old one that can no longer be rejoined. */
  rejoinTicket(previous: TicketRecord, next: TicketRecord): Promise<CreateTicketOutcome>;
  getTicket(orgId: string, ticketId: string): Promise<TicketRecord | null>;
  /** Waiting and in-call tickets of every org, for start-up. */
  listLiveTickets(): Promise<TicketRecord[]>;
  /** Waiting and in-call tickets of one org, front first: what another process may have changed. */
  listLiveTicketsOf(orgId: string): Promise<TicketRecord[]>;
  /** The largest `seq` given so far (0 when none). */
  maxTicketSeq(): Promise<number>;

  /**
   * Atomically: the ticket goes from waiting to `ticket` (in-call) and the call is recorded, unless
   * the ticket is no longer waiting or the agent already has a running call.
   */
  startCall(ticket: TicketRecord, call: CallRecord): Promise<StartCallOutcome>;
  /** Atomically records the call's end and what became of its ticket. */
  endCall(call: CallRecord, ticket: TicketRecord): Promise<void>;
  getCall(orgId: string, callId: string): Promise<CallRecord | null>;
  /** Running calls of every org, for start-up. */
  listActiveCalls(): Promise<CallRecord[]>;
  /** Running calls of one org. */
  listActiveCallsOf(orgId: string): Promise<CallRecord[]>;

  // ---- what an operator sets (the CLI, server/admin.ts); the seed writes the same records ----

  listOrgs(): Promise<OrgRecord[]>;
  /** Creates the org or renames it and replaces its allowed origins. */
  putOrg(org: OrgRecord): Promise<void>;
  /**
   * Deletes what the org keeps no longer (its retention setting): transcripts of conversations ended
   * (or left waiting) before `before`, finished tickets and their calls, past bookings, and visitors
   * with nothing left. A running conversation or a live ticket is never touched.
   */
  purgeBefore(orgId: string, before: string): Promise<PurgeCounts>;
  /** The org's settings (empty when none were set). */
  getOrgSettings(orgId: string): Promise<OrgSettings>;
  /** Replaces the org's settings. */
  putOrgSettings(orgId: string, settings: OrgSettings): Promise<PutOutcome>;
  /** Creates or replaces a queue; `unknown-org` when the org does not exist. */
  putQueue(queue: QueueRecord): Promise<PutOutcome>;
  /** Creates or replaces an agent (its chosen status kept when it exists). */
  putAgent(agent: AgentRecord & { passwordHash: string }): Promise<PutOutcome>;
  /** Whether the agent exists (and now has this password hash). */
  setAgentPasswordHash(orgId: string, agentId: string, passwordHash: string): Promise<boolean>;

  /**
   * Waiting and active conversations, of every org, with no message since `before` (nor started
   * since): abandoned, for the retention sweep to end. At most `limit`, oldest first.
   */
  listIdleConversations(before: string, limit: number): Promise<ConversationRecord[]>;

  /** Whether the database answers (the readiness probe). */
  ping(): Promise<void>;

  close(): Promise<void>;
}
