/**
 * Agents: sign-in and sessions, chosen status, and how an agent looks to others.
 *
 * An agent's effective status is the status it chose while it is present (see presence.ts), and
 * offline otherwise. Signing in sets the chosen status to online: the product decision is that
 * an agent who signs in is ready to take calls. Sessions are bearer tokens (`a_…`) valid for
 * 12 hours; only their sha256 is stored.
 */
import { randomUUID } from 'node:crypto';

import { ErrorCode } from '../../src/protocol/frames.js';
import type { AgentProfile, AgentStatus, CallAgent } from '../../src/protocol/frames.js';
import type { Bus } from '../bus/bus.js';
import { HubError } from '../errors.js';
import type { AgentRecord, AgentSessionRecord, Store } from '../store/store.js';
import { decoyHash, verifyPassword } from './passwords.js';
import type { AgentPresence } from './presence.js';
import { TokenPrefix, hashToken, looksLike, newToken } from './tokens.js';
import { absoluteUrl, photoPath } from './urls.js';

export const AGENT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const BAD_CREDENTIALS = 'Wrong agent id or password.';

export interface SignedIn {
  agent: AgentRecord;
  session: AgentSessionRecord;
  token: string;
}

export interface Resumed {
  agent: AgentRecord;
  session: AgentSessionRecord;
}

const isLive = (session: AgentSessionRecord, now: number): boolean =>
  session.revokedAt === null && Date.parse(session.expiresAt) > now;

export class AgentService {
  readonly #store: Store;
  readonly #bus: Bus;
  readonly #presence: AgentPresence;

  constructor(store: Store, bus: Bus, presence: AgentPresence) {
    this.#store = store;
    this.#bus = bus;
    this.#presence = presence;
  }

  effectiveStatus(agent: AgentRecord): AgentStatus {
    return this.#presence.isPresent(agent.orgId, agent.id) ? agent.status : 'offline';
  }

  callAgent(agent: AgentRecord, baseUrl: string): CallAgent {
    return {
      id: agent.id,
      name: agent.name,
      status: this.effectiveStatus(agent),
      tags: [...agent.tags],
      profile_photo_url: absoluteUrl(baseUrl, photoPath(agent.orgId, agent.id, agent.photoUrl)),
    };
  }

  profile(agent: AgentRecord, baseUrl: string): AgentProfile {
    return { ...this.callAgent(agent, baseUrl), orgId: agent.orgId };
  }

  /** Every agent of the org, each with its effective status. */
  async list(orgId: string): Promise<Array<{ agent: AgentRecord; status: AgentStatus }>> {
    const agents = await this.#store.listAgents(orgId);
    if (this.#presence.fresh) await this.#presence.fresh(orgId);
    return agents.map((agent) => ({ agent, status: this.effectiveStatus(agent) }));
  }

  async get(orgId: string, agentId: string): Promise<AgentRecord> {
    const agent = await this.#store.getAgent(orgId, agentId);
    if (!agent) throw new HubError(ErrorCode.notFound, 'No such agent in this org.');
    if (this.#presence.fresh) await this.#presence.fresh(orgId);
    return agent;
  }

  /** The name behind a public avatar URL (`/media/agents/<org>/<id>.svg`): only that org's agent. */
  async publicName(orgId: string, agentId: string): Promise<string | null> {
    return (await this.#store.getAgent(orgId, agentId))?.name ?? null;
  }

  /**
   * Checks the password, opens a session and sets the agent online (or `status`: busy for an
   * agent signing in again while its call runs).
   */
  async signIn(
    orgId: string,
    agentId: string,
    password: string,
    status: AgentStatus = 'online',
  ): Promise<SignedIn> {
    const stored = await this.#store.getAgentPasswordHash(orgId, agentId);
    // Verify against a decoy when the agent does not exist, so both failures take as long.
    const matches = await verifyPassword(password, stored ?? (await decoyHash()));
    if (stored === null || !matches) throw new HubError(ErrorCode.badCredentials, BAD_CREDENTIALS);

    const token = newToken(TokenPrefix.agent);
    const now = Date.now();
    const session: AgentSessionRecord = {
      id: randomUUID(),
      orgId,
      agentId,
      tokenHash: hashToken(token),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + AGENT_SESSION_TTL_MS).toISOString(),
      revokedAt: null,
    };
    await this.#store.createAgentSession(session);
    const agent = await this.setStatus(orgId, agentId, status);
    return { agent, session, token };
  }

  /** The session behind an agent token, when it is live and belongs to this org. */
  async resume(orgId: string, token: string): Promise<Resumed | null> {
    if (!looksLike(TokenPrefix.agent, token)) return null;
    const session = await this.#store.findAgentSessionByTokenHash(hashToken(token));
    if (!session || session.orgId !== orgId || !isLive(session, Date.now())) return null;
    const agent = await this.#store.getAgent(orgId, session.agentId);
    return agent ? { agent, session } : null;
  }

  /** Throws `session-expired` unless the session is still live (checked on every agent command). */
  async requireLiveSession(sessionId: string): Promise<AgentSessionRecord> {
    const session = await this.#store.getAgentSession(sessionId);
    if (!session || !isLive(session, Date.now())) {
      throw new HubError(
        ErrorCode.sessionExpired,
        'The agent session has expired or was signed out; sign in again.',
      );
    }
    return session;
  }

  async setStatus(orgId: string, agentId: string, status: AgentStatus): Promise<AgentRecord> {
    await this.#store.setAgentStatus(orgId, agentId, status);
    const agent = await this.get(orgId, agentId);
    await this.#bus.publish('agent.changed', { orgId, agentId });
    return agent;
  }

  /** Revokes the session and sets the agent offline: signing out means not taking calls. */
  async signOut(sessionId: string): Promise<void> {
    const session = await this.#store.getAgentSession(sessionId);
    if (!session) return;
    await this.#store.revokeAgentSession(sessionId, new Date().toISOString());
    await this.setStatus(session.orgId, session.agentId, 'offline');
  }
}
