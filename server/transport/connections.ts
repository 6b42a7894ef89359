/**
 * The live connections of this process, and which of them speak for which agent and which
 * visitor. Binding a connection to an agent is what makes the agent present (presence.ts); binding
 * it to either is what keeps that party of a ticket or call from counting as gone (departures.ts).
 */
import type { Party, PartyWatch } from '../services/departures.js';
import type { AgentPresence } from '../services/presence.js';
import type { Connection } from './connection.js';

export class ConnectionRegistry {
  readonly #presence: AgentPresence;
  readonly #departures: PartyWatch;
  readonly #all = new Set<Connection>();
  readonly #byAgent = new Map<string, Set<Connection>>();
  readonly #byVisitor = new Map<string, Set<Connection>>();

  constructor(presence: AgentPresence, departures: PartyWatch) {
    this.#presence = presence;
    this.#departures = departures;
  }

  add(connection: Connection): void {
    this.#all.add(connection);
  }

  remove(connection: Connection): void {
    this.unbindAgent(connection);
    this.#unbindVisitor(connection);
    this.#all.delete(connection);
  }

  all(): Connection[] {
    return [...this.#all];
  }

  /** The connection now speaks for this visitor (after a hello). */
  bindVisitor(connection: Connection, visitorId: string): void {
    if (connection.closed || connection.visitorId === visitorId) return;
    this.#unbindVisitor(connection);
    connection.visitorId = visitorId;
    add(this.#byVisitor, key(connection.orgId, visitorId), connection);
    this.#departures.attach({ orgId: connection.orgId, kind: 'visitor', id: visitorId });
  }

  /** The connection now speaks for this agent (after a sign-in or a resumed session). */
  bindAgent(connection: Connection, agentId: string, sessionId: string): void {
    // A sign-in that completes after its socket closed must not leave the agent present forever.
    if (connection.closed) return;
    const current = connection.agent;
    if (current?.agentId === agentId && current.sessionId === sessionId) return;
    const sameAgent = current?.agentId === agentId;
    if (current && !sameAgent) this.unbindAgent(connection);
    connection.agent = { agentId, sessionId };
    if (sameAgent) return;
    add(this.#byAgent, key(connection.orgId, agentId), connection);
    this.#presence.attach(connection.orgId, agentId);
    this.#departures.attach({ orgId: connection.orgId, kind: 'agent', id: agentId });
  }

  unbindAgent(connection: Connection): void {
    const current = connection.agent;
    if (!current) return;
    connection.agent = null;
    connection.noteAgentState(null);
    remove(this.#byAgent, key(connection.orgId, current.agentId), connection);
    this.#presence.detach(connection.orgId, current.agentId);
    this.#departures.detach({ orgId: connection.orgId, kind: 'agent', id: current.agentId });
  }

  agentConnections(orgId: string, agentId: string): Connection[] {
    return [...(this.#byAgent.get(key(orgId, agentId)) ?? [])];
  }

  visitorConnections(orgId: string, visitorId: string): Connection[] {
    return [...(this.#byVisitor.get(key(orgId, visitorId)) ?? [])];
  }

  /** The connections speaking for a party of a call. */
  partyConnections(party: Party): Connection[] {
    return party.kind === 'agent'
      ? this.agentConnections(party.orgId, party.id)
      : this.visitorConnections(party.orgId, party.id);
  }

  #unbindVisitor(connection: Connection): void {
    const visitorId = connection.visitorId;
    if (visitorId === null) return;
    connection.visitorId = null;
    remove(this.#byVisitor, key(connection.orgId, visitorId), connection);
    this.#departures.detach({ orgId: connection.orgId, kind: 'visitor', id: visitorId });
  }
}

function add(index: Map<string, Set<Connection>>, k: string, connection: Connection): void {
  let set = index.get(k);
  if (!set) index.set(k, (set = new Set()));
  set.add(connection);
}

function remove(index: Map<string, Set<Connection>>, k: string, connection: Connection): void {
  const set = index.get(k);
  set?.delete(connection);
  if (set?.size === 0) index.delete(k);
}

function key(orgId: string, id: string): string {
  // JSON keeps the pair unambiguous whatever characters the ids hold.
  return JSON.stringify([orgId, id]);
}
