/**
 * The store for several hub processes: PostgreSQL through node-postgres (`pg`), one pool per
 * process. Same tables and row mapping as the SQLite store (postgres-migrations.ts); the guards
 * that SQLite gets from its single writer come from row locks, partial unique indexes and
 * advisory locks here, and every outcome is typed: a lost race is `ticket-taken`, `conflict`,
 * `created: false`, never a driver error.
 *
 * It also holds the cluster-wide lock an org's line is changed under (`hold`): a Postgres
 * advisory lock on a connection of its own, released by the database if the process dies. Lock
 * connections come from a pool of their own: a holder runs its queries on the main pool, so
 * holders can never use up the connections their own work waits for.
 */
import type { OrgSettings } from '../../src/protocol/org-settings.js';
import pg from 'pg';
import type { PoolClient, QueryResultRow } from 'pg';

import type { AgentStatus } from '../../src/protocol/frames.js';
import type { ClusterLock } from '../services/line.js';
import type {
  BookingRecord,
  BookingServiceRecord,
  BookingStore,
  CreateBookingOutcome,
  WorkingHoursRecord,
} from './booking-store.js';
import type {
  AppendOutcome,
  ChatStore,
  ConversationRecord,
  MessageDraft,
  MessageRecord,
} from './chat-store.js';
import { migratePostgres } from './postgres-migrations.js';
import { BOOKING_COLUMNS, bookingParams, toBooking, toHours, toService } from './sqlite-booking-store.js';
import type { BookingRow, HoursRow, ServiceAgentRow, ServiceRow } from './sqlite-booking-store.js';
import {
  CONVERSATION_COLUMNS,
  MESSAGE_COLUMNS,
  UPDATE_CONVERSATION,
  conversationParams,
  messageParams,
  toConversation,
  toMessage,
} from './chat-rows.js';
import type { ConversationRow, MessageRow } from './chat-rows.js';
import {
  AGENT_COLUMNS,
  CALL_COLUMNS,
  TICKET_COLUMNS,
  TICKET_ORDER,
  callParams,
  insertSql,
  ticketParams,
  toAgent,
  toCall,
  toOrg,
  toQueue,
  toSession,
  toTicket,
  toVisitor,
  updateSql,
} from './sqlite-store.js';
import type {
  AgentRow,
  CallRow,
  OrgRow,
  QueueRow,
  SessionRow,
  TicketRow,
  VisitorRow,
} from './sqlite-store.js';
import type {
  AgentRecord,
  AgentSessionRecord,
  CallRecord,
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

/** Postgres' code for a unique violation. */
const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === UNIQUE_VIOLATION;
}

/** `@name` parameters (the SQLite statements' style) to Postgres' `$n`. */
function named(text: string, params: Record<string, unknown>): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const index = new Map<string, number>();
  const converted = text.replace(/@([a-z_]+)/g, (_, name: string) => {
    let n = index.get(name);
    if (n === undefined) {
      if (!(name in params)) throw new Error(`no parameter ${name}`);
      values.push(params[name]);
      index.set(name, (n = values.length));
    }
    return `$${n}`;
  });
  return { text: converted, values };
}

type Queryable = Pick<PoolClient, 'query'>;

async function rows<R extends QueryResultRow>(
  db: Queryable,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  return (await db.query<R>(text, values)).rows;
}

async function one<R extends QueryResultRow>(
  db: Queryable,
  text: string,
  values: unknown[] = [],
): Promise<R | null> {
  return (await db.query<R>(text, values)).rows[0] ?? null;
}

async function run(db: Queryable, text: string, values: unknown[] = []): Promise<number> {
  return (await db.query(text, values)).rowCount ?? 0;
}

async function runNamed(db: Queryable, text: string, params: Record<string, unknown>): Promise<number> {
  const q = named(text, params);
  return run(db, q.text, q.values);
}

const INSERT_TICKET = insertSql('tickets', TICKET_COLUMNS);
const UPDATE_TICKET = updateSql('tickets', TICKET_COLUMNS);
const INSERT_CALL = insertSql('calls', CALL_COLUMNS);
const UPDATE_CALL = updateSql('calls', CALL_COLUMNS);
const INSERT_CONVERSATION = insertSql('conversations', CONVERSATION_COLUMNS);
const INSERT_MESSAGE = `INSERT INTO messages (${MESSAGE_COLUMNS})
  VALUES (@conversation_id, @seq, @message_id, @from, @agent_id, @agent_name, @text, @kind, @sent_at)`;
const INSERT_BOOKING = `INSERT INTO bookings (${BOOKING_COLUMNS.join(', ')})
  VALUES (${BOOKING_COLUMNS.map((c) => `@${c}`).join(', ')})`;
const CONVERSATION_SELECT = `SELECT ${CONVERSATION_COLUMNS.join(', ')} FROM conversations`;

/** A 64-bit advisory lock key from a name (hashtextextended is stable across processes). */
const LOCK_KEY = 'hashtextextended($1, 7340)';

/** `purgeBefore`'s statements, in the order foreign keys need ($1 the org, $2 the cutoff). */
const PURGE = {
  messages: `DELETE FROM messages WHERE conversation_id IN (SELECT id FROM conversations WHERE org_id = $1 AND status <> 'active' AND COALESCE(ended_at, created_at) < $2)`,
  conversations: `DELETE FROM conversations WHERE org_id = $1 AND status <> 'active' AND COALESCE(ended_at, created_at) < $2`,
  calls: `DELETE FROM calls WHERE org_id = $1 AND ticket_id IN (SELECT id FROM tickets WHERE org_id = $1 AND status = 'ended' AND ended_at < $2)`,
  tickets: `DELETE FROM tickets WHERE org_id = $1 AND status = 'ended' AND ended_at < $2`,
  bookings: `DELETE FROM bookings WHERE org_id = $1 AND end_at < $2`,
  visitors: `DELETE FROM visitors WHERE org_id = $1 AND COALESCE(last_seen_at, created_at) < $2 AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.visitor_id = visitors.id) AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.visitor_id = visitors.id) AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.visitor_id = visitors.id)`,
} as const;

export interface PostgresStoreOptions {
  /** Connections in this process's pool (default 20). */
  poolSize?: number;
  /** Connections that hold cluster-wide locks, each while its holder works (default 50). */
  lockPoolSize?: number;
}

export class PostgresStore implements Store, ClusterLock {
  readonly #pool: pg.Pool;
  readonly #lockPool: pg.Pool;
  readonly bookings: PostgresBookingStore;
  readonly #chat: PostgresChatStore;
  get chat(): ChatStore {
    return this.#chat;
  }
  #closed = false;

  private constructor(pool: pg.Pool, lockPool: pg.Pool) {
    this.#pool = pool;
    this.#lockPool = lockPool;
    this.bookings = new PostgresBookingStore(pool, (work) => this.#tx(work));
    this.#chat = new PostgresChatStore(pool, (work) => this.#tx(work));
  }

  /** Connects, and brings the schema up to date. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 20 });
    // An idle client losing its server (a restart, a failover) must not take the process down.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await migratePostgres(client);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    const lockPool = new pg.Pool({ connectionString: url, max: options.lockPoolSize ?? 50 });
    lockPool.on('error', () => undefined);
    return new PostgresStore(pool, lockPool);
  }

  async #tx<T>(work: (db: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Holds the cluster-wide lock `key` while `work` runs (a session advisory lock). */
  async hold<T>(key: string, work: () => Promise<T>): Promise<T> {
    const client = await this.#lockPool.connect();
    let broken = false;
    try {
      await client.query(`SELECT pg_advisory_lock(${LOCK_KEY})`, [key]);
      try {
        return await work();
      } finally {
        await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`, [key]).catch(() => {
          // A connection that cannot unlock must not go back to the pool holding the lock.
          broken = true;
        });
      }
    } finally {
      client.release(broken);
    }
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }

  async hasAnyOrg(): Promise<boolean> {
    return (await one(this.#pool, 'SELECT 1 FROM orgs LIMIT 1')) !== null;
  }

  async seedIfEmpty(data: SeedData): Promise<boolean> {
    return this.#tx(async (db) => {
      // Two processes starting on an empty database: the second waits here, then sees the orgs.
      await db.query('LOCK TABLE orgs IN SHARE ROW EXCLUSIVE MODE');
      if (await one(db, 'SELECT 1 FROM orgs LIMIT 1')) return false;
      for (const org of data.orgs) await insertOrg(db, org);
      for (const queue of data.queues) await insertQueue(db, queue);
      for (const agent of data.agents) await insertAgent(db, agent);
      for (const { alias, orgId } of data.orgAliases ?? []) {
        await run(db, 'INSERT INTO org_aliases (alias, org_id) VALUES ($1, $2)', [
          alias.toLowerCase(),
          orgId,
        ]);
      }
      for (const s of data.bookings.services) {
        await run(
          db,
          `INSERT INTO booking_services (org_id, id, name, description, duration_minutes, published, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [s.orgId, s.id, s.name, s.description, s.durationMinutes, s.published ? 1 : 0, s.position],
        );
        for (const agentId of s.agentIds)
          await run(
            db,
            'INSERT INTO booking_service_agents (org_id, service_id, agent_id) VALUES ($1, $2, $3)',
            [s.orgId, s.id, agentId],
          );
      }
      for (const h of data.bookings.workingHours)
        await run(
          db,
          'INSERT INTO agent_working_hours (org_id, agent_id, time_zone, periods) VALUES ($1, $2, $3, $4)',
          [h.orgId, h.agentId, h.timeZone, JSON.stringify(h.periods)],
        );
      return true;
    });
  }

  async getOrg(orgId: string): Promise<OrgRecord | null> {
    const row = await one<OrgRow>(this.#pool, 'SELECT id, name, allowed_origins FROM orgs WHERE id = $1', [
      orgId,
    ]);
    return row ? toOrg(row) : null;
  }

  async listOrgs(): Promise<OrgRecord[]> {
    return (await rows<OrgRow>(this.#pool, 'SELECT id, name, allowed_origins FROM orgs ORDER BY id')).map(
      toOrg,
    );
  }

  async getOrgByAlias(alias: string): Promise<OrgRecord | null> {
    const row = await one<OrgRow>(
      this.#pool,
      `SELECT o.id, o.name, o.allowed_origins FROM org_aliases a JOIN orgs o ON o.id = a.org_id WHERE a.alias = $1`,
      [alias.toLowerCase()],
    );
    return row ? toOrg(row) : null;
  }

  async setOrgAlias(alias: string, orgId: string | null): Promise<void> {
    if (orgId === null) {
      await run(this.#pool, 'DELETE FROM org_aliases WHERE alias = $1', [alias.toLowerCase()]);
      return;
    }
    await run(
      this.#pool,
      `INSERT INTO org_aliases (alias, org_id) VALUES ($1, $2)
       ON CONFLICT (alias) DO UPDATE SET org_id = EXCLUDED.org_id`,
      [alias.toLowerCase(), orgId],
    );
  }

  async purgeBefore(orgId: string, before: string): Promise<PurgeCounts> {
    return this.#tx(async (db) => {
      const counts = {} as PurgeCounts;
      for (const [table, sql] of Object.entries(PURGE)) {
        counts[table as keyof PurgeCounts] = await run(db, sql, [orgId, before]);
      }
      return counts;
    });
  }

  async getOrgSettings(orgId: string): Promise<OrgSettings> {
    const row = await one<{ settings: string }>(
      this.#pool,
      'SELECT settings FROM org_settings WHERE org_id = $1',
      [orgId],
    );
    return row ? (JSON.parse(row.settings) as OrgSettings) : {};
  }

  async putOrgSettings(orgId: string, settings: OrgSettings): Promise<PutOutcome> {
    if (!(await one(this.#pool, 'SELECT 1 FROM orgs WHERE id = $1', [orgId]))) return 'unknown-org';
    const row = await one<{ inserted: boolean }>(
      this.#pool,
      `INSERT INTO org_settings (org_id, settings) VALUES ($1, $2)
       ON CONFLICT (org_id) DO UPDATE SET settings = EXCLUDED.settings
       RETURNING (xmax = 0) AS inserted`,
      [orgId, JSON.stringify(settings)],
    );
    return row?.inserted ? 'created' : 'updated';
  }

  async putOrg(org: OrgRecord): Promise<void> {
    await run(
      this.#pool,
      `INSERT INTO orgs (id, name, allowed_origins) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, allowed_origins = EXCLUDED.allowed_origins`,
      [org.id, org.name, JSON.stringify(org.allowedOrigins)],
    );
  }

  async putQueue(q: QueueRecord): Promise<PutOutcome> {
    return this.#tx(async (db) => {
      if (!(await one(db, 'SELECT 1 FROM orgs WHERE id = $1', [q.orgId]))) return 'unknown-org';
      const updated = await run(
        db,
        `UPDATE queues SET slug = $3, name = $4, time_zone = $5, opening_hours = $6, agent_tag = $7,
         average_handle_seconds = $8 WHERE org_id = $1 AND id = $2`,
        queueValues(q),
      );
      if (updated === 1) return 'updated';
      await insertQueue(db, q);
      return 'created';
    });
  }

  async putAgent(a: AgentRecord & { passwordHash: string }): Promise<PutOutcome> {
    return this.#tx(async (db) => {
      if (!(await one(db, 'SELECT 1 FROM orgs WHERE id = $1', [a.orgId]))) return 'unknown-org';
      const updated = await run(
        db,
        'UPDATE agents SET name = $3, tags = $4, photo_url = $5, password_hash = $6 WHERE org_id = $1 AND id = $2',
        [a.orgId, a.id, a.name, JSON.stringify(a.tags), a.photoUrl, a.passwordHash],
      );
      if (updated === 1) return 'updated';
      await insertAgent(db, a);
      return 'created';
    });
  }

  async setAgentPasswordHash(orgId: string, agentId: string, passwordHash: string): Promise<boolean> {
    return (
      (await run(this.#pool, 'UPDATE agents SET password_hash = $3 WHERE org_id = $1 AND id = $2', [
        orgId,
        agentId,
        passwordHash,
      ])) === 1
    );
  }

  async listQueues(orgId: string): Promise<QueueRecord[]> {
    return (
      await rows<QueueRow>(this.#pool, 'SELECT * FROM queues WHERE org_id = $1 ORDER BY name, id', [orgId])
    ).map(toQueue);
  }

  async getQueue(orgId: string, queueId: string): Promise<QueueRecord | null> {
    const row = await one<QueueRow>(this.#pool, 'SELECT * FROM queues WHERE org_id = $1 AND id = $2', [
      orgId,
      queueId,
    ]);
    return row ? toQueue(row) : null;
  }

  async listAgents(orgId: string): Promise<AgentRecord[]> {
    const found = await rows<AgentRow>(
      this.#pool,
      `SELECT ${AGENT_COLUMNS} FROM agents WHERE org_id = $1 ORDER BY name, id`,
      [orgId],
    );
    return found.map(toAgent);
  }

  async getAgent(orgId: string, agentId: string): Promise<AgentRecord | null> {
    const row = await one<AgentRow>(
      this.#pool,
      `SELECT ${AGENT_COLUMNS} FROM agents WHERE org_id = $1 AND id = $2`,
      [orgId, agentId],
    );
    return row ? toAgent(row) : null;
  }

  async getAgentPasswordHash(orgId: string, agentId: string): Promise<string | null> {
    const row = await one<{ password_hash: string }>(
      this.#pool,
      'SELECT password_hash FROM agents WHERE org_id = $1 AND id = $2',
      [orgId, agentId],
    );
    return row?.password_hash ?? null;
  }

  async setAgentStatus(orgId: string, agentId: string, status: AgentStatus): Promise<void> {
    await run(this.#pool, 'UPDATE agents SET status = $1 WHERE org_id = $2 AND id = $3', [
      status,
      orgId,
      agentId,
    ]);
  }

  async createAgentSession(s: AgentSessionRecord): Promise<void> {
    await run(
      this.#pool,
      `INSERT INTO agent_sessions (id, org_id, agent_id, token_hash, created_at, expires_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [s.id, s.orgId, s.agentId, s.tokenHash, s.createdAt, s.expiresAt, s.revokedAt],
    );
  }

  async getAgentSession(sessionId: string): Promise<AgentSessionRecord | null> {
    const row = await one<SessionRow>(this.#pool, 'SELECT * FROM agent_sessions WHERE id = $1', [sessionId]);
    return row ? toSession(row) : null;
  }

  async findAgentSessionByTokenHash(tokenHash: string): Promise<AgentSessionRecord | null> {
    const row = await one<SessionRow>(this.#pool, 'SELECT * FROM agent_sessions WHERE token_hash = $1', [
      tokenHash,
    ]);
    return row ? toSession(row) : null;
  }

  async revokeAgentSession(sessionId: string, revokedAt: string): Promise<void> {
    await run(this.#pool, 'UPDATE agent_sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
      revokedAt,
      sessionId,
    ]);
  }

  async createVisitor(v: VisitorRecord): Promise<void> {
    await run(
      this.#pool,
      'INSERT INTO visitors (id, org_id, token_hash, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [v.id, v.orgId, v.tokenHash, v.createdAt, v.lastSeenAt ?? v.createdAt],
    );
  }

  async touchVisitor(visitorId: string, at: string): Promise<void> {
    await run(
      this.#pool,
      'UPDATE visitors SET last_seen_at = $1 WHERE id = $2 AND (last_seen_at IS NULL OR last_seen_at < $1)',
      [at, visitorId],
    );
  }

  async hubSecret(name: string, fresh: string): Promise<string> {
    await run(this.#pool, 'INSERT INTO hub_secrets (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      name,
      fresh,
    ]);
    const row = await one<{ value: string }>(this.#pool, 'SELECT value FROM hub_secrets WHERE name = $1', [
      name,
    ]);
    return row!.value;
  }

  async listIdleConversations(before: string, limit: number): Promise<ConversationRecord[]> {
    const found = await rows<ConversationRow>(
      this.#pool,
      `SELECT ${CONVERSATION_COLUMNS.map((col) => `c.${col}`).join(', ')} FROM conversations c
       WHERE c.status IN ('waiting', 'active')
         AND COALESCE((SELECT MAX(m.sent_at) FROM messages m WHERE m.conversation_id = c.id), c.created_at) < $1
       ORDER BY c.created_at LIMIT $2`,
      [before, limit],
    );
    return found.map(toConversation);
  }

  async findVisitorByTokenHash(tokenHash: string): Promise<VisitorRecord | null> {
    const row = await one<VisitorRow>(this.#pool, 'SELECT * FROM visitors WHERE token_hash = $1', [
      tokenHash,
    ]);
    return row ? toVisitor(row) : null;
  }

  async createTicket(ticket: TicketRecord): Promise<CreateTicketOutcome> {
    return this.#tx((db) => insertTicket(db, ticket));
  }

  async updateTicket(ticket: TicketRecord): Promise<void> {
    await runNamed(this.#pool, UPDATE_TICKET, ticketParams(ticket));
  }

  async rejoinTicket(previous: TicketRecord, next: TicketRecord): Promise<CreateTicketOutcome> {
    return this.#tx(async (db) => {
      const outcome = await insertTicket(db, next);
      if (outcome === 'created') await runNamed(db, UPDATE_TICKET, ticketParams(previous));
      return outcome;
    });
  }

  async getTicket(orgId: string, ticketId: string): Promise<TicketRecord | null> {
    const row = await one<TicketRow>(this.#pool, 'SELECT * FROM tickets WHERE org_id = $1 AND id = $2', [
      orgId,
      ticketId,
    ]);
    return row ? toTicket(row) : null;
  }

  async listLiveTickets(): Promise<TicketRecord[]> {
    return (
      await rows<TicketRow>(this.#pool, `SELECT * FROM tickets WHERE status <> 'ended' ${TICKET_ORDER}`)
    ).map(toTicket);
  }

  async listLiveTicketsOf(orgId: string): Promise<TicketRecord[]> {
    const found = await rows<TicketRow>(
      this.#pool,
      `SELECT * FROM tickets WHERE status <> 'ended' AND org_id = $1 ${TICKET_ORDER}`,
      [orgId],
    );
    return found.map(toTicket);
  }

  async maxTicketSeq(): Promise<number> {
    const row = await one<{ max: number | null }>(this.#pool, 'SELECT MAX(seq) AS max FROM tickets');
    return row?.max ?? 0;
  }

  async startCall(ticket: TicketRecord, call: CallRecord): Promise<StartCallOutcome> {
    try {
      return await this.#tx(async (db): Promise<StartCallOutcome> => {
        const busy = await one(
          db,
          'SELECT 1 FROM calls WHERE org_id = $1 AND agent_id = $2 AND ended_at IS NULL',
          [call.orgId, call.agentId],
        );
        if (busy) return 'agent-busy';
        // The row lock makes a second taker wait, then find the ticket no longer waiting.
        if ((await runNamed(db, `${UPDATE_TICKET} AND status = 'waiting'`, ticketParams(ticket))) !== 1)
          return 'ticket-taken';
        await runNamed(db, INSERT_CALL, callParams(call));
        return 'started';
      });
    } catch (error) {
      // The agent started another call in another process at the same moment.
      if (isUniqueViolation(error)) return 'agent-busy';
      throw error;
    }
  }

  async endCall(call: CallRecord, ticket: TicketRecord): Promise<void> {
    await this.#tx(async (db) => {
      await runNamed(db, UPDATE_CALL, callParams(call));
      await runNamed(db, UPDATE_TICKET, ticketParams(ticket));
    });
  }

  async getCall(orgId: string, callId: string): Promise<CallRecord | null> {
    const row = await one<CallRow>(this.#pool, 'SELECT * FROM calls WHERE org_id = $1 AND id = $2', [
      orgId,
      callId,
    ]);
    return row ? toCall(row) : null;
  }

  async listActiveCalls(): Promise<CallRecord[]> {
    return (
      await rows<CallRow>(this.#pool, 'SELECT * FROM calls WHERE ended_at IS NULL ORDER BY started_at')
    ).map(toCall);
  }

  async listActiveCallsOf(orgId: string): Promise<CallRecord[]> {
    const found = await rows<CallRow>(
      this.#pool,
      'SELECT * FROM calls WHERE ended_at IS NULL AND org_id = $1 ORDER BY started_at',
      [orgId],
    );
    return found.map(toCall);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([this.#pool.end(), this.#lockPool.end()]);
  }
}

function queueValues(q: QueueRecord): unknown[] {
  return [
    q.orgId,
    q.id,
    q.slug,
    q.name,
    q.timeZone,
    q.openingHours === null ? null : JSON.stringify(q.openingHours),
    q.agentTag,
    q.averageHandleSeconds,
  ];
}

async function insertOrg(db: Queryable, org: OrgRecord): Promise<void> {
  await run(db, 'INSERT INTO orgs (id, name, allowed_origins) VALUES ($1, $2, $3)', [
    org.id,
    org.name,
    JSON.stringify(org.allowedOrigins),
  ]);
}

async function insertQueue(db: Queryable, q: QueueRecord): Promise<void> {
  await run(
    db,
    `INSERT INTO queues (org_id, id, slug, name, time_zone, opening_hours, agent_tag, average_handle_seconds)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    queueValues(q),
  );
}

async function insertAgent(db: Queryable, a: AgentRecord & { passwordHash: string }): Promise<void> {
  await run(
    db,
    'INSERT INTO agents (org_id, id, name, tags, photo_url, status, password_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [a.orgId, a.id, a.name, JSON.stringify(a.tags), a.photoUrl, a.status, a.passwordHash],
  );
}

/** Inserts unless the visitor has a live ticket (the partial unique index decides, atomically). */
async function insertTicket(db: Queryable, ticket: TicketRecord): Promise<CreateTicketOutcome> {
  const q = named(
    `${INSERT_TICKET} ON CONFLICT (org_id, visitor_id) WHERE status <> 'ended' DO NOTHING`,
    ticketParams(ticket),
  );
  return (await run(db, q.text, q.values)) === 1 ? 'created' : 'visitor-has-live-ticket';
}

type Transact = <T>(work: (db: PoolClient) => Promise<T>) => Promise<T>;

class PostgresChatStore implements ChatStore {
  readonly #pool: pg.Pool;
  readonly #tx: Transact;

  constructor(pool: pg.Pool, tx: Transact) {
    this.#pool = pool;
    this.#tx = tx;
  }

  async startConversation(
    c: ConversationRecord,
  ): Promise<{ conversation: ConversationRecord; created: boolean }> {
    return this.#tx(async (db) => {
      const q = named(
        `${INSERT_CONVERSATION} ON CONFLICT (org_id, visitor_id, scope) WHERE status IN ('waiting', 'active') DO NOTHING`,
        conversationParams(c),
      );
      if ((await run(db, q.text, q.values)) === 1) return { conversation: c, created: true };
      const existing = await this.#findActive(db, c.orgId, c.visitorId, c.scope);
      if (!existing) throw new Error(`conversation ${c.id}: neither inserted nor found`);
      return { conversation: existing, created: false };
    });
  }

  async createOfflineConversation(c: ConversationRecord, first: MessageDraft): Promise<MessageRecord> {
    return this.#tx(async (db) => {
      await runNamed(db, INSERT_CONVERSATION, conversationParams(c));
      return store(db, first);
    });
  }

  async getConversation(orgId: string, conversationId: string): Promise<ConversationRecord | null> {
    const row = await one<ConversationRow>(
      this.#pool,
      `${CONVERSATION_SELECT} WHERE org_id = $1 AND id = $2`,
      [orgId, conversationId],
    );
    return row ? toConversation(row) : null;
  }

  findActiveConversation(
    orgId: string,
    visitorId: string,
    scope: string,
  ): Promise<ConversationRecord | null> {
    return this.#findActive(this.#pool, orgId, visitorId, scope);
  }

  async #findActive(
    db: Queryable,
    orgId: string,
    visitorId: string,
    scope: string,
  ): Promise<ConversationRecord | null> {
    const row = await one<ConversationRow>(
      db,
      `${CONVERSATION_SELECT} WHERE org_id = $1 AND visitor_id = $2 AND scope = $3 AND status IN ('waiting', 'active')`,
      [orgId, visitorId, scope],
    );
    return row ? toConversation(row) : null;
  }

  async findOfflineConversation(
    orgId: string,
    visitorId: string,
    scope: string,
    text: string,
  ): Promise<ConversationRecord | null> {
    const row = await one<ConversationRow>(
      this.#pool,
      `SELECT ${CONVERSATION_COLUMNS.map((col) => `c.${col}`).join(', ')}
       FROM conversations c JOIN messages m ON m.conversation_id = c.id AND m.seq = 1
       WHERE c.org_id = $1 AND c.visitor_id = $2 AND c.scope = $3 AND c.status = 'offline' AND m.text = $4
       ORDER BY c.created_at DESC LIMIT 1`,
      [orgId, visitorId, scope, text],
    );
    return row ? toConversation(row) : null;
  }

  async countOpenConversationsOf(orgId: string, visitorId: string): Promise<number> {
    const row = await one<{ n: string }>(
      this.#pool,
      "SELECT COUNT(*) AS n FROM conversations WHERE org_id = $1 AND visitor_id = $2 AND status IN ('waiting', 'active')",
      [orgId, visitorId],
    );
    return Number(row?.n ?? 0);
  }

  async listOpenConversations(orgId: string): Promise<ConversationRecord[]> {
    const found = await rows<ConversationRow>(
      this.#pool,
      `${CONVERSATION_SELECT} WHERE org_id = $1 AND status <> 'ended' ORDER BY created_at, pos`,
      [orgId],
    );
    return found.map(toConversation);
  }

  async updateConversation(c: ConversationRecord): Promise<void> {
    await runNamed(this.#pool, UPDATE_CONVERSATION, conversationParams(c));
  }

  async takeConversation(c: ConversationRecord): Promise<boolean> {
    return (
      (await runNamed(
        this.#pool,
        `${UPDATE_CONVERSATION} AND status IN ('waiting', 'offline')`,
        conversationParams(c),
      )) === 1
    );
  }

  async appendMessage(draft: MessageDraft, change?: ConversationRecord): Promise<AppendOutcome> {
    try {
      return await this.#tx(async (db): Promise<AppendOutcome> => {
        const existing = await this.#message(db, draft.conversationId, draft.messageId);
        if (existing) return { message: existing, created: false };
        const message = await store(db, draft);
        if (change) await runNamed(db, UPDATE_CONVERSATION, conversationParams(change));
        return { message, created: true };
      });
    } catch (error) {
      // The same message stored at the same moment through another process: a resend.
      if (!isUniqueViolation(error)) throw error;
      const stored = await this.#message(this.#pool, draft.conversationId, draft.messageId);
      if (!stored) throw error;
      return { message: stored, created: false };
    }
  }

  getMessage(conversationId: string, messageId: string): Promise<MessageRecord | null> {
    return this.#message(this.#pool, conversationId, messageId);
  }

  async #message(db: Queryable, conversationId: string, messageId: string): Promise<MessageRecord | null> {
    const row = await one<MessageRow>(
      db,
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND message_id = $2`,
      [conversationId, messageId],
    );
    return row ? toMessage(row) : null;
  }

  async listMessages(
    conversationId: string,
    afterSeq: number,
    limit: number,
    withCommands: boolean,
  ): Promise<MessageRecord[]> {
    const found = await rows<MessageRow>(
      this.#pool,
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND seq > $2
       ${withCommands ? '' : "AND kind <> 'command'"} ORDER BY seq LIMIT $3`,
      [conversationId, afterSeq, limit],
    );
    return found.map(toMessage);
  }
}

/** Gives the message the conversation's next seq (the row lock orders concurrent writers). */
async function store(db: Queryable, draft: MessageDraft): Promise<MessageRecord> {
  const bumped = await one<{ last_seq: number }>(
    db,
    'UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq',
    [draft.conversationId],
  );
  if (!bumped) throw new Error(`no conversation ${draft.conversationId}`);
  await runNamed(db, INSERT_MESSAGE, messageParams(draft, bumped.last_seq));
  return { ...draft, seq: bumped.last_seq };
}

class PostgresBookingStore implements BookingStore {
  readonly #pool: pg.Pool;
  readonly #tx: Transact;

  constructor(pool: pg.Pool, tx: Transact) {
    this.#pool = pool;
    this.#tx = tx;
  }

  async putBookingService(service: BookingServiceRecord): Promise<void> {
    await this.#tx(async (db) => {
      await run(
        db,
        `INSERT INTO booking_services (org_id, id, name, description, duration_minutes, published, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (org_id, id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
           duration_minutes = EXCLUDED.duration_minutes, published = EXCLUDED.published, position = EXCLUDED.position`,
        [
          service.orgId,
          service.id,
          service.name,
          service.description,
          service.durationMinutes,
          service.published ? 1 : 0,
          service.position,
        ],
      );
      await run(db, 'DELETE FROM booking_service_agents WHERE org_id = $1 AND service_id = $2', [
        service.orgId,
        service.id,
      ]);
      for (const agentId of service.agentIds) {
        await run(
          db,
          'INSERT INTO booking_service_agents (org_id, service_id, agent_id) VALUES ($1, $2, $3)',
          [service.orgId, service.id, agentId],
        );
      }
    });
  }

  async putWorkingHours(hours: WorkingHoursRecord): Promise<void> {
    await run(
      this.#pool,
      `INSERT INTO agent_working_hours (org_id, agent_id, time_zone, periods) VALUES ($1, $2, $3, $4)
       ON CONFLICT (org_id, agent_id) DO UPDATE SET time_zone = EXCLUDED.time_zone, periods = EXCLUDED.periods`,
      [hours.orgId, hours.agentId, hours.timeZone, JSON.stringify(hours.periods)],
    );
  }

  async listBookingServices(orgId: string): Promise<BookingServiceRecord[]> {
    const agents = await rows<ServiceAgentRow>(
      this.#pool,
      'SELECT service_id, agent_id FROM booking_service_agents WHERE org_id = $1 ORDER BY agent_id',
      [orgId],
    );
    const agentIds = new Map<string, string[]>();
    for (const row of agents) {
      const list = agentIds.get(row.service_id);
      if (list) list.push(row.agent_id);
      else agentIds.set(row.service_id, [row.agent_id]);
    }
    const services = await rows<ServiceRow>(
      this.#pool,
      'SELECT * FROM booking_services WHERE org_id = $1 ORDER BY position, id',
      [orgId],
    );
    return services.map((row) => toService(row, agentIds.get(row.id) ?? []));
  }

  async getBookingService(orgId: string, serviceId: string): Promise<BookingServiceRecord | null> {
    const row = await one<ServiceRow>(
      this.#pool,
      'SELECT * FROM booking_services WHERE org_id = $1 AND id = $2',
      [orgId, serviceId],
    );
    if (!row) return null;
    const agents = await rows<{ agent_id: string }>(
      this.#pool,
      'SELECT agent_id FROM booking_service_agents WHERE org_id = $1 AND service_id = $2 ORDER BY agent_id',
      [orgId, serviceId],
    );
    return toService(
      row,
      agents.map((a) => a.agent_id),
    );
  }

  async listWorkingHours(orgId: string, agentIds: readonly string[]): Promise<WorkingHoursRecord[]> {
    const found = await rows<HoursRow>(
      this.#pool,
      'SELECT * FROM agent_working_hours WHERE org_id = $1 AND agent_id = ANY($2::text[]) ORDER BY agent_id',
      [orgId, [...agentIds]],
    );
    return found.map(toHours);
  }

  async listConfirmedBookings(
    orgId: string,
    agentIds: readonly string[],
    from: string,
    until: string,
  ): Promise<BookingRecord[]> {
    return (await this.#overlapping(this.#pool, orgId, agentIds, from, until)).map(toBooking);
  }

  #overlapping(db: Queryable, orgId: string, agentIds: readonly string[], from: string, until: string) {
    return rows<BookingRow>(
      db,
      `SELECT * FROM bookings WHERE org_id = $1 AND agent_id = ANY($2::text[]) AND status = 'confirmed'
       AND start_at < $3 AND end_at > $4 ORDER BY start_at, agent_id`,
      [orgId, [...agentIds], until, from],
    );
  }

  async createBooking(booking: BookingRecord): Promise<CreateBookingOutcome> {
    try {
      return await this.#tx(async (db): Promise<CreateBookingOutcome> => {
        // One writer per agent at a time, in whichever process: the overlap check then holds.
        await db.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`, [
          `booking:${booking.orgId}:${booking.agentId}`,
        ]);
        const overlapping = await this.#overlapping(
          db,
          booking.orgId,
          [booking.agentId],
          booking.start,
          booking.end,
        );
        if (overlapping.length > 0) return 'conflict';
        await runNamed(db, INSERT_BOOKING, bookingParams(booking));
        return 'created';
      });
    } catch (error) {
      if (isUniqueViolation(error)) return 'conflict';
      throw error;
    }
  }

  async getBooking(orgId: string, bookingId: string): Promise<BookingRecord | null> {
    const row = await one<BookingRow>(this.#pool, 'SELECT * FROM bookings WHERE org_id = $1 AND id = $2', [
      orgId,
      bookingId,
    ]);
    return row ? toBooking(row) : null;
  }

  async findBookingByConnectId(orgId: string, connectId: string): Promise<BookingRecord | null> {
    const row = await one<BookingRow>(
      this.#pool,
      'SELECT * FROM bookings WHERE org_id = $1 AND connect_id = $2',
      [orgId, connectId],
    );
    return row ? toBooking(row) : null;
  }

  async listAgentBookings(orgId: string, agentId: string, since: string): Promise<BookingRecord[]> {
    const found = await rows<BookingRow>(
      this.#pool,
      'SELECT * FROM bookings WHERE org_id = $1 AND agent_id = $2 AND start_at >= $3 ORDER BY start_at, id',
      [orgId, agentId, since],
    );
    return found.map(toBooking);
  }

  async cancelBooking(orgId: string, bookingId: string, cancelledAt: string): Promise<boolean> {
    const changed = await run(
      this.#pool,
      `UPDATE bookings SET status = 'cancelled', cancelled_at = $1
       WHERE org_id = $2 AND id = $3 AND status = 'confirmed'`,
      [cancelledAt, orgId, bookingId],
    );
    return changed === 1;
  }
}
