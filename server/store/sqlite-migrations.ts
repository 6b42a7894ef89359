/**
 * Numbered schema migrations for the SQLite store. Append only: a migration that has shipped is
 * never edited, a change is a new entry. Applied ones are recorded in the `migrations` table.
 */
import type { Database } from 'better-sqlite3';

import { bookingMigration } from './sqlite-booking-migration.js';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    id: 1,
    name: 'orgs, queues, agents, sessions, visitors',
    sql: `
      CREATE TABLE orgs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        allowed_origins TEXT NOT NULL -- JSON array of patterns
      ) STRICT;

      CREATE TABLE queues (
        org_id TEXT NOT NULL REFERENCES orgs(id),
        id TEXT NOT NULL,
        slug TEXT NOT NULL,
        name TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        opening_hours TEXT, -- JSON array of periods; NULL = always open
        agent_tag TEXT,
        average_handle_seconds INTEGER NOT NULL,
        PRIMARY KEY (org_id, id)
      ) STRICT;

      CREATE TABLE agents (
        org_id TEXT NOT NULL REFERENCES orgs(id),
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        tags TEXT NOT NULL, -- JSON array
        photo_url TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('online', 'offline', 'busy')),
        password_hash TEXT NOT NULL,
        PRIMARY KEY (org_id, id)
      ) STRICT;
      CREATE INDEX agents_by_id ON agents(id);

      CREATE TABLE agent_sessions (
        id TEXT PRIMARY KEY,
        org_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT,
        FOREIGN KEY (org_id, agent_id) REFERENCES agents(org_id, id)
      ) STRICT;

      CREATE TABLE visitors (
        id TEXT PRIMARY KEY,
        org_id TEXT NOT NULL REFERENCES orgs(id),
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    id: 2,
    name: 'tickets and calls',
    // The partial unique indexes are the last word on "one live ticket per visitor" and "one running
    // call per agent and per ticket", even with several hub processes on one database.
    sql: `
      CREATE TABLE tickets (
        org_id TEXT NOT NULL REFERENCES orgs(id),
        id TEXT NOT NULL,
        queue_id TEXT NOT NULL,
        visitor_id TEXT NOT NULL REFERENCES visitors(id),
        status TEXT NOT NULL CHECK (status IN ('waiting', 'in-call', 'ended')),
        priority INTEGER NOT NULL CHECK (priority IN (0, 1)),
        joined_at TEXT NOT NULL,
        seq INTEGER NOT NULL,
        call_agent_id TEXT,
        product_ids TEXT NOT NULL, -- JSON array of strings
        agent_tags TEXT NOT NULL, -- JSON array of strings
        data TEXT NOT NULL, -- JSON object
        tracking_tags TEXT NOT NULL, -- JSON array of {key, value}
        call_id TEXT,
        end_reason TEXT CHECK (end_reason IN ('left-queue', 'visitor-left', 'call-ended')),
        ended_at TEXT,
        can_rejoin INTEGER NOT NULL CHECK (can_rejoin IN (0, 1)),
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, queue_id) REFERENCES queues(org_id, id),
        FOREIGN KEY (org_id, call_agent_id) REFERENCES agents(org_id, id)
      ) STRICT;
      CREATE UNIQUE INDEX tickets_live_per_visitor ON tickets(org_id, visitor_id) WHERE status <> 'ended';
      CREATE INDEX tickets_live ON tickets(status) WHERE status <> 'ended';

      CREATE TABLE calls (
        org_id TEXT NOT NULL REFERENCES orgs(id),
        id TEXT NOT NULL,
        ticket_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        end_reason TEXT CHECK (end_reason IN
          ('visitor-hung-up', 'agent-hung-up', 'agent-left', 'visitor-left', 'transferred')),
        transferred_to_agent TEXT,
        transferred_to_queue TEXT,
        agent_status_before TEXT NOT NULL CHECK (agent_status_before IN ('online', 'offline', 'busy')),
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, ticket_id) REFERENCES tickets(org_id, id),
        FOREIGN KEY (org_id, agent_id) REFERENCES agents(org_id, id)
      ) STRICT;
      CREATE UNIQUE INDEX calls_running_per_agent ON calls(org_id, agent_id) WHERE ended_at IS NULL;
      CREATE UNIQUE INDEX calls_running_per_ticket ON calls(org_id, ticket_id) WHERE ended_at IS NULL;
    `,
  },
  {
    id: 3,
    name: 'conversations and messages',
    // The partial unique index is the last word on "one active conversation per visitor and
    // scope". Messages are keyed by (conversation, seq) without a rowid, so history after a seq is
    // one range scan; the second key makes a client's messageId unique per conversation.
    sql: `
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        org_id TEXT NOT NULL REFERENCES orgs(id),
        queue_id TEXT NOT NULL,
        visitor_id TEXT NOT NULL REFERENCES visitors(id),
        scope TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('waiting', 'active', 'ended', 'offline')),
        visitor_info TEXT NOT NULL, -- JSON object
        agent_id TEXT,
        preset TEXT,
        locale TEXT,
        details TEXT NOT NULL, -- JSON: fields, forms, category, meta, assignedTo, notifications, mentions
        created_at TEXT NOT NULL,
        ended_at TEXT,
        last_seq INTEGER NOT NULL,
        read_seq_visitor INTEGER NOT NULL,
        read_seq_agent INTEGER NOT NULL,
        FOREIGN KEY (org_id, queue_id) REFERENCES queues(org_id, id),
        FOREIGN KEY (org_id, agent_id) REFERENCES agents(org_id, id)
      ) STRICT;
      CREATE UNIQUE INDEX conversations_active_per_scope
        ON conversations(org_id, visitor_id, scope) WHERE status IN ('waiting', 'active');
      CREATE INDEX conversations_open ON conversations(org_id, created_at) WHERE status <> 'ended';
      CREATE INDEX conversations_of_visitor ON conversations(org_id, visitor_id, scope, status);

      CREATE TABLE messages (
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        seq INTEGER NOT NULL,
        message_id TEXT NOT NULL,
        "from" TEXT NOT NULL CHECK ("from" IN ('visitor', 'agent', 'system')),
        agent_id TEXT,
        agent_name TEXT,
        text TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('text', 'command', 'notice')),
        sent_at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq),
        UNIQUE (conversation_id, message_id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  // Bookings: in their own file, as their demo data makes the entry long.
  bookingMigration,
  {
    id: 5,
    name: 'org aliases',
    // Another name an org answers to, such as the account id of the vendor a shop switches from
    // (a mluvii company GUID, a Bambuser orgId). Stored lower-cased: GUIDs come in either case.
    sql: `
      CREATE TABLE org_aliases (
        alias TEXT PRIMARY KEY,
        org_id TEXT NOT NULL REFERENCES orgs(id)
      ) STRICT;
      CREATE INDEX org_aliases_of_org ON org_aliases(org_id);
    `,
  },
  {
    id: 6,
    name: 'org settings',
    sql: `
      CREATE TABLE org_settings (
        org_id TEXT PRIMARY KEY REFERENCES orgs(id),
        settings TEXT NOT NULL -- JSON OrgSettings
      ) STRICT;
    `,
  },
  {
    id: 7,
    name: "visitors' last activity",
    sql: `
      ALTER TABLE visitors ADD COLUMN last_seen_at TEXT;
      UPDATE visitors SET last_seen_at = created_at;
    `,
  },
  {
    id: 8,
    name: 'message log',
    // The write-behind log of chat messages (sqlite-message-log.ts): appended to without an index,
    // moved into `messages` in bulk. Same columns and checks as `messages`.
    sql: `
      CREATE TABLE message_log (
        conversation_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        message_id TEXT NOT NULL,
        "from" TEXT NOT NULL CHECK ("from" IN ('visitor', 'agent', 'system')),
        agent_id TEXT,
        agent_name TEXT,
        text TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('text', 'command', 'notice')),
        sent_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    id: 9,
    name: 'hub secrets',
    // Secrets of the whole deployment (the key visitor tokens are signed with), made once by the
    // first process and read by every other; `value` is base64url.
    sql: `
      CREATE TABLE hub_secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
];

/** Applies, in order and each in its own transaction, the migrations not yet recorded. */
export function migrate(db: Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = new Set(
    db
      .prepare('SELECT id FROM migrations')
      .pluck()
      .all()
      .map((id) => Number(id)),
  );
  const record = db.prepare('INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, migration.name, new Date().toISOString());
    })();
  }
}
