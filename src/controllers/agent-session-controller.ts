import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ErrorCode, type AgentProfile, type AgentStatus } from '../protocol/frames.js';
import { TandemError } from '../errors.js';
import type { HubSession } from '../session/hub-session.js';
import type { HubSessionController } from './hub-session-controller.js';

/** The statuses an agent may set, in the order the console offers them. */
export const AGENT_STATUSES: readonly AgentStatus[] = ['online', 'busy', 'offline'];

/**
 * The signed-in agent: signing in and out, setting the status, and telling the element each real
 * change of agent or status, whether made here or pushed by the hub (another tab, say).
 */
export class AgentSessionController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly hub: HubSessionController;
  private readonly onAgentChange: (agent: AgentProfile | null) => void;
  private lastAnnounced: AgentProfile | null = null;

  constructor(
    host: ReactiveControllerHost,
    hub: HubSessionController,
    onAgentChange: (agent: AgentProfile | null) => void,
  ) {
    (this.host = host).addController(this);
    this.hub = hub;
    this.onAgentChange = onAgentChange;
  }

  /** The signed-in agent, or null. */
  get agent(): AgentProfile | null {
    return this.hub.session?.agent ?? null;
  }

  hostUpdated(): void {
    // A status set from another tab arrives as a hub event: announce it like a local change.
    this.announce();
  }

  /** Resolves with the agent's profile; rejects with a TandemError (`bad-credentials`, ...). */
  async signIn(agentId: string, password: string): Promise<AgentProfile> {
    const agent = await this.session().signIn(agentId, password);
    this.announce();
    this.host.requestUpdate();
    return agent;
  }

  async setStatus(status: AgentStatus): Promise<AgentProfile> {
    if (!AGENT_STATUSES.includes(status)) {
      throw new TandemError(
        ErrorCode.invalidArgument,
        `Status must be one of ${AGENT_STATUSES.join(', ')}; got "${String(status)}".`,
      );
    }
    const agent = await this.session().setStatus(status);
    this.announce();
    return agent;
  }

  async signOut(): Promise<void> {
    await this.session().signOut();
    this.announce();
  }

  private session(): HubSession {
    const session = this.hub.session;
    if (session) return session;
    const { connection } = this.hub;
    const error = connection.kind === 'unavailable' ? connection.error : null;
    throw new TandemError(error?.code ?? ErrorCode.orgNotFound, error?.message ?? 'No org-id is set.');
  }

  /** Fires for a new agent, a new status or a sign-out; not for a fresh copy of the same profile. */
  private announce(): void {
    const agent = this.agent;
    if (agent === this.lastAnnounced) return;
    const previous = this.lastAnnounced;
    this.lastAnnounced = agent;
    if (agent && previous && agent.id === previous.id && agent.status === previous.status) return;
    this.onAgentChange(agent);
  }
}
