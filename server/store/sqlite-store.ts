/**
 * The default store: SQLite through better-sqlite3, one file `<dataDir>/tandem.sqlite`.
 *
 * better-sqlite3 is synchronous; the methods still return Promises to honour the `Store` contract,
 * which keeps the services ready for a networked database. Statements are prepared once.
 */
import type { OrgSettings } from '../../src/protocol/org-settings.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import type {
  AgentStatus,
  CallEndReason,
  TicketEndReason,
  TicketStatus,
  TrackingTag,
} from '../../src/protocol/frames.js';
import type { ChatStore, ConversationRecord } from './chat-store.js';
import { SqliteBookingStore } from './sqlite-booking-store.js';
import { toConversation } from './chat-rows.js';
import type { ConversationRow } from './chat-rows.js';
import { SqliteChatStore } from './sqlite-chat-store.js';
import { migrate } from './sqlite-migrations.js';
import type {
  AgentRecord,
  AgentSessionRecord,
  CallRecord,
  OpeningPeriod,
  CreateTicketOutcome,
  OrgRecord,
  PurgeCounts,
  PutOutcome,
  QueueRecord,
  SeedData,
  StartCallOutcome,
  Store,
  TicketRecord,
  VisitorRecord,
} from './store.js';

export interface OrgRow {
  id: string;
  name: string;
  allowed_origins: string;
}

export interface QueueRow {
  org_id: string;
  id: string;
  slug: string;
  name: string;
  time_zone: string;
  opening_hours: string | null;
  agent_tag: string | null;
  average_handle_seconds: number;
}

export interface AgentRow {
  org_id: string;
  id: string;
  name: string;
  tags: string;
  photo_url: string;
  status: AgentStatus;
}

export interface SessionRow {
  id: string;
  org_id: string;
  agent_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface VisitorRow {
  id: string;
  org_id: string;
  token_hash: string;
  created_at: string;
  last_seen_at: string | null;
}

export interface TicketRow {
  org_id: string;
  id: string;
  queue_id: string;
  visitor_id: string;
  status: TicketStatus;
  priority: number;
  joined_at: string;
  seq: number;
  call_agent_id: string | null;
  product_ids: string;
  agent_tags: string;
  data: string;
  tracking_tags: string;
  call_id: string | null;
  end_reason: TicketEndReason | null;
  ended_at: string | null;
  can_rejoin: number;
}

export interface CallRow {
  org_id: string;
  id: string;
  ticket_id: string;
  agent_id: string;
  started_at: string;
  ended_at: string | null;
  end_reason: CallEndReason | null;
  transferred_to_agent: string | null;
  transferred_to_queue: string | null;
  agent_status_before: AgentStatus;
}

function stringArray(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export const toOrg = (row: OrgRow): OrgRecord => ({
  id: row.id,
  name: row.name,
  allowedOrigins: stringArray(row.allowed_origins),
});

export const toQueue = (row: QueueRow): QueueRecord => ({
  id: row.id,
  orgId: row.org_id,
  slug: row.slug,
  name: row.name,
  timeZone: row.time_zone,
  // Written only by this store from typed records, so the shape is trusted.
  openingHours: row.opening_hours === null ? null : (JSON.parse(row.opening_hours) as OpeningPeriod[]),
  agentTag: row.agent_tag,
  averageHandleSeconds: row.average_handle_seconds,
});

export const toAgent = (row: AgentRow): AgentRecord => ({
  id: row.id,
  orgId: row.org_id,
  name: row.name,
  tags: stringArray(row.tags),
  photoUrl: row.photo_url,
  status: row.status,
});

export const toSession = (row: SessionRow): AgentSessionRecord => ({
  id: row.id,
  orgId: row.org_id,
  agentId: row.agent_id,
  tokenHash: row.token_hash,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

export const toVisitor = (row: VisitorRow): VisitorRecord => ({
  id: row.id,
  orgId: row.org_id,
  tokenHash: row.token_hash,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at ?? row.created_at,
});

export const toTicket = (row: TicketRow): TicketRecord => ({
  id: row.id,
  orgId: row.org_id,
  queueId: row.queue_id,
  visitorId: row.visitor_id,
  status: row.status,
  priority: row.priority === 1,
  joinedAt: row.joined_at,
  seq: row.seq,
  callAgentId: row.call_agent_id,
  productIds: stringArray(row.product_ids),
  agentTags: stringArray(row.agent_tags),
  // Written only by this store from validated frames, so the shapes are trusted.
  data: JSON.parse(row.data) as Record<string, unknown>,
  trackingTags: JSON.parse(row.tracking_tags) as TrackingTag[],
  callId: row.call_id,
  endReason: row.end_reason,
  endedAt: row.ended_at,
  canRejoin: row.can_rejoin === 1,
});

/** The ticket as named parameters, in the table's column names. */
export const ticketParams = (ticket: TicketRecord) => ({
  org_id: ticket.orgId,
  id: ticket.id,
  queue_id: ticket.queueId,
  visitor_id: ticket.visitorId,
  status: ticket.status,
  priority: ticket.priority ? 1 : 0,
  joined_at: ticket.joinedAt,
  seq: ticket.seq,
  call_agent_id: ticket.callAgentId,
  product_ids: JSON.stringify(ticket.productIds),
  agent_tags: JSON.stringify(ticket.agentTags),
  data: JSON.stringify(ticket.data),
  tracking_tags: JSON.stringify(ticket.trackingTags),
  call_id: ticket.callId,
  end_reason: ticket.endReason,
  ended_at: ticket.endedAt,
  can_rejoin: ticket.canRejoin ? 1 : 0,
});
type TicketParams = ReturnType<typeof ticketParams>;

export const toCall = (row: CallRow): CallRecord => ({
  id: row.id,
  orgId: row.org_id,
  ticketId: row.ticket_id,
  agentId: row.agent_id,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  endReason: row.end_reason,
  transferredToAgentId: row.transferred_to_agent,
  transferredToQueueId: row.transferred_to_queue,
  agentStatusBefore: row.agent_status_before,
});

export const callParams = (call: CallRecord) => ({
  org_id: call.orgId,
  id: call.id,
  ticket_id: call.ticketId,
  agent_id: call.agentId,
  started_at: call.startedAt,
  ended_at: call.endedAt,
  end_reason: call.endReason,
  transferred_to_agent: call.transferredToAgentId,
  transferred_to_queue: call.transferredToQueueId,
  agent_status_before: call.agentStatusBefore,
});
type CallParams = ReturnType<typeof callParams>;

export const TICKET_COLUMNS = [
  'org_id',
  'id',
  'queue_id',
  'visitor_id',
  'status',
  'priority',
  'joined_at',
  'seq',
  'call_agent_id',
  'product_ids',
  'agent_tags',
  'data',
  'tracking_tags',
  'call_id',
  'end_reason',
  'ended_at',
  'can_rejoin',
];
export const CALL_COLUMNS = [
  'org_id',
  'id',
  'ticket_id',
  'agent_id',
  'started_at',
  'ended_at',
  'end_reason',
  'transferred_to_agent',
  'transferred_to_queue',
  'agent_status_before',
];
export const insertSql = (table: string, columns: string[]) =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`;
export const updateSql = (table: string, columns: string[]) =>
  `UPDATE ${table} SET ${columns
    .filter((c) => c !== 'org_id' && c !== 'id')
    .map((c) => `${c} = @${c}`)
    .join(', ')} WHERE org_id = @org_id AND id = @id`;

/** Tickets in queue order: the front first. */
export const TICKET_ORDER = 'ORDER BY priority DESC, joined_at, seq';

export const AGENT_COLUMNS = 'org_id, id, name, tags, photo_url, status';

/** Every statement the store runs, prepared once per database. */
function prepare(db: Database.Database) {
  return {
    countOrgs: db.prepare<[], number>('SELECT COUNT(*) FROM orgs').pluck(),
    insertOrg: db.prepare<[string, string, string]>(
      'INSERT INTO orgs (id, name, allowed_origins) VALUES (?, ?, ?)',
    ),
    insertQueue: db.prepare<[string, string, string, string, string, string | null, string | null, number]>(
      `INSERT INTO queues (org_id, id, slug, name, time_zone, opening_hours, agent_tag, average_handle_seconds)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertAgent: db.prepare<[string, string, string, string, string, string, string]>(
      `INSERT INTO agents (org_id, id, name, tags, photo_url, status, password_hash) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    getOrg: db.prepare<[string], OrgRow>('SELECT id, name, allowed_origins FROM orgs WHERE id = ?'),
    getOrgByAlias: db.prepare<[string], OrgRow>(
      `SELECT o.id, o.name, o.allowed_origins FROM org_aliases a JOIN orgs o ON o.id = a.org_id WHERE a.alias = ?`,
    ),
    upsertOrgAlias: db.prepare<[string, string]>(
      'INSERT INTO org_aliases (alias, org_id) VALUES (?, ?) ON CONFLICT (alias) DO UPDATE SET org_id = excluded.org_id',
    ),
    deleteOrgAlias: db.prepare<[string]>('DELETE FROM org_aliases WHERE alias = ?'),
    listQueues: db.prepare<[string], QueueRow>('SELECT * FROM queues WHERE org_id = ? ORDER BY name, id'),
    getQueue: db.prepare<[string, string], QueueRow>('SELECT * FROM queues WHERE org_id = ? AND id = ?'),
    listAgents: db.prepare<[string], AgentRow>(
      `SELECT ${AGENT_COLUMNS} FROM agents WHERE org_id = ? ORDER BY name, id`,
    ),
    getAgent: db.prepare<[string, string], AgentRow>(
      `SELECT ${AGENT_COLUMNS} FROM agents WHERE org_id = ? AND id = ?`,
    ),
    getPasswordHash: db
      .prepare<[string, string], string>('SELECT password_hash FROM agents WHERE org_id = ? AND id = ?')
      .pluck(),
    setAgentStatus: db.prepare<[string, string, string]>(
      'UPDATE agents SET status = ? WHERE org_id = ? AND id = ?',
    ),
    insertSession: db.prepare<[string, string, string, string, string, string, string | null]>(
      `INSERT INTO agent_sessions (id, org_id, agent_id, token_hash, created_at, expires_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    getSession: db.prepare<[string], SessionRow>('SELECT * FROM agent_sessions WHERE id = ?'),
    findSession: db.prepare<[string], SessionRow>('SELECT * FROM agent_sessions WHERE token_hash = ?'),
    revokeSession: db.prepare<[string, string]>(
      'UPDATE agent_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    ),
    insertVisitor: db.prepare<[string, string, string, string, string]>(
      'INSERT INTO visitors (id, org_id, token_hash, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    findVisitor: db.prepare<[string], VisitorRow>('SELECT * FROM visitors WHERE token_hash = ?'),
    touchVisitor: db.prepare<[string, string, string]>(
      'UPDATE visitors SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)',
    ),
    insertHubSecret: db.prepare<[string, string]>(
      'INSERT INTO hub_secrets (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ),
    getHubSecret: db.prepare<[string], string>('SELECT value FROM hub_secrets WHERE name = ?').pluck(),
    idleConversations: db.prepare<[string, number], ConversationRow>(
      `SELECT c.* FROM conversations c
       WHERE c.status IN ('waiting', 'active')
         AND COALESCE((SELECT MAX(m.sent_at) FROM messages m WHERE m.conversation_id = c.id), c.created_at) < ?
       ORDER BY c.created_at LIMIT ?`,
    ),
    insertTicket: db.prepare<[TicketParams]>(insertSql('tickets', TICKET_COLUMNS)),
    updateTicket: db.prepare<[TicketParams]>(updateSql('tickets', TICKET_COLUMNS)),
    // The ticket is taken only while still waiting: the guard that makes accepting atomic.
    takeTicket: db.prepare<[TicketParams]>(`${updateSql('tickets', TICKET_COLUMNS)} AND status = 'waiting'`),
    getTicket: db.prepare<[string, string], TicketRow>('SELECT * FROM tickets WHERE org_id = ? AND id = ?'),
    listLiveTickets: db.prepare<[], TicketRow>(
      `SELECT * FROM tickets WHERE status <> 'ended' ${TICKET_ORDER}`,
    ),
    listLiveTicketsOf: db.prepare<[string], TicketRow>(
      `SELECT * FROM tickets WHERE status <> 'ended' AND org_id = ? ${TICKET_ORDER}`,
    ),
    maxTicketSeq: db.prepare<[], number>('SELECT COALESCE(MAX(seq), 0) FROM tickets').pluck(),
    insertCall: db.prepare<[CallParams]>(insertSql('calls', CALL_COLUMNS)),
    updateCall: db.prepare<[CallParams]>(updateSql('calls', CALL_COLUMNS)),
    agentHasCall: db
      .prepare<[string, string], number>(
        'SELECT COUNT(*) FROM calls WHERE org_id = ? AND agent_id = ? AND ended_at IS NULL',
      )
      .pluck(),
    getCall: db.prepare<[string, string], CallRow>('SELECT * FROM calls WHERE org_id = ? AND id = ?'),
    listActiveCalls: db.prepare<[], CallRow>(
      'SELECT * FROM calls WHERE ended_at IS NULL ORDER BY started_at',
    ),
    listActiveCallsOf: db.prepare<[string], CallRow>(
      'SELECT * FROM calls WHERE ended_at IS NULL AND org_id = ? ORDER BY started_at',
    ),
    liveTicketOfVisitor: db
      .prepare<[string, string], number>(
        "SELECT COUNT(*) FROM tickets WHERE org_id = ? AND visitor_id = ? AND status <> 'ended'",
      )
      .pluck(),
    listOrgs: db.prepare<[], OrgRow>('SELECT id, name, allowed_origins FROM orgs ORDER BY id'),
    purge: {
      messages: db.prepare<[{ org: string; before: string }]>(
        `DELETE FROM messages WHERE conversation_id IN (SELECT id FROM conversations WHERE org_id = @org AND status <> 'active' AND COALESCE(ended_at, created_at) < @before)`,
      ),
      conversations: db.prepare<[{ org: string; before: string }]>(
        `DELETE FROM conversations WHERE org_id = @org AND status <> 'active' AND COALESCE(ended_at, created_at) < @before`,
      ),
      calls: db.prepare<[{ org: string; before: string }]>(
        `DELETE FROM calls WHERE org_id = @org AND ticket_id IN (SELECT id FROM tickets WHERE org_id = @org AND status = 'ended' AND ended_at < @before)`,
      ),
      tickets: db.prepare<[{ org: string; before: string }]>(
        `DELETE FROM tickets WHERE org_id = @org AND status = 'ended' AND ended_at < @before`,
      ),
      bookings: db.prepare<[{ org: string; before: string }]>(
        `DELETE FROM bookings WHERE org_id = @org AND end_at < @before`,
      ),
      visitors: db.prepare<[{ org: string; before: string }]>(
        `DELETE FROM visitors WHERE org_id = @org AND COALESCE(last_seen_at, created_at) < @before AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.visitor_id = visitors.id) AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.visitor_id = visitors.id) AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.visitor_id = visitors.id)`,
      ),
    },
    getOrgSettings: db
      .prepare<[string], string>('SELECT settings FROM org_settings WHERE org_id = ?')
      .pluck(),
    putOrgSettings: db.prepare<[string, string]>(
      `INSERT INTO org_settings (org_id, settings) VALUES (?, ?)
       ON CONFLICT (org_id) DO UPDATE SET settings = excluded.settings`,
    ),
    updateOrg: db.prepare<[string, string, string]>(
      'UPDATE orgs SET name = ?, allowed_origins = ? WHERE id = ?',
    ),
    updateQueue: db.prepare<[string, string, string, string | null, string | null, number, string, string]>(
      `UPDATE queues SET slug = ?, name = ?, time_zone = ?, opening_hours = ?, agent_tag = ?,
       average_handle_seconds = ? WHERE org_id = ? AND id = ?`,
    ),
    updateAgent: db.prepare<[string, string, string, string, string, string]>(
      'UPDATE agents SET name = ?, tags = ?, photo_url = ?, password_hash = ? WHERE org_id = ? AND id = ?',
    ),
    setPasswordHash: db.prepare<[string, string, string]>(
      'UPDATE agents SET password_hash = ? WHERE org_id = ? AND id = ?',
    ),
  };
}

export class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #statements: ReturnType<typeof prepare>;
  readonly #chat: SqliteChatStore;
  /** Its own compaction, cache and group commit stay private to this store. */
  get chat(): ChatStore {
    return this.#chat;
  }
  readonly bookings: SqliteBookingStore;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new Database(join(dataDir, 'tandem.sqlite'));
    // WAL lets readers run while a write commits. With WAL, synchronous=NORMAL syncs the log at
    // checkpoints rather than at every commit: a crash of the process loses nothing, a power cut
    // may lose the last commits but never corrupts the file. That is what makes a stored chat
    // message cost microseconds instead of an fsync.
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    // Checkpoints (the only fsyncs under NORMAL) every ~40 MB of log instead of ~4 MB: a chat
    // message rewrites the same few hot pages, and a rarer checkpoint copies each of them once.
    this.#db.pragma('wal_autocheckpoint = 10000');
    this.#db.pragma('foreign_keys = ON');
    this.#db.pragma('busy_timeout = 5000');
    migrate(this.#db);
    this.#statements = prepare(this.#db);
    this.#chat = new SqliteChatStore(this.#db);
    this.bookings = new SqliteBookingStore(this.#db);
  }

  async hasAnyOrg(): Promise<boolean> {
    return (this.#statements.countOrgs.get() ?? 0) > 0;
  }

  async seedIfEmpty(data: SeedData): Promise<boolean> {
    const s = this.#statements;
    // One IMMEDIATE transaction: two processes starting on one file cannot both seed.
    return this.#db
      .transaction(() => {
        if ((s.countOrgs.get() ?? 0) > 0) return false;
        for (const org of data.orgs) s.insertOrg.run(org.id, org.name, JSON.stringify(org.allowedOrigins));
        for (const q of data.queues) {
          s.insertQueue.run(
            q.orgId,
            q.id,
            q.slug,
            q.name,
            q.timeZone,
            q.openingHours === null ? null : JSON.stringify(q.openingHours),
            q.agentTag,
            q.averageHandleSeconds,
          );
        }
        for (const a of data.agents) {
          s.insertAgent.run(
            a.orgId,
            a.id,
            a.name,
            JSON.stringify(a.tags),
            a.photoUrl,
            a.status,
            a.passwordHash,
          );
        }
        this.bookings.seedWithin(data.bookings);
        for (const { alias, orgId } of data.orgAliases ?? [])
          s.upsertOrgAlias.run(alias.toLowerCase(), orgId);
        return true;
      })
      .immediate();
  }

  async getOrg(orgId: string): Promise<OrgRecord | null> {
    const row = this.#statements.getOrg.get(orgId);
    return row ? toOrg(row) : null;
  }

  async getOrgByAlias(alias: string): Promise<OrgRecord | null> {
    const row = this.#statements.getOrgByAlias.get(alias.toLowerCase());
    return row ? toOrg(row) : null;
  }

  async setOrgAlias(alias: string, orgId: string | null): Promise<void> {
    if (orgId === null) this.#statements.deleteOrgAlias.run(alias.toLowerCase());
    else this.#statements.upsertOrgAlias.run(alias.toLowerCase(), orgId);
  }

  async listQueues(orgId: string): Promise<QueueRecord[]> {
    return this.#statements.listQueues.all(orgId).map(toQueue);
  }

  async getQueue(orgId: string, queueId: string): Promise<QueueRecord | null> {
    const row = this.#statements.getQueue.get(orgId, queueId);
    return row ? toQueue(row) : null;
  }

  async listAgents(orgId: string): Promise<AgentRecord[]> {
    return this.#statements.listAgents.all(orgId).map(toAgent);
  }

  async getAgent(orgId: string, agentId: string): Promise<AgentRecord | null> {
    const row = this.#statements.getAgent.get(orgId, agentId);
    return row ? toAgent(row) : null;
  }

  async getAgentPasswordHash(orgId: string, agentId: string): Promise<string | null> {
    return this.#statements.getPasswordHash.get(orgId, agentId) ?? null;
  }

  async setAgentStatus(orgId: string, agentId: string, status: AgentStatus): Promise<void> {
    this.#statements.setAgentStatus.run(status, orgId, agentId);
  }

  async createAgentSession(session: AgentSessionRecord): Promise<void> {
    this.#statements.insertSession.run(
      session.id,
      session.orgId,
      session.agentId,
      session.tokenHash,
      session.createdAt,
      session.expiresAt,
      session.revokedAt,
    );
  }

  async getAgentSession(sessionId: string): Promise<AgentSessionRecord | null> {
    const row = this.#statements.getSession.get(sessionId);
    return row ? toSession(row) : null;
  }

  async findAgentSessionByTokenHash(tokenHash: string): Promise<AgentSessionRecord | null> {
    const row = this.#statements.findSession.get(tokenHash);
    return row ? toSession(row) : null;
  }

  async revokeAgentSession(sessionId: string, revokedAt: string): Promise<void> {
    this.#statements.revokeSession.run(revokedAt, sessionId);
  }

  async createVisitor(visitor: VisitorRecord): Promise<void> {
    this.#statements.insertVisitor.run(
      visitor.id,
      visitor.orgId,
      visitor.tokenHash,
      visitor.createdAt,
      visitor.lastSeenAt ?? visitor.createdAt,
    );
  }

  async touchVisitor(visitorId: string, at: string): Promise<void> {
    this.#statements.touchVisitor.run(at, visitorId, at);
  }

  async hubSecret(name: string, fresh: string): Promise<string> {
    this.#statements.insertHubSecret.run(name, fresh);
    return this.#statements.getHubSecret.get(name)!;
  }

  async listIdleConversations(before: string, limit: number): Promise<ConversationRecord[]> {
    // A conversation's last message may still be in the write-behind log.
    this.#chat.compactLog();
    return this.#statements.idleConversations.all(before, limit).map(toConversation);
  }

  async findVisitorByTokenHash(tokenHash: string): Promise<VisitorRecord | null> {
    const row = this.#statements.findVisitor.get(tokenHash);
    return row ? toVisitor(row) : null;
  }

  async createTicket(ticket: TicketRecord): Promise<CreateTicketOutcome> {
    const s = this.#statements;
    return this.#db
      .transaction((): CreateTicketOutcome => {
        if ((s.liveTicketOfVisitor.get(ticket.orgId, ticket.visitorId) ?? 0) > 0)
          return 'visitor-has-live-ticket';
        s.insertTicket.run(ticketParams(ticket));
        return 'created';
      })
      .immediate();
  }

  async updateTicket(ticket: TicketRecord): Promise<void> {
    this.#statements.updateTicket.run(ticketParams(ticket));
  }

  async rejoinTicket(previous: TicketRecord, next: TicketRecord): Promise<CreateTicketOutcome> {
    const s = this.#statements;
    return this.#db
      .transaction((): CreateTicketOutcome => {
        if ((s.liveTicketOfVisitor.get(next.orgId, next.visitorId) ?? 0) > 0)
          return 'visitor-has-live-ticket';
        s.updateTicket.run(ticketParams(previous));
        s.insertTicket.run(ticketParams(next));
        return 'created';
      })
      .immediate();
  }

  async getTicket(orgId: string, ticketId: string): Promise<TicketRecord | null> {
    const row = this.#statements.getTicket.get(orgId, ticketId);
    return row ? toTicket(row) : null;
  }

  async listLiveTickets(): Promise<TicketRecord[]> {
    return this.#statements.listLiveTickets.all().map(toTicket);
  }

  async listLiveTicketsOf(orgId: string): Promise<TicketRecord[]> {
    return this.#statements.listLiveTicketsOf.all(orgId).map(toTicket);
  }

  async maxTicketSeq(): Promise<number> {
    return this.#statements.maxTicketSeq.get() ?? 0;
  }

  async startCall(ticket: TicketRecord, call: CallRecord): Promise<StartCallOutcome> {
    const s = this.#statements;
    return this.#db
      .transaction((): StartCallOutcome => {
        if ((s.agentHasCall.get(call.orgId, call.agentId) ?? 0) > 0) return 'agent-busy';
        if (s.takeTicket.run(ticketParams(ticket)).changes !== 1) return 'ticket-taken';
        s.insertCall.run(callParams(call));
        return 'started';
      })
      .immediate();
  }

  async endCall(call: CallRecord, ticket: TicketRecord): Promise<void> {
    const s = this.#statements;
    this.#db
      .transaction(() => {
        s.updateCall.run(callParams(call));
        s.updateTicket.run(ticketParams(ticket));
      })
      .immediate();
  }

  async getCall(orgId: string, callId: string): Promise<CallRecord | null> {
    const row = this.#statements.getCall.get(orgId, callId);
    return row ? toCall(row) : null;
  }

  async listActiveCalls(): Promise<CallRecord[]> {
    return this.#statements.listActiveCalls.all().map(toCall);
  }

  async listActiveCallsOf(orgId: string): Promise<CallRecord[]> {
    return this.#statements.listActiveCallsOf.all(orgId).map(toCall);
  }

  async listOrgs(): Promise<OrgRecord[]> {
    return this.#statements.listOrgs.all().map(toOrg);
  }

  async purgeBefore(orgId: string, before: string): Promise<PurgeCounts> {
    const purge = this.#statements.purge;
    const params = { org: orgId, before };
    // Purged messages must all be in the table, and purged conversations must not live on in the
    // chat store's memory.
    this.#chat.compactLog();
    this.#chat.forgetConversations();
    return this.#db
      .transaction((): PurgeCounts => ({
        messages: purge.messages.run(params).changes,
        conversations: purge.conversations.run(params).changes,
        calls: purge.calls.run(params).changes,
        tickets: purge.tickets.run(params).changes,
        bookings: purge.bookings.run(params).changes,
        visitors: purge.visitors.run(params).changes,
      }))
      .immediate();
  }

  async getOrgSettings(orgId: string): Promise<OrgSettings> {
    const json = this.#statements.getOrgSettings.get(orgId);
    return json ? (JSON.parse(json) as OrgSettings) : {};
  }

  async putOrgSettings(orgId: string, settings: OrgSettings): Promise<PutOutcome> {
    const s = this.#statements;
    return this.#db
      .transaction((): PutOutcome => {
        if (!s.getOrg.get(orgId)) return 'unknown-org';
        const existed = s.getOrgSettings.get(orgId) !== undefined;
        s.putOrgSettings.run(orgId, JSON.stringify(settings));
        return existed ? 'updated' : 'created';
      })
      .immediate();
  }

  async putOrg(org: OrgRecord): Promise<void> {
    const s = this.#statements;
    const origins = JSON.stringify(org.allowedOrigins);
    this.#db
      .transaction(() => {
        if (s.updateOrg.run(org.name, origins, org.id).changes === 0)
          s.insertOrg.run(org.id, org.name, origins);
      })
      .immediate();
  }

  async putQueue(q: QueueRecord): Promise<PutOutcome> {
    const s = this.#statements;
    const hours = q.openingHours === null ? null : JSON.stringify(q.openingHours);
    return this.#db
      .transaction((): PutOutcome => {
        if (!s.getOrg.get(q.orgId)) return 'unknown-org';
        const fields = [q.slug, q.name, q.timeZone, hours, q.agentTag, q.averageHandleSeconds] as const;
        if (s.updateQueue.run(...fields, q.orgId, q.id).changes === 1) return 'updated';
        s.insertQueue.run(q.orgId, q.id, ...fields);
        return 'created';
      })
      .immediate();
  }

  async putAgent(a: AgentRecord & { passwordHash: string }): Promise<PutOutcome> {
    const s = this.#statements;
    const tags = JSON.stringify(a.tags);
    return this.#db
      .transaction((): PutOutcome => {
        if (!s.getOrg.get(a.orgId)) return 'unknown-org';
        if (s.updateAgent.run(a.name, tags, a.photoUrl, a.passwordHash, a.orgId, a.id).changes === 1)
          return 'updated';
        s.insertAgent.run(a.orgId, a.id, a.name, tags, a.photoUrl, a.status, a.passwordHash);
        return 'created';
      })
      .immediate();
  }

  async setAgentPasswordHash(orgId: string, agentId: string, passwordHash: string): Promise<boolean> {
    return this.#statements.setPasswordHash.run(passwordHash, orgId, agentId).changes === 1;
  }

  async ping(): Promise<void> {
    this.#statements.countOrgs.get();
  }

  // ---- chat: SQL in sqlite-chat-store.ts ----

  async close(): Promise<void> {
    if (!this.#db.open) return;
    this.#chat.flush();
    this.#db.close();
  }
}
