import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ErrorCode, type QueueState } from '../protocol/frames.js';
import { TandemError } from '../errors.js';
import type { TandemErrorDetail } from '../events/tandem-error.js';
import type { HubSession } from '../session/hub-session.js';
import type { HubSessionController } from './hub-session-controller.js';

/** Called with the previous state (null when this is the first for the queue) and the new one. */
export type QueueStateListener = (previous: QueueState | null, next: QueueState) => void;

/**
 * Live state of one queue: open or closed, next open and close time, agents online, estimated
 * waiting time. Follows the element's session and queue term; tells listeners of every change.
 */
export class QueueStateController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly hub: HubSessionController;
  private readonly term: () => string;
  private readonly listeners = new Set<QueueStateListener>();
  private watching: { session: HubSession; term: string; stop: () => void } | null = null;
  private last: QueueState | null = null;

  constructor(host: ReactiveControllerHost, hub: HubSessionController, term: () => string) {
    (this.host = host).addController(this);
    this.hub = hub;
    this.term = term;
  }

  get state(): QueueState | null {
    return this.last;
  }

  /** The hub's word that the queue does not exist, if it said so. */
  get error(): TandemErrorDetail | null {
    return this.watching ? (this.watching.session.queue(this.watching.term)?.error ?? null) : null;
  }

  /** The term the element currently asks for. */
  get queueTerm(): string {
    return this.term();
  }

  /**
   * The state of a queue (default: the element's own) as soon as the hub has sent it; rejects with a
   * TandemError when the element has no hub or org, or the queue does not exist.
   */
  stateOf(queueTerm?: string): Promise<QueueState> {
    const session = this.hub.session;
    if (!session) {
      const { connection } = this.hub;
      const error = connection.kind === 'unavailable' ? connection.error : null;
      return Promise.reject(
        new TandemError(error?.code ?? ErrorCode.orgNotFound, error?.message ?? 'No org-id is set.'),
      );
    }
    return session.queueState(queueTerm || this.term());
  }

  addListener(listener: QueueStateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.watching?.stop();
    this.watching = null;
  }

  private sync(): void {
    const session = this.hub.session;
    const term = this.term();
    if (this.watching?.session === session && this.watching.term === term) return;
    this.watching?.stop();
    this.watching = null;
    this.last = null;
    if (!session) return;
    const stop = session.watchQueue(term, () => this.onChange());
    this.watching = { session, term, stop };
    this.onChange();
  }

  private onChange(): void {
    const watch = this.watching && this.watching.session.queue(this.watching.term);
    const error = watch?.error ?? null;
    if (error) this.hub.report(error);
    const next = watch?.state ?? null;
    if (!next || next === this.last) return;
    const previous = this.last;
    this.last = next;
    for (const listener of this.listeners) listener(previous, next);
    this.host.requestUpdate();
  }
}
