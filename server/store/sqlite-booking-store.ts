/**
 * Booking services, working hours and bookings in SQLite (the `BookingStore` that `SqliteStore`
 * exposes as `bookings`). Every statement is prepared once.
 *
 * `createBooking` is one IMMEDIATE transaction: look for a confirmed booking of the agent that
 * overlaps, and insert only when there is none. IMMEDIATE takes the write lock before the look,
 * so no other writer (another process on the same file) can slip a booking in between.
 */
import type Database from 'better-sqlite3';

import type { BookingStatus } from '../../src/protocol/frames.js';
import type {
  BookingRecord,
  BookingSeed,
  BookingServiceRecord,
  BookingStore,
  CreateBookingOutcome,
  WorkingHoursRecord,
} from './booking-store.js';
import type { OpeningPeriod } from './store.js';

export interface ServiceRow {
  org_id: string;
  id: string;
  name: string;
  description: string;
  duration_minutes: number;
  published: number;
  position: number;
}

export interface ServiceAgentRow {
  service_id: string;
  agent_id: string;
}

export interface HoursRow {
  org_id: string;
  agent_id: string;
  time_zone: string;
  periods: string;
}

export interface BookingRow {
  org_id: string;
  id: string;
  service_id: string;
  agent_id: string;
  visitor_id: string;
  start_at: string;
  end_at: string;
  status: BookingStatus;
  connect_id: string;
  visitor_name: string;
  visitor_email: string;
  visitor_phone: string;
  time_zone: string;
  created_at: string;
  cancelled_at: string | null;
}

export const toService = (row: ServiceRow, agentIds: string[]): BookingServiceRecord => ({
  id: row.id,
  orgId: row.org_id,
  name: row.name,
  description: row.description,
  durationMinutes: row.duration_minutes,
  published: row.published === 1,
  position: row.position,
  agentIds,
});

export const toHours = (row: HoursRow): WorkingHoursRecord => ({
  orgId: row.org_id,
  agentId: row.agent_id,
  timeZone: row.time_zone,
  // Written only by this store (and migration 4) from typed records, so the shape is trusted.
  periods: JSON.parse(row.periods) as OpeningPeriod[],
});

export const toBooking = (row: BookingRow): BookingRecord => ({
  id: row.id,
  orgId: row.org_id,
  serviceId: row.service_id,
  agentId: row.agent_id,
  visitorId: row.visitor_id,
  start: row.start_at,
  end: row.end_at,
  status: row.status,
  connectId: row.connect_id,
  visitorName: row.visitor_name,
  visitorEmail: row.visitor_email,
  visitorPhone: row.visitor_phone,
  timeZone: row.time_zone,
  createdAt: row.created_at,
  cancelledAt: row.cancelled_at,
});

export const bookingParams = (b: BookingRecord) => ({
  org_id: b.orgId,
  id: b.id,
  service_id: b.serviceId,
  agent_id: b.agentId,
  visitor_id: b.visitorId,
  start_at: b.start,
  end_at: b.end,
  status: b.status,
  connect_id: b.connectId,
  visitor_name: b.visitorName,
  visitor_email: b.visitorEmail,
  visitor_phone: b.visitorPhone,
  time_zone: b.timeZone,
  created_at: b.createdAt,
  cancelled_at: b.cancelledAt,
});
type BookingParams = ReturnType<typeof bookingParams>;

export const BOOKING_COLUMNS: Array<keyof BookingParams> = [
  'org_id',
  'id',
  'service_id',
  'agent_id',
  'visitor_id',
  'start_at',
  'end_at',
  'status',
  'connect_id',
  'visitor_name',
  'visitor_email',
  'visitor_phone',
  'time_zone',
  'created_at',
  'cancelled_at',
];

/** Id lists go in as one JSON parameter, so each statement is prepared once whatever the count. */
const IN_JSON = 'IN (SELECT value FROM json_each(?))';

function prepare(db: Database.Database) {
  return {
    listServices: db.prepare<[string], ServiceRow>(
      'SELECT * FROM booking_services WHERE org_id = ? ORDER BY position, id',
    ),
    getService: db.prepare<[string, string], ServiceRow>(
      'SELECT * FROM booking_services WHERE org_id = ? AND id = ?',
    ),
    serviceAgents: db.prepare<[string], ServiceAgentRow>(
      'SELECT service_id, agent_id FROM booking_service_agents WHERE org_id = ? ORDER BY agent_id',
    ),
    agentsOfService: db
      .prepare<[string, string], string>(
        'SELECT agent_id FROM booking_service_agents WHERE org_id = ? AND service_id = ? ORDER BY agent_id',
      )
      .pluck(),
    insertService: db.prepare<[string, string, string, string, number, number, number]>(
      `INSERT INTO booking_services (org_id, id, name, description, duration_minutes, published, position)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertService: db.prepare<[string, string, string, string, number, number, number]>(
      `INSERT INTO booking_services (org_id, id, name, description, duration_minutes, published, position)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (org_id, id) DO UPDATE SET name = excluded.name, description = excluded.description,
         duration_minutes = excluded.duration_minutes, published = excluded.published, position = excluded.position`,
    ),
    deleteServiceAgents: db.prepare<[string, string]>(
      'DELETE FROM booking_service_agents WHERE org_id = ? AND service_id = ?',
    ),
    upsertHours: db.prepare<[string, string, string, string]>(
      `INSERT INTO agent_working_hours (org_id, agent_id, time_zone, periods) VALUES (?, ?, ?, ?)
       ON CONFLICT (org_id, agent_id) DO UPDATE SET time_zone = excluded.time_zone, periods = excluded.periods`,
    ),
    insertServiceAgent: db.prepare<[string, string, string]>(
      'INSERT INTO booking_service_agents (org_id, service_id, agent_id) VALUES (?, ?, ?)',
    ),
    listHours: db.prepare<[string, string], HoursRow>(
      `SELECT * FROM agent_working_hours WHERE org_id = ? AND agent_id ${IN_JSON} ORDER BY agent_id`,
    ),
    insertHours: db.prepare<[string, string, string, string]>(
      'INSERT INTO agent_working_hours (org_id, agent_id, time_zone, periods) VALUES (?, ?, ?, ?)',
    ),
    // Overlap: starts before the other ends and ends after it starts.
    overlapping: db.prepare<[string, string, string, string], BookingRow>(
      `SELECT * FROM bookings WHERE org_id = ? AND agent_id ${IN_JSON} AND status = 'confirmed'
       AND start_at < ? AND end_at > ? ORDER BY start_at, agent_id`,
    ),
    insertBooking: db.prepare<[BookingParams]>(
      `INSERT INTO bookings (${BOOKING_COLUMNS.join(', ')}) VALUES (${BOOKING_COLUMNS.map((c) => `@${c}`).join(', ')})`,
    ),
    getBooking: db.prepare<[string, string], BookingRow>(
      'SELECT * FROM bookings WHERE org_id = ? AND id = ?',
    ),
    byConnectId: db.prepare<[string, string], BookingRow>(
      'SELECT * FROM bookings WHERE org_id = ? AND connect_id = ?',
    ),
    ofAgent: db.prepare<[string, string, string], BookingRow>(
      'SELECT * FROM bookings WHERE org_id = ? AND agent_id = ? AND start_at >= ? ORDER BY start_at, id',
    ),
    cancel: db.prepare<[string, string, string]>(
      `UPDATE bookings SET status = 'cancelled', cancelled_at = ?
       WHERE org_id = ? AND id = ? AND status = 'confirmed'`,
    ),
  };
}

export class SqliteBookingStore implements BookingStore {
  readonly #statements: ReturnType<typeof prepare>;
  readonly #create: Database.Transaction<(booking: BookingRecord) => CreateBookingOutcome>;
  readonly #putService: Database.Transaction<(service: BookingServiceRecord) => void>;

  constructor(db: Database.Database) {
    const s = (this.#statements = prepare(db));
    this.#create = db.transaction((booking: BookingRecord): CreateBookingOutcome => {
      const agents = JSON.stringify([booking.agentId]);
      if (s.overlapping.get(booking.orgId, agents, booking.end, booking.start)) return 'conflict';
      s.insertBooking.run(bookingParams(booking));
      return 'created';
    });
    this.#putService = db.transaction((service: BookingServiceRecord): void => {
      s.upsertService.run(
        service.orgId,
        service.id,
        service.name,
        service.description,
        service.durationMinutes,
        service.published ? 1 : 0,
        service.position,
      );
      s.deleteServiceAgents.run(service.orgId, service.id);
      for (const agentId of service.agentIds) s.insertServiceAgent.run(service.orgId, service.id, agentId);
    });
  }

  async putBookingService(service: BookingServiceRecord): Promise<void> {
    this.#putService.immediate(service);
  }

  async putWorkingHours(hours: WorkingHoursRecord): Promise<void> {
    this.#statements.upsertHours.run(
      hours.orgId,
      hours.agentId,
      hours.timeZone,
      JSON.stringify(hours.periods),
    );
  }

  /** Writes the seed's booking part; the caller runs it inside the seed's transaction. */
  seedWithin(seed: BookingSeed): void {
    const s = this.#statements;
    for (const service of seed.services) {
      s.insertService.run(
        service.orgId,
        service.id,
        service.name,
        service.description,
        service.durationMinutes,
        service.published ? 1 : 0,
        service.position,
      );
      for (const agentId of service.agentIds) s.insertServiceAgent.run(service.orgId, service.id, agentId);
    }
    for (const hours of seed.workingHours) {
      s.insertHours.run(hours.orgId, hours.agentId, hours.timeZone, JSON.stringify(hours.periods));
    }
  }

  async listBookingServices(orgId: string): Promise<BookingServiceRecord[]> {
    const s = this.#statements;
    const agentIds = new Map<string, string[]>();
    for (const row of s.serviceAgents.all(orgId)) {
      const list = agentIds.get(row.service_id);
      if (list) list.push(row.agent_id);
      else agentIds.set(row.service_id, [row.agent_id]);
    }
    return s.listServices.all(orgId).map((row) => toService(row, agentIds.get(row.id) ?? []));
  }

  async getBookingService(orgId: string, serviceId: string): Promise<BookingServiceRecord | null> {
    const s = this.#statements;
    const row = s.getService.get(orgId, serviceId);
    return row ? toService(row, s.agentsOfService.all(orgId, serviceId)) : null;
  }

  async listWorkingHours(orgId: string, agentIds: readonly string[]): Promise<WorkingHoursRecord[]> {
    return this.#statements.listHours.all(orgId, JSON.stringify(agentIds)).map(toHours);
  }

  async listConfirmedBookings(
    orgId: string,
    agentIds: readonly string[],
    from: string,
    until: string,
  ): Promise<BookingRecord[]> {
    return this.#statements.overlapping.all(orgId, JSON.stringify(agentIds), until, from).map(toBooking);
  }

  async createBooking(booking: BookingRecord): Promise<CreateBookingOutcome> {
    try {
      return this.#create.immediate(booking);
    } catch (error) {
      // The unique index on (agent, start) of confirmed bookings: lost the race all the same.
      if (isUniqueStartViolation(error)) return 'conflict';
      throw error;
    }
  }

  async getBooking(orgId: string, bookingId: string): Promise<BookingRecord | null> {
    const row = this.#statements.getBooking.get(orgId, bookingId);
    return row ? toBooking(row) : null;
  }

  async findBookingByConnectId(orgId: string, connectId: string): Promise<BookingRecord | null> {
    const row = this.#statements.byConnectId.get(orgId, connectId);
    return row ? toBooking(row) : null;
  }

  async listAgentBookings(orgId: string, agentId: string, since: string): Promise<BookingRecord[]> {
    return this.#statements.ofAgent.all(orgId, agentId, since).map(toBooking);
  }

  async cancelBooking(orgId: string, bookingId: string, cancelledAt: string): Promise<boolean> {
    return this.#statements.cancel.run(cancelledAt, orgId, bookingId).changes === 1;
  }
}

function isUniqueStartViolation(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    error.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes('bookings.start_at')
  );
}
