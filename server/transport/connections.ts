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
  readonly #byAgent = new PartyIndex();
  readonly #byVisitor = new PartyIndex();

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
    this.#byVisitor.add(connection.orgId, visitorId, connection);
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
    this.#byAgent.add(connection.orgId, agentId, connection);
    this.#presence.attach(connection.orgId, agentId);
    this.#departures.attach({ orgId: connection.orgId, kind: 'agent', id: agentId });
  }

  unbindAgent(connection: Connection): void {
    const current = connection.agent;
    if (!current) return;
    connection.agent = null;
    connection.noteAgentState(null);
    this.#byAgent.remove(connection.orgId, current.agentId, connection);
    this.#presence.detach(connection.orgId, current.agentId);
    this.#departures.detach({ orgId: connection.orgId, kind: 'agent', id: current.agentId });
  }

  /**
   * The connections speaking for this agent: the registry's own set, not a copy (nothing to
   * allocate per message). Iterate it at once; a connection that goes meanwhile is skipped.
   */
  agentConnections(orgId: string, agentId: string): ReadonlySet<Connection> {
    return this.#byAgent.get(orgId, agentId);
  }

  /** The connections speaking for this visitor: a live view, as `agentConnections`. */
  visitorConnections(orgId: string, visitorId: string): ReadonlySet<Connection> {
    return this.#byVisitor.get(orgId, visitorId);
  }

  /** The connections speaking for a party of a call. */
  partyConnections(party: Party): ReadonlySet<Connection> {
    return party.kind === 'agent'
      ? this.agentConnections(party.orgId, party.id)
      : this.visitorConnections(party.orgId, party.id);
  }

  #unbindVisitor(connection: Connection): void {
    const visitorId = connection.visitorId;
    if (visitorId === null) return;
    connection.visitorId = null;
    this.#byVisitor.remove(connection.orgId, visitorId, connection);
    this.#departures.detach({ orgId: connection.orgId, kind: 'visitor', id: visitorId });
  }
}

const NONE: ReadonlySet<Connection> = new Set();

/**
 * Connections by org, then by agent or visitor id. Nested maps rather than one composite key:
 * no string is built per lookup, and no id can be mistaken for another whatever it contains.
 */
class PartyIndex {
  readonly #byOrg = new Map<string, Map<string, Set<Connection>>>();

  get(orgId: string, id: string): ReadonlySet<Connection> {
    return this.#byOrg.get(orgId)?.get(id) ?? NONE;
  }

  add(orgId: string, id: string, connection: Connection): void {
    let byId = this.#byOrg.get(orgId);
    if (!byId) this.#byOrg.set(orgId, (byId = new Map()));
    let set = byId.get(id);
    if (!set) byId.set(id, (set = new Set()));
    set.add(connection);
  }

  remove(orgId: string, id: string, connection: Connection): void {
    const byId = this.#byOrg.get(orgId);
    const set = byId?.get(id);
    if (!byId || !set) return;
    set.delete(connection);
    if (set.size > 0) return;
    byId.delete(id);
    if (byId.size === 0) this.#byOrg.delete(orgId);
  }
}
