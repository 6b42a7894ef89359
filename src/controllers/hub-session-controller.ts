import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ErrorCode } from '../protocol/frames.js';
import type { TandemErrorDetail } from '../events/tandem-error.js';
import type { ConnectionState } from '../session/hub-client.js';
import type { HubSession } from '../session/hub-session.js';
import { acquireSession, releaseSession } from '../session/session-registry.js';
import { normalizeHubUrl } from '../session/default-hub-url.js';

export interface HubConfig {
  hubUrl: string | undefined;
  orgId: string | undefined;
}

const missingOrg: ConnectionState = {
  kind: 'unavailable',
  error: { code: ErrorCode.orgNotFound, message: 'Set the org-id attribute to your organisation id.' },
};

/**
 * Gives its element the page's shared session for the element's (hub-url, org-id), follows changes
 * of either, and reports each new problem once through `onError`.
 */
export class HubSessionController implements ReactiveController {
  session: HubSession | null = null;

  private readonly host: ReactiveControllerHost;
  private readonly config: () => HubConfig;
  private readonly onError: (detail: TandemErrorDetail) => void;
  /** null until the first sync, so that a missing org-id is reported too. */
  private key: string | null = null;
  private stopListening: (() => void) | null = null;
  private reported: string | null = null;

  constructor(
    host: ReactiveControllerHost,
    config: () => HubConfig,
    onError: (detail: TandemErrorDetail) => void,
  ) {
    (this.host = host).addController(this);
    this.config = config;
    this.onError = onError;
  }

  get connection(): ConnectionState {
    return this.session ? this.session.connection : missingOrg;
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.release();
    this.key = null;
  }

  /** Reports a problem found by another controller, with the same once-per-problem rule. */
  report(detail: TandemErrorDetail | null): void {
    const id = detail ? `${detail.code}:${detail.message}` : null;
    if (id === this.reported) return;
    this.reported = id;
    if (detail) this.onError(detail);
  }

  private sync(): void {
    const { hubUrl, orgId } = this.config();
    const key = orgId ? `${normalizeHubUrl(hubUrl)}\n${orgId}` : '';
    if (key === this.key && (this.session || !key)) return;
    this.release();
    this.key = key;
    if (orgId) {
      this.session = acquireSession(normalizeHubUrl(hubUrl), orgId);
      this.stopListening = this.session.onChange(() => this.onSessionChange());
    }
    this.onSessionChange();
  }

  private onSessionChange(): void {
    const connection = this.connection;
    if (connection.kind === 'unavailable') this.report(connection.error);
    else if (connection.kind === 'ready') this.report(null);
    this.host.requestUpdate();
  }

  private release(): void {
    this.stopListening?.();
    this.stopListening = null;
    if (this.session) releaseSession(this.session);
    this.session = null;
  }
}
