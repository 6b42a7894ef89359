/**
 * Helpers for the ticket and call tests: visitors and agents on their own connections, and waits
 * for the ticket, call and offer frames they expect.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import type {
  AgentSignInResult,
  CallInfo,
  HelloResult,
  HubFrame,
  QueueTicket,
  Ticket,
  TicketResult,
  TicketsWatchResult,
} from '../../src/protocol/frames.js';
import { TestClient } from './client.js';
import type { Command, ConnectOptions } from './client.js';
import { listState, ticketsKind } from './list-mirror.js';

type JoinCommand = Extract<Command, { type: 'ticket.join' }>;

export interface Party {
  client: TestClient;
  /** The visitor token (visitors) or agent token (agents) to reconnect with. */
  token: string;
}

/** Opens connections for one test and closes them all afterwards. */
export function pool(port: () => number) {
  const open: TestClient[] = [];
  const connect = async (options?: ConnectOptions): Promise<TestClient> => {
    const client = await TestClient.connect(port(), options);
    open.push(client);
    return client;
  };
  return {
    connect,
    /** A visitor that said hello (with `token`, to come back as the same visitor). */
    async visitor(token?: string): Promise<Party> {
      const client = await connect();
      const hello = await client.ok<HelloResult>(
        token === undefined ? { type: 'hello' } : { type: 'hello', visitorToken: token },
      );
      return { client, token: hello.visitorToken };
    },
    /** A demo agent signed in (online), optionally watching the tickets it may take. */
    async agent(
      agentId: string,
      options: { watch?: boolean } = {},
    ): Promise<Party & { watched: TicketsWatchResult | null }> {
      const client = await connect();
      const { token } = await client.ok<AgentSignInResult>({
        type: 'agent.signIn',
        agentId,
        password: 'demo',
      });
      const watched = options.watch ? await client.ok<TicketsWatchResult>({ type: 'tickets.watch' }) : null;
      return { client, token, watched };
    },
    async closeAll(): Promise<void> {
      await Promise.all(open.splice(0).map((client) => client.close()));
    },
  };
}

export async function joinQueue(
  client: TestClient,
  queue: string,
  extra: Omit<JoinCommand, 'type' | 'queue'> = {},
): Promise<Ticket> {
  return (await client.ok<TicketResult>({ type: 'ticket.join', queue, ...extra })).ticket;
}

/** The first `ticket.state` from `from` on for the ticket that satisfies `accept`. */
export async function ticketState(
  client: TestClient,
  ticketId: string,
  accept: (ticket: Ticket) => boolean,
  from = 0,
): Promise<Ticket> {
  const frame = await client.waitFor(
    (f): f is HubFrame & { type: 'ticket.state' } =>
      f.type === 'ticket.state' && f.ticket.ticketId === ticketId && accept(f.ticket),
    from,
  );
  return frame.ticket;
}

/** The first `call.state` from `from` on that satisfies `accept`. */
export async function callState(
  client: TestClient,
  accept: (call: CallInfo) => boolean,
  from = 0,
): Promise<CallInfo> {
  const frame = await client.waitFor(
    (f): f is HubFrame & { type: 'call.state' } => f.type === 'call.state' && accept(f.call),
    from,
  );
  return frame.call;
}

/** The first list of waiting tickets, changed by a frame from `from` on, that satisfies `accept`. */
export function ticketsState(
  client: TestClient,
  accept: (tickets: QueueTicket[]) => boolean,
  from = 0,
): Promise<QueueTicket[]> {
  return listState(client, ticketsKind, accept, from);
}

/** The error code of a command that must fail. */
export async function errorCode(client: TestClient, command: Command): Promise<string> {
  const answer = await client.command(command);
  assert.equal(answer.type, 'error', `${command.type} should fail, got ${JSON.stringify(answer)}`);
  return answer.type === 'error' ? answer.code : '';
}

/**
 * Frames of these types the client got from `from` on, once everything the hub sent before a
 * ping has arrived: for asserting that something was NOT sent.
 */
export async function settledFrames(
  client: TestClient,
  types: HubFrame['type'][],
  from = 0,
): Promise<HubFrame[]> {
  await client.ok({ type: 'ping' });
  return client.frames.slice(from).filter((frame) => types.includes(frame.type));
}

/** Writes rows straight into the hub's database (WAL lets two processes share it). */
export function writeRows(dataDir: string, write: (db: Database.Database) => void): void {
  const db = new Database(join(dataDir, 'tandem.sqlite'));
  try {
    write(db);
  } finally {
    db.close();
  }
}

/**
 * Another org, open to localhost pages, with offline agents who share one password hash: what a
 * test of one org's data staying its own writes beside the demo org (inside `writeRows`).
 */
export function addOtherOrg(
  db: Database.Database,
  org: { id: string; name: string },
  agents: Array<{ id: string; name: string; photoUrl: string }>,
  passwordHash: string,
): void {
  db.prepare(`INSERT INTO orgs (id, name, allowed_origins) VALUES (?, ?, '["http://localhost:*"]')`).run(
    org.id,
    org.name,
  );
  const agent = db.prepare(
    `INSERT INTO agents (org_id, id, name, tags, photo_url, status, password_hash)
     VALUES (?, ?, ?, '[]', ?, 'offline', ?)`,
  );
  for (const a of agents) agent.run(org.id, a.id, a.name, a.photoUrl, passwordHash);
}

/** An always-open queue, optionally served only by agents with `agentTag`. */
export function addQueue(
  dataDir: string,
  queue: { orgId?: string; id: string; name: string; agentTag?: string | null; openingHours?: string | null },
): void {
  writeRows(dataDir, (db) =>
    db
      .prepare(
        `INSERT INTO queues (org_id, id, slug, name, time_zone, opening_hours, agent_tag, average_handle_seconds)
         VALUES (?, ?, ?, ?, 'UTC', ?, ?, 300)`,
      )
      .run(
        queue.orgId ?? 'demo',
        queue.id,
        queue.id,
        queue.name,
        queue.openingHours ?? null,
        queue.agentTag ?? null,
      ),
  );
}
