/**
 * The live connections of this process, and which of them speak for which agent. Binding a
 * connection to an agent is what makes the agent present (presence.ts).
 */
import type { Presence } from '../services/presence.js';
import type { Connection } from './connection.js';

export class ConnectionRegistry {
  readonly #presence: Presence;
  readonly #all = new Set<Connection>();
  readonly #byAgent = new Map<string, Set<Connection>>();

  constructor(presence: Presence) {
    this.#presence = presence;
  }

  add(connection: Connection): void {
    this.#all.add(connection);
  }

  remove(connection: Connection): void {
    this.unbindAgent(connection);
    this.#all.delete(connection);
  }

  all(): Connection[] {
    return [...this.#all];
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
    const k = key(connection.orgId, agentId);
    let set = this.#byAgent.get(k);
    if (!set) this.#byAgent.set(k, (set = new Set()));
    set.add(connection);
    this.#presence.attach(connection.orgId, agentId);
  }

  unbindAgent(connection: Connection): void {
    const current = connection.agent;
    if (!current) return;
    connection.agent = null;
    connection.noteAgentState(null);
    const k = key(connection.orgId, current.agentId);
    const set = this.#byAgent.get(k);
    set?.delete(connection);
    if (set?.size === 0) this.#byAgent.delete(k);
    this.#presence.detach(connection.orgId, current.agentId);
  }

  agentConnections(orgId: string, agentId: string): Connection[] {
    return [...(this.#byAgent.get(key(orgId, agentId)) ?? [])];
  }
}

function key(orgId: string, agentId: string): string {
  return JSON.stringify([orgId, agentId]);
}
