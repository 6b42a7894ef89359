/**
 * Numbered schema migrations for the Postgres store: the same tables, columns and guards as the
 * SQLite migrations (sqlite-migrations.ts), so both stores share their row mapping. Append only;
 * applied ones are recorded in `migrations`. Two processes starting at once on an empty database
 * take turns on an advisory lock, so each migration runs once.
 *
 * Text columns sort byte-wise (`COLLATE "C"`), as SQLite does, so listings come out in the same
 * order on both stores whatever the database's locale. JSON stays text: the stores write it from
 * typed records and read it back the same way.
 */
import type { PoolClient } from 'pg';

import type { Migration } from './sqlite-migrations.js';

const T = 'TEXT COLLATE "C"';

export const postgresMigrations: readonly Migration[] = [
  {
    id: 1,
    name: 'orgs, queues, agents, sessions, visitors',
    sql: `
      CREATE TABLE orgs (
        id ${T} PRIMARY KEY,
        name ${T} NOT NULL,
        allowed_origins ${T} NOT NULL
      );
      CREATE TABLE queues (
        org_id ${T} NOT NULL REFERENCES orgs(id),
        id ${T} NOT NULL,
        slug ${T} NOT NULL,
        name ${T} NOT NULL,
        time_zone ${T} NOT NULL,
        opening_hours ${T},
        agent_tag ${T},
        average_handle_seconds INTEGER NOT NULL,
        PRIMARY KEY (org_id, id)
      );
      CREATE TABLE agents (
        org_id ${T} NOT NULL REFERENCES orgs(id),
        id ${T} NOT NULL,
        name ${T} NOT NULL,
        tags ${T} NOT NULL,
        photo_url ${T} NOT NULL,
        status ${T} NOT NULL CHECK (status IN ('online', 'offline', 'busy')),
        password_hash ${T} NOT NULL,
        PRIMARY KEY (org_id, id)
      );
      CREATE INDEX agents_by_id ON agents(id);
      CREATE TABLE agent_sessions (
        id ${T} PRIMARY KEY,
        org_id ${T} NOT NULL,
        agent_id ${T} NOT NULL,
        token_hash ${T} NOT NULL UNIQUE,
        created_at ${T} NOT NULL,
        expires_at ${T} NOT NULL,
        revoked_at ${T},
        FOREIGN KEY (org_id, agent_id) REFERENCES agents(org_id, id)
      );
      CREATE TABLE visitors (
        id ${T} PRIMARY KEY,
        org_id ${T} NOT NULL REFERENCES orgs(id),
        token_hash ${T} NOT NULL UNIQUE,
        created_at ${T} NOT NULL
      );
    `,
  },
  {
    id: 2,
    name: 'tickets and calls',
    sql: `
      CREATE TABLE tickets (
        org_id ${T} NOT NULL REFERENCES orgs(id),
        id ${T} NOT NULL,
        queue_id ${T} NOT NULL,
        visitor_id ${T} NOT NULL REFERENCES visitors(id),
        status ${T} NOT NULL CHECK (status IN ('waiting', 'in-call', 'ended')),
        priority INTEGER NOT NULL CHECK (priority IN (0, 1)),
        joined_at ${T} NOT NULL,
        seq INTEGER NOT NULL,
        call_agent_id ${T},
        product_ids ${T} NOT NULL,
        agent_tags ${T} NOT NULL,
        data ${T} NOT NULL,
        tracking_tags ${T} NOT NULL,
        call_id ${T},
        end_reason ${T} CHECK (end_reason IN ('left-queue', 'visitor-left', 'call-ended')),
        ended_at ${T},
        can_rejoin INTEGER NOT NULL CHECK (can_rejoin IN (0, 1)),
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, queue_id) REFERENCES queues(org_id, id),
        FOREIGN KEY (org_id, call_agent_id) REFERENCES agents(org_id, id)
      );
      CREATE UNIQUE INDEX tickets_live_per_visitor ON tickets(org_id, visitor_id) WHERE status <> 'ended';
      CREATE INDEX tickets_live ON tickets(org_id, status) WHERE status <> 'ended';
      CREATE TABLE calls (
        org_id ${T} NOT NULL REFERENCES orgs(id),
        id ${T} NOT NULL,
        ticket_id ${T} NOT NULL,
        agent_id ${T} NOT NULL,
        started_at ${T} NOT NULL,
        ended_at ${T},
        end_reason ${T} CHECK (end_reason IN
          ('visitor-hung-up', 'agent-hung-up', 'agent-left', 'visitor-left', 'transferred')),
        transferred_to_agent ${T},
        transferred_to_queue ${T},
        agent_status_before ${T} NOT NULL CHECK (agent_status_before IN ('online', 'offline', 'busy')),
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, ticket_id) REFERENCES tickets(org_id, id),
        FOREIGN KEY (org_id, agent_id) REFERENCES agents(org_id, id)
      );
      CREATE UNIQUE INDEX calls_running_per_agent ON calls(org_id, agent_id) WHERE ended_at IS NULL;
      CREATE UNIQUE INDEX calls_running_per_ticket ON calls(org_id, ticket_id) WHERE ended_at IS NULL;
    `,
  },
  {
    id: 3,
    name: 'conversations and messages',
    // `pos` stands in for SQLite's rowid: conversations created in one millisecond keep their order.
    sql: `
      CREATE TABLE conversations (
        id ${T} PRIMARY KEY,
        pos BIGSERIAL NOT NULL,
        org_id ${T} NOT NULL REFERENCES orgs(id),
        queue_id ${T} NOT NULL,
        visitor_id ${T} NOT NULL REFERENCES visitors(id),
        scope ${T} NOT NULL,
        status ${T} NOT NULL CHECK (status IN ('waiting', 'active', 'ended', 'offline')),
        visitor_info ${T} NOT NULL,
        agent_id ${T},
        preset ${T},
        locale ${T},
        details ${T} NOT NULL,
        created_at ${T} NOT NULL,
        ended_at ${T},
        last_seq INTEGER NOT NULL,
        read_seq_visitor INTEGER NOT NULL,
        read_seq_agent INTEGER NOT NULL,
        FOREIGN KEY (org_id, queue_id) REFERENCES queues(org_id, id),
        FOREIGN KEY (org_id, agent_id) REFERENCES agents(org_id, id)
      );
      CREATE UNIQUE INDEX conversations_active_per_scope
        ON conversations(org_id, visitor_id, scope) WHERE status IN ('waiting', 'active');
      CREATE INDEX conversations_open ON conversations(org_id, created_at) WHERE status <> 'ended';
      CREATE INDEX conversations_of_visitor ON conversations(org_id, visitor_id, scope, status);
      CREATE TABLE messages (
        conversation_id ${T} NOT NULL REFERENCES conversations(id),
        seq INTEGER NOT NULL,
        message_id ${T} NOT NULL,
        "from" ${T} NOT NULL CHECK ("from" IN ('visitor', 'agent', 'system')),
        agent_id ${T},
        agent_name ${T},
        text ${T} NOT NULL,
        kind ${T} NOT NULL CHECK (kind IN ('text', 'command', 'notice')),
        sent_at ${T} NOT NULL,
        PRIMARY KEY (conversation_id, seq),
        UNIQUE (conversation_id, message_id)
      );
    `,
  },
  {
    id: 4,
    name: 'booking services, working hours and bookings',
    // No demo rows here (SQLite's migration 4 adds them to demo databases that predate bookings):
    // a Postgres record is always new enough to get them from the seed.
    sql: `
      CREATE TABLE booking_services (
        org_id ${T} NOT NULL REFERENCES orgs(id),
        id ${T} NOT NULL,
        name ${T} NOT NULL,
        description ${T} NOT NULL,
        duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
        published INTEGER NOT NULL CHECK (published IN (0, 1)),
        position INTEGER NOT NULL,
        PRIMARY KEY (org_id, id)
      );
      CREATE TABLE booking_service_agents (
        org_id ${T} NOT NULL,
        service_id ${T} NOT NULL,
        agent_id ${T} NOT NULL,
        PRIMARY KEY (org_id, service_id, agent_id),
        FOREIGN KEY (org_id, service_id) REFERENCES booking_services(org_id, id),
        FOREIGN KEY (org_id, agent_id) REFERENCES agents(org_id, id)
      );
      CREATE TABLE agent_working_hours (
        org_id ${T} NOT NULL,
        agent_id ${T} NOT NULL,
        time_zone ${T} NOT NULL,
        periods ${T} NOT NULL,
        PRIMARY KEY (org_id, agent_id),
        FOREIGN KEY (org_id, agent_id) REFERENCES agents(org_id, id)
      );
      CREATE TABLE bookings (
        org_id ${T} NOT NULL,
        id ${T} NOT NULL,
        service_id ${T} NOT NULL,
        agent_id ${T} NOT NULL,
        visitor_id ${T} NOT NULL REFERENCES visitors(id),
        start_at ${T} NOT NULL,
        end_at ${T} NOT NULL,
        status ${T} NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
        connect_id ${T} NOT NULL UNIQUE,
        visitor_name ${T} NOT NULL,
        visitor_email ${T} NOT NULL,
        visitor_phone ${T} NOT NULL,
        time_zone ${T} NOT NULL,
        created_at ${T} NOT NULL,
        cancelled_at ${T},
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, service_id) REFERENCES booking_services(org_id, id),
        FOREIGN KEY (org_id, agent_id) REFERENCES agents(org_id, id)
      );
      CREATE UNIQUE INDEX bookings_confirmed_start ON bookings(org_id, agent_id, start_at)
        WHERE status = 'confirmed';
      CREATE INDEX bookings_of_agent ON bookings(org_id, agent_id, start_at);
    `,
  },
  {
    id: 5,
    name: 'org aliases',
    // Another name an org answers to (a vendor's account id), stored lower-cased.
    sql: `
      CREATE TABLE org_aliases (
        alias ${T} PRIMARY KEY,
        org_id ${T} NOT NULL REFERENCES orgs(id)
      );
      CREATE INDEX org_aliases_of_org ON org_aliases(org_id);
    `,
  },
  {
    id: 6,
    name: 'org settings',
    sql: `
      CREATE TABLE org_settings (
        org_id ${T} PRIMARY KEY REFERENCES orgs(id),
        settings ${T} NOT NULL
      );
    `,
  },
  {
    id: 7,
    name: "visitors' last activity",
    sql: `
      ALTER TABLE visitors ADD COLUMN last_seen_at ${T};
      UPDATE visitors SET last_seen_at = created_at;
    `,
  },
  {
    id: 8,
    name: 'hub secrets',
    // Secrets of the whole deployment, made once by the first process (SQLite's migration 9).
    sql: `
      CREATE TABLE hub_secrets (
        name ${T} PRIMARY KEY,
        value ${T} NOT NULL
      );
    `,
  },
];

/** Any constant: the key of the advisory lock migrations run under. */
const MIGRATION_LOCK = 7_340_001;

/** Applies, in order and each in its own transaction, the migrations not yet recorded. */
export async function migratePostgres(client: PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS migrations (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const { rows } = await client.query<{ id: number }>('SELECT id FROM migrations');
    const applied = new Set(rows.map((row) => Number(row.id)));
    for (const migration of postgresMigrations) {
      if (applied.has(migration.id)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO migrations (id, name, applied_at) VALUES ($1, $2, $3)', [
          migration.id,
          migration.name,
          new Date().toISOString(),
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
