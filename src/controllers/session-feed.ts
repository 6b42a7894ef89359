import type { HubEvent } from '../session/hub-client.js';
import type { HubSession } from '../session/hub-session.js';
import type { HubSessionController } from './hub-session-controller.js';

export interface SessionFeedHandlers {
  /** Every event the hub pushes on the element's session. */
  onEvent(frame: HubEvent): void;
  /**
   * What identifies the state this controller must (re)load, such as the connection and the signed-in
   * agent; null while there is nothing to load (not connected, nobody signed in).
   */
  key(session: HubSession, sessionId: string): string | null;
  /**
   * Loads for a new key: after each new connection (hello), or a sign-in. A rejection tries again at
   * the next change. `signal` aborts when a newer key loads or the feed stops.
   */
  load(session: HubSession, signal: AbortSignal): Promise<unknown>;
  /** The key went to null (signed out, say): clear what was loaded. */
  clear?(): void;
}

/** The key of a controller that loads for the signed-in agent: each connection, each agent. */
export function signedInAgentKey(session: HubSession, connectionId: string): string | null {
  return session.agent ? `${connectionId}:${session.agent.id}` : null;
}

/**
 * Follows an element's session for a controller: forwards the hub's events, and loads what the
 * controller shows once per connection (the hub forgets watches when a socket closes), so that
 * each controller only says what to load and how to take events.
 */
export class SessionFeed {
  private readonly hub: HubSessionController;
  private readonly handlers: SessionFeedHandlers;
  private listening: { session: HubSession; stop: () => void } | null = null;
  private loadedFor: string | null = null;
  private loading: AbortController | null = null;

  constructor(hub: HubSessionController, handlers: SessionFeedHandlers) {
    this.hub = hub;
    this.handlers = handlers;
  }

  /** A feed that only forwards the hub's events: for controllers with nothing to load. */
  static events(hub: HubSessionController, onEvent: (frame: HubEvent) => void): SessionFeed {
    return new SessionFeed(hub, { onEvent, key: () => null, load: () => Promise.resolve() });
  }

  /** Call from hostConnected and hostUpdate: follows a change of session and loads when due. */
  sync(): void {
    const session = this.hub.session;
    if (this.listening?.session !== session) {
      this.stop();
      if (session) {
        const stopEvents = session.onHubEvent((frame) => this.handlers.onEvent(frame));
        const stopChanges = session.onChange(() => this.check());
        this.listening = {
          session,
          stop: () => {
            stopEvents();
            stopChanges();
          },
        };
      }
    }
    this.check();
  }

  /** Call from hostDisconnected. */
  stop(): void {
    this.listening?.stop();
    this.listening = null;
    this.loadedFor = null;
    this.loading?.abort();
    this.loading = null;
  }

  /** Forgets what was loaded, so that the next check loads again. */
  reset(): void {
    this.loadedFor = null;
  }

  /** Loads again now (a pushed diff showed a gap: the loaded state cannot be patched). */
  reload(): void {
    this.loadedFor = null;
    this.check();
  }

  private check(): void {
    const session = this.hub.session;
    const connection = session?.connection;
    const key =
      session && connection?.kind === 'ready' ? this.handlers.key(session, connection.hello.sessionId) : null;
    if (key === null) {
      // A dropped connection keeps what was loaded until the next one; only a key gone for good clears.
      if (this.loadedFor !== null && connection?.kind === 'ready') {
        this.loadedFor = null;
        this.loading?.abort();
        this.loading = null;
        this.handlers.clear?.();
      }
      return;
    }
    if (key === this.loadedFor || !session) return;
    this.loadedFor = key;
    this.loading?.abort();
    const loading = (this.loading = new AbortController());
    this.handlers.load(session, loading.signal).catch(() => {
      if (this.loadedFor === key) this.loadedFor = null;
    });
  }
}
