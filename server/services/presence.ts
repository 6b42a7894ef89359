/**
 * Which agents are here: an agent is present while it has at least one live connection, and for
 * a grace period after its last one closes, so a page reload or a network blip does not flicker
 * its status to offline and back. Presence changes are published as `agent.changed`.
 *
 * This is the one-process `AgentPresence`; several processes share theirs through Redis
 * (server/cluster/redis-presence.ts).
 */
import type { Bus } from '../bus/bus.js';

interface Entry {
  orgId: string;
  agentId: string;
  connections: number;
  grace: NodeJS.Timeout | undefined;
}

export const DEFAULT_PRESENCE_GRACE_MS = 5000;

/** Which agents are here: the port that differs between one hub process and several. */
export interface AgentPresence {
  /** From what this process knows now (after `fresh`, when there is one). */
  isPresent(orgId: string, agentId: string): boolean;
  attach(orgId: string, agentId: string): void;
  detach(orgId: string, agentId: string): void;
  /** Reads the org's presence back from where other processes write theirs. */
  fresh?(orgId: string): Promise<void>;
  close(): void;
}

export class Presence implements AgentPresence {
  readonly #bus: Bus;
  readonly #graceMs: number;
  readonly #entries = new Map<string, Entry>();

  constructor(bus: Bus, graceMs = DEFAULT_PRESENCE_GRACE_MS) {
    this.#bus = bus;
    this.#graceMs = graceMs;
  }

  isPresent(orgId: string, agentId: string): boolean {
    return this.#entries.has(key(orgId, agentId));
  }

  /** A connection now speaks for this agent. */
  attach(orgId: string, agentId: string): void {
    const k = key(orgId, agentId);
    const entry = this.#entries.get(k);
    if (entry) {
      entry.connections++;
      clearTimeout(entry.grace);
      entry.grace = undefined;
      return;
    }
    this.#entries.set(k, { orgId, agentId, connections: 1, grace: undefined });
    this.#changed(orgId, agentId);
  }

  /** A connection no longer speaks for this agent (closed, signed out, or signed in as another). */
  detach(orgId: string, agentId: string): void {
    const k = key(orgId, agentId);
    const entry = this.#entries.get(k);
    if (!entry || entry.connections === 0) return;
    entry.connections--;
    if (entry.connections > 0) return;
    entry.grace = setTimeout(() => {
      this.#entries.delete(k);
      this.#changed(orgId, agentId);
    }, this.#graceMs);
    entry.grace.unref();
  }

  /** Stops the grace timers; used at shutdown. */
  close(): void {
    for (const entry of this.#entries.values()) clearTimeout(entry.grace);
    this.#entries.clear();
  }

  #changed(orgId: string, agentId: string): void {
    void this.#bus.publish('agent.changed', { orgId, agentId });
  }
}

function key(orgId: string, agentId: string): string {
  // JSON keeps the pair unambiguous whatever characters the ids hold.
  return JSON.stringify([orgId, agentId]);
}
