import { ErrorCode, type AgentProfile, type AgentStatus, type QueueState } from '../protocol/frames.js';
import { TandemError } from '../errors.js';
import type { TandemErrorDetail } from '../events/tandem-error.js';
import { readVisitorToken } from './visitor-storage.js';
import {
  HubClient,
  type CommandBody,
  type ConnectionState,
  type HubEvent,
  type RequestOptions,
} from './hub-client.js';
import type { ClientFrameType, CommandResults } from '../protocol/frames.js';
import { PageVisitor } from './page-visitor.js';
import { known, knownKey } from './handoff.js';
import type { PublicOrgSettings } from '../protocol/org-settings.js';

/** What the page knows of one queue, by the term a widget named it with (id, name or slug). */
export interface QueueWatch {
  readonly term: string;
  queueId: string | null;
  state: QueueState | null;
  /** Set when the hub says the queue does not exist in this org. */
  error: TandemErrorDetail | null;
}

interface QueueEntry extends QueueWatch {
  listeners: Set<() => void>;
  subscribing: boolean;
}

/**
 * The page's one connection to a hub for one org, shared by every widget on the page.
 * It owns the connection and what the hub told it; controllers read from it and listen for changes.
 */
export class HubSession {
  readonly hubUrl: string;
  readonly orgId: string;
  agent: AgentProfile | null = null;
  /** What the org's operator set for its widgets; empty until the first hello. */
  settings: PublicOrgSettings = {};
  /** What the page's visitor is doing (call, chat): one truth for every widget of the page. */
  readonly visitor = new PageVisitor(() => this.notify());

  private readonly client: HubClient;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(frame: HubEvent) => void>();
  private readonly queues = new Map<string, QueueEntry>();
  /** Kept in memory only: writing it anywhere waits for the visitor's first interaction. */
  private visitorToken: string | null = null;
  private agentToken: string | null = null;
  private warned: string | null = null;

  constructor(hubUrl: string, orgId: string) {
    this.hubUrl = hubUrl;
    this.orgId = orgId;
    this.settings = known.settings.get(knownKey(hubUrl, orgId)) ?? {};
    // A visitor who joined a queue before a reload presents the same token, to resume the ticket.
    this.visitorToken = readVisitorToken(hubUrl, orgId);
    this.client = new HubClient({
      hubUrl,
      orgId,
      helloParams: () => ({
        ...(this.visitorToken ? { visitorToken: this.visitorToken } : {}),
        ...(this.agentToken ? { agentToken: this.agentToken } : {}),
      }),
      onReady: (hello) => {
        this.visitorToken = hello.visitorToken;
        if (this.agentToken && !hello.agent) this.agentToken = null;
        this.agent = hello.agent;
        this.settings = hello.settings ?? {};
        this.warned = null;
        for (const entry of this.queues.values()) this.subscribe(entry);
      },
      onEvent: (frame) => this.receive(frame),
      onStateChange: (state) => this.onStateChange(state),
    });
    this.client.connect();
  }

  get connection(): ConnectionState {
    return this.client.connectionState;
  }

  /** Calls `listener` on every change of connection, agent or queue state. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every event the hub pushes (tickets, calls, signalling), for controllers that own those concerns. */
  onHubEvent(listener: (frame: HubEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Sends a command; it waits in the outbox while the connection is down. */
  command<T extends ClientFrameType>(
    type: T,
    body: CommandBody<T>,
    options?: RequestOptions,
  ): Promise<CommandResults[T]> {
    return this.client.request(type, body, options);
  }

  /**
   * The visitor token to present at the next hello: one a page kept from an earlier visit, so that
   * the visitor's ticket can be resumed. Takes effect at once when not yet connected.
   */
  useVisitorToken(token: string): void {
    if (this.connection.kind === 'ready' && this.visitorToken === token) return;
    this.visitorToken = token;
  }

  /** The visitor token the hub gave this page (null before the first hello). */
  get currentVisitorToken(): string | null {
    return this.visitorToken;
  }

  /** Keeps the queue's state live while at least one watcher remains. */
  watchQueue(term: string, listener: () => void): () => void {
    const key = term.toLowerCase();
    let entry = this.queues.get(key);
    if (!entry) {
      // The launcher's last state of this queue, if it showed one: replaced by the subscription's.
      const state = known.queues.get(knownKey(this.hubUrl, this.orgId, term)) ?? null;
      entry = {
        term,
        queueId: state?.queueId ?? null,
        state,
        error: null,
        listeners: new Set(),
        subscribing: false,
      };
      this.queues.set(key, entry);
      this.subscribe(entry);
    }
    entry.listeners.add(listener);
    const watched = entry;
    return () => {
      watched.listeners.delete(listener);
      if (watched.listeners.size > 0) return;
      // A late unwatch must not drop a newer entry for the same term.
      if (this.queues.get(key) === watched) this.queues.delete(key);
      this.unsubscribeIfUnwatched(watched.queueId);
    };
  }

  /**
   * The hub subscribes per queue id, and two terms ("default", "Support") may name one queue. An entry
   * whose subscription is still on its way may be for this very queue: unsubscribing then would cut
   * it off, so the subscription stays (it costs a few frames until the connection closes).
   */
  private unsubscribeIfUnwatched(queueId: string | null): void {
    if (!queueId || this.connection.kind !== 'ready') return;
    for (const entry of this.queues.values()) if (entry.queueId === queueId || entry.queueId === null) return;
    this.client.request('queue.unsubscribe', { queueId }).catch(() => undefined);
  }

  queue(term: string): QueueWatch | undefined {
    return this.queues.get(term.toLowerCase());
  }

  /** Resolves with the queue's state as soon as the hub has sent it. */
  queueState(term: string, signal?: AbortSignal): Promise<QueueState> {
    return new Promise((resolve, reject) => {
      const settle = (): boolean => {
        const watch = this.queue(term);
        const error = watch?.error ?? (this.connection.kind === 'unavailable' ? this.connection.error : null);
        if (watch?.state) resolve(watch.state);
        else if (error) reject(new TandemError(error.code, error.message));
        else return false;
        return true;
      };
      const stopWatching = this.watchQueue(term, () => undefined);
      const stopListening = this.onChange(() => settle() && done());
      const timer = setTimeout(() => {
        done();
        reject(new TandemError(ErrorCode.timeout, `No state for queue "${term}" arrived in time.`));
      }, 15_000);
      const done = (): void => {
        clearTimeout(timer);
        stopListening();
        // Let a subscription that only this call asked for live a little, for calls in a row.
        setTimeout(stopWatching, 5_000);
      };
      signal?.addEventListener('abort', () => {
        done();
        reject(new TandemError(ErrorCode.timeout, 'Cancelled.'));
      });
      if (settle()) done();
    });
  }

  async signIn(agentId: string, password: string): Promise<AgentProfile> {
    const result = await this.client.request('agent.signIn', { agentId, password });
    this.agentToken = result.token;
    this.agent = result.agent;
    this.notify();
    return result.agent;
  }

  async signOut(): Promise<void> {
    if (!this.agent) return;
    await this.client.request('agent.signOut', {});
    this.agent = null;
    this.agentToken = null;
    this.notify();
  }

  async setStatus(status: AgentStatus): Promise<AgentProfile> {
    const { agent } = await this.client.request('agent.setStatus', { status });
    this.agent = agent;
    this.notify();
    return agent;
  }

  close(): void {
    this.client.close();
    this.listeners.clear();
    this.eventListeners.clear();
  }

  private subscribe(entry: QueueEntry): void {
    if (entry.subscribing) return;
    entry.subscribing = true;
    this.client
      .request('queue.subscribe', { queue: entry.term })
      .then(({ queue }) => {
        entry.queueId = queue.queueId;
        entry.state = queue;
        entry.error = null;
        if (entry.listeners.size === 0) this.unsubscribeIfUnwatched(queue.queueId);
      })
      .catch((error: unknown) => {
        if (error instanceof TandemError && error.code === ErrorCode.notFound) {
          entry.error = { code: error.code, message: error.message };
          this.warnOnce(`[tandem] ${error.message}`);
        }
        // Any other failure is a connection problem: onReady subscribes again.
      })
      .finally(() => {
        entry.subscribing = false;
        this.notify();
      });
  }

  private receive(frame: HubEvent): void {
    if (frame.type === 'queue.state') {
      for (const entry of this.queues.values()) {
        if (entry.queueId === frame.queue.queueId) entry.state = frame.queue;
      }
      this.notify();
    } else if (frame.type === 'agent.state') {
      this.agent = frame.agent;
      this.notify();
    }
    for (const listener of this.eventListeners) listener(frame);
  }

  private onStateChange(state: ConnectionState): void {
    if (state.kind === 'unavailable') {
      this.warnOnce(
        `[tandem] ${state.error.message} (${state.error.code}). The widgets stay quiet and retry.`,
      );
    }
    this.notify();
  }

  /** One console warning per problem, not one per retry or per widget. */
  private warnOnce(message: string): void {
    if (this.warned === message) return;
    this.warned = message;
    console.warn(message);
  }

  private notify(): void {
    for (const entry of this.queues.values()) for (const l of entry.listeners) l();
    for (const l of this.listeners) l();
  }
}
