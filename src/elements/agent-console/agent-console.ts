import { html, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { TandemElement } from '../tandem-element.js';
import { defineElement } from '../../define.js';
import { QueueStateController } from '../../controllers/queue-state-controller.js';
import { AgentStatusChangeEvent } from '../../events/agent-status-change.js';
import { TandemError } from '../../errors.js';
import { ErrorCode, type AgentProfile, type AgentStatus, type QueueState } from '../../protocol/frames.js';
import { formatAgentsOnline } from '../../format.js';
import { tokens } from '../../styles/tokens.styles.js';
import { styles } from './agent-console.styles.js';

const STATUSES: readonly AgentStatus[] = ['online', 'busy', 'offline'];

/**
 * Where the shop's agents work: sign in, set your status, and see the queue.
 *
 * @tagname agent-console
 * @summary The agents' side: sign-in, status and the queue they serve.
 *
 * @fires agent-status-change - The agent signed in, changed status or signed out. `detail`: `{agent}` (null once signed out).
 * @fires error - The console cannot reach its hub or org. `detail`: `{code, message}`. Does not bubble.
 *
 * @csspart base - The console's frame; `data-state` is `signed-out` or `signed-in`.
 * @csspart sign-in-form - The sign-in form.
 * @csspart profile - The signed-in agent's name, photo and status control.
 * @csspart queue - The summary of the queue.
 *
 * @cssprop --tandem-color-accent - Accent colour of buttons and focus rings.
 * @cssprop --tandem-color-surface - Background.
 * @cssprop --tandem-radius - Corner radius.
 */
@localized()
export class AgentConsole extends TandemElement {
  static override styles = [tokens, styles];

  /** The queue whose summary the console shows: id, name or slug. */
  @property() queue = '';

  @state() private busy = false;
  @state() private message = '';

  private readonly queueState = new QueueStateController(this, this.hub, () => this.queue || 'default');
  private lastAnnounced: AgentProfile | null = null;

  /** The signed-in agent, or null. */
  get agent(): AgentProfile | null {
    return this.hub.session?.agent ?? null;
  }

  /** Signs an agent in; resolves with its profile, rejects with a TandemError (`bad-credentials`, ...). */
  async signIn(agentId: string, password: string): Promise<AgentProfile> {
    const agent = await this.requireSession().signIn(agentId, password);
    this.announceAgent();
    return agent;
  }

  /** Sets the signed-in agent's status; visitors' widgets update live. */
  async setStatus(status: AgentStatus): Promise<AgentProfile> {
    if (!STATUSES.includes(status)) {
      throw new TandemError(ErrorCode.badFrame, `Status must be one of ${STATUSES.join(', ')}; got "${String(status)}".`);
    }
    const agent = await this.requireSession().setStatus(status);
    this.announceAgent();
    return agent;
  }

  async signOut(): Promise<void> {
    await this.requireSession().signOut();
    this.announceAgent();
  }

  override updated(): void {
    // A status set from another tab arrives as a hub event: announce it like a local change.
    this.announceAgent();
  }

  private requireSession() {
    const session = this.hub.session;
    if (session) return session;
    const { connection } = this.hub;
    const error = connection.kind === 'unavailable' ? connection.error : null;
    throw new TandemError(error?.code ?? ErrorCode.orgNotFound, error?.message ?? 'No org-id is set.');
  }

  private announceAgent(): void {
    const agent = this.agent;
    if (agent === this.lastAnnounced) return;
    if (agent && this.lastAnnounced && agent.id === this.lastAnnounced.id && agent.status === this.lastAnnounced.status) {
      this.lastAnnounced = agent;
      return;
    }
    this.lastAnnounced = agent;
    this.dispatchEvent(new AgentStatusChangeEvent({ agent }));
  }

  private async run(action: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.message = '';
    try {
      await action();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.message =
        error instanceof TandemError && error.code === ErrorCode.badCredentials
          ? msg('That agent id and password do not match.', { id: 'console.badCredentials' })
          : msg(str`Something went wrong: ${reason}`, { id: 'console.failed' });
    } finally {
      this.busy = false;
    }
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    void this.run(() => this.signIn(String(data.get('agentId') ?? '').trim(), String(data.get('password') ?? '')));
  }

  private onStatusChange(event: Event): void {
    const select = event.target as HTMLSelectElement;
    void this.run(() => this.setStatus(select.value as AgentStatus)).then(() => {
      // On failure the control goes back to what the hub holds.
      select.value = this.agent?.status ?? select.value;
    });
  }

  private statusLabel(status: AgentStatus): string {
    return {
      online: msg('Online', { id: 'status.online' }),
      busy: msg('Busy', { id: 'status.busy' }),
      offline: msg('Offline', { id: 'status.offline' }),
    }[status];
  }

  private queueSummary(queue: QueueState): string {
    const open = queue.isOpen ? msg('open', { id: 'queue.open' }) : msg('closed', { id: 'queue.closed' });
    const agents = formatAgentsOnline(queue.numberOfAgentsOnline);
    return msg(str`${queue.name}: ${open} · ${agents} · ${queue.waiting} waiting`, { id: 'console.queueSummary' });
  }

  private renderSignIn(): TemplateResult {
    const unavailable = this.hub.connection.kind === 'unavailable';
    return html`<h2>${msg('Agent sign-in', { id: 'console.signInTitle' })}</h2>
      <form part="sign-in-form" @submit=${this.onSubmit}>
        <label>
          ${msg('Agent id', { id: 'console.agentId' })}
          <input name="agentId" autocomplete="username" required />
        </label>
        <label>
          ${msg('Password', { id: 'console.password' })}
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit" ?disabled=${this.busy || unavailable}>
          ${this.busy ? msg('Signing in…', { id: 'console.signingIn' }) : msg('Sign in', { id: 'console.signIn' })}
        </button>
      </form>`;
  }

  private renderSignedIn(agent: AgentProfile): TemplateResult {
    const queue = this.queueState.state;
    return html`<div part="profile" class="profile">
        <img src=${agent.profile_photo_url} alt="" width="48" height="48" />
        <div class="who">
          <span class="name">${agent.name}</span>
          <span><span class="dot" data-status=${agent.status} aria-hidden="true"></span> ${this.statusLabel(agent.status)}</span>
        </div>
        <button class="secondary" type="button" @click=${() => this.run(() => this.signOut())} ?disabled=${this.busy}>
          ${msg('Sign out', { id: 'console.signOut' })}
        </button>
      </div>
      <div class="status-row">
        <label>
          ${msg('Status', { id: 'console.status' })}
          <select name="status" .value=${agent.status} @change=${this.onStatusChange} ?disabled=${this.busy}>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${s === agent.status}>${this.statusLabel(s)}</option>`)}
          </select>
        </label>
      </div>
      <p part="queue" class="queue" role="status">
        ${queue ? this.queueSummary(queue) : msg('Connecting…', { id: 'status.connecting' })}
      </p>`;
  }

  override render(): TemplateResult {
    const agent = this.agent;
    const connection = this.hub.connection;
    return html`<section part="base" data-state=${agent ? 'signed-in' : 'signed-out'} aria-label=${msg('Agent console', { id: 'console.label' })}>
      ${agent ? this.renderSignedIn(agent) : this.renderSignIn()}
      <p class="message" role="alert">
        ${this.message ||
        (connection.kind === 'unavailable'
          ? msg('The hub cannot be reached. Retrying…', { id: 'console.unavailable' })
          : '')}
      </p>
    </section>`;
  }
}

defineElement('agent-console', AgentConsole);

declare global {
  interface HTMLElementTagNameMap {
    'agent-console': AgentConsole;
  }
}
