/**
 * Migration 4, bookings: the tables, and the demo org's booking services and working hours for a
 * database that already holds the demo org (a fresh one gets them from the seed, which runs after
 * the migrations). Like every migration, never edited once shipped.
 */
import type { Migration } from './sqlite-migrations.js';

/** Mon–Fri (and optionally Sat) periods as the store writes them: JSON of `OpeningPeriod[]`. */
const weekdays = (open: string, close: string): string[] =>
  [1, 2, 3, 4, 5].map((day) => `{"day":${day},"open":"${open}","close":"${close}"}`);
const ANNA_HOURS = `[${weekdays('09:00', '17:00').join(',')}]`;
const BJORN_HOURS = `[${[...weekdays('10:00', '18:00'), '{"day":6,"open":"10:00","close":"14:00"}'].join(',')}]`;
const CHEN_HOURS = `[${weekdays('08:00', '16:00').join(',')}]`;

export const bookingMigration: Migration = {
  id: 4,
  name: 'booking services, working hours and bookings',
  // The overlap check inside createBooking's transaction is what keeps an agent's confirmed
  // bookings apart; the partial unique index is the last word on the commonest race (two
  // visitors, one start) even if a writer ever skipped that check.
  sql: `
    CREATE TABLE booking_services (
      org_id TEXT NOT NULL REFERENCES orgs(id),
      id TEXT NOT NULL,
      name TEXT NOT NULL,
      description TEXT NOT NULL,
      duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
      published INTEGER NOT NULL CHECK (published IN (0, 1)),
      position INTEGER NOT NULL,
      PRIMARY KEY (org_id, id)
    ) STRICT;

    CREATE TABLE booking_service_agents (
      org_id TEXT NOT NULL,
      service_id TEXT NOT NULL,
      agent_id TEXT NOT NULL,
      PRIMARY KEY (org_id, service_id, agent_id),
      FOREIGN KEY (org_id, service_id) REFERENCES booking_services(org_id, id),
      FOREIGN KEY (org_id, agent_id) REFERENCES agents(org_id, id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE agent_working_hours (
      org_id TEXT NOT NULL,
      agent_id TEXT NOT NULL,
      time_zone TEXT NOT NULL,
      periods TEXT NOT NULL, -- JSON array of {day, open, close} in the agent's time zone
      PRIMARY KEY (org_id, agent_id),
      FOREIGN KEY (org_id, agent_id) REFERENCES agents(org_id, id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE bookings (
      org_id TEXT NOT NULL,
      id TEXT NOT NULL,
      service_id TEXT NOT NULL,
      agent_id TEXT NOT NULL,
      visitor_id TEXT NOT NULL REFERENCES visitors(id),
      start_at TEXT NOT NULL, -- ISO 8601 UTC, toISOString: compares as text
      end_at TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
      connect_id TEXT NOT NULL UNIQUE,
      visitor_name TEXT NOT NULL,
      visitor_email TEXT NOT NULL,
      visitor_phone TEXT NOT NULL,
      time_zone TEXT NOT NULL,
      created_at TEXT NOT NULL,
      cancelled_at TEXT,
      PRIMARY KEY (org_id, id),
      FOREIGN KEY (org_id, service_id) REFERENCES booking_services(org_id, id),
      FOREIGN KEY (org_id, agent_id) REFERENCES agents(org_id, id)
    ) STRICT;
    CREATE UNIQUE INDEX bookings_confirmed_start ON bookings(org_id, agent_id, start_at)
      WHERE status = 'confirmed';
    CREATE INDEX bookings_of_agent ON bookings(org_id, agent_id, start_at);

    INSERT INTO booking_services (org_id, id, name, description, duration_minutes, published, position)
      SELECT id, 'style-advice', 'Style advice', 'A stylist helps you put together an outfit, on video.', 30, 1, 1
      FROM orgs WHERE id = 'demo';
    INSERT INTO booking_services (org_id, id, name, description, duration_minutes, published, position)
      SELECT id, 'fitting', 'Personal fitting', 'Find the right size and fit with one of our tailors.', 45, 1, 2
      FROM orgs WHERE id = 'demo';
    INSERT INTO booking_services (org_id, id, name, description, duration_minutes, published, position)
      SELECT id, 'internal', 'Internal training', 'Staff only: never offered to visitors.', 60, 0, 3
      FROM orgs WHERE id = 'demo';

    INSERT INTO booking_service_agents (org_id, service_id, agent_id)
      SELECT org_id, 'style-advice', id FROM agents
      WHERE org_id = 'demo' AND id IN ('anna', 'chen')
        AND EXISTS (SELECT 1 FROM booking_services WHERE org_id = 'demo' AND id = 'style-advice');
    INSERT INTO booking_service_agents (org_id, service_id, agent_id)
      SELECT org_id, 'fitting', id FROM agents
      WHERE org_id = 'demo' AND id IN ('anna', 'bjorn', 'chen')
        AND EXISTS (SELECT 1 FROM booking_services WHERE org_id = 'demo' AND id = 'fitting');
    INSERT INTO booking_service_agents (org_id, service_id, agent_id)
      SELECT org_id, 'internal', id FROM agents
      WHERE org_id = 'demo' AND id = 'anna'
        AND EXISTS (SELECT 1 FROM booking_services WHERE org_id = 'demo' AND id = 'internal');

    INSERT INTO agent_working_hours (org_id, agent_id, time_zone, periods)
      SELECT org_id, id, 'Europe/Stockholm', '${ANNA_HOURS}' FROM agents WHERE org_id = 'demo' AND id = 'anna';
    INSERT INTO agent_working_hours (org_id, agent_id, time_zone, periods)
      SELECT org_id, id, 'Europe/London', '${BJORN_HOURS}' FROM agents WHERE org_id = 'demo' AND id = 'bjorn';
    INSERT INTO agent_working_hours (org_id, agent_id, time_zone, periods)
      SELECT org_id, id, 'America/New_York', '${CHEN_HOURS}' FROM agents WHERE org_id = 'demo' AND id = 'chen';
  `,
};
