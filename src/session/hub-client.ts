import {
  CloseCode,
  ErrorCode,
  PROTOCOL_VERSION,
  type ClientFrame,
  type ClientFrameType,
  type CommandResults,
  type HelloResult,
  type HubFrame,
  type ReplyFrame,
  type ErrorFrame,
} from '../protocol/frames.js';
import { TandemError, toErrorDetail } from '../errors.js';
import type { TandemErrorDetail } from '../events/tandem-error.js';

/** Where the connection stands, as the widgets show it. */
export type ConnectionState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'ready'; readonly hello: HelloResult }
  | { readonly kind: 'unavailable'; readonly error: TandemErrorDetail };

/** Every frame the hub pushes without being asked. */
export type HubEvent = Exclude<HubFrame, ReplyFrame | ErrorFrame>;

export type CommandBody<T extends ClientFrameType> = Omit<
  Extract<ClientFrame, { type: T }>,
  'v' | 'type' | 'id'
>;

export interface RequestOptions {
  /** How long to wait for the reply, connection time included. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HubClientOptions {
  /** The hub's base URL, http(s)://host[:port]. */
  hubUrl: string;
  orgId: string;
  /** What the next `hello` presents. */
  helloParams(): { visitorToken?: string; agentToken?: string };
  /** After each successful hello, before queued commands go out: restore subscriptions here. */
  onReady(hello: HelloResult): void;
  onEvent(frame: HubEvent): void;
  onStateChange(state: ConnectionState): void;
}

interface Pending {
  frame: ClientFrame;
  resolve(result: unknown): void;
  reject(error: TandemError): void;
  timer: ReturnType<typeof setTimeout>;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 15_000;
const HEARTBEAT_MS = 25_000;

/**
 * One WebSocket to the hub: connects, says hello, reconnects with jittered exponential backoff, and
 * matches replies to commands by id. Commands issued while the socket is down wait in an outbox and
 * go out, in order, once the next hello succeeds; a command whose reply was lost is sent again (the
 * hub's commands are idempotent by id).
 */
export class HubClient {
  private readonly options: HubClientOptions;
  private socket: WebSocket | null = null;
  private readonly pending = new Map<string, Pending>();
  private ready = false;
  private closed = false;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  /** Why the hub turned the last connection away, from its error frame. */
  private refusal: TandemErrorDetail | null = null;
  /** The hub asked not to be tried again before this time (ms since the epoch). */
  private notBefore = 0;
  private nextId = 0;
  private state: ConnectionState = { kind: 'connecting' };

  constructor(options: HubClientOptions) {
    this.options = options;
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  connect(): void {
    this.closed = false;
    globalThis.addEventListener?.('online', this.retryNow);
    this.open();
  }

  close(): void {
    this.closed = true;
    globalThis.removeEventListener?.('online', this.retryNow);
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeatTimer);
    this.socket?.close(1000);
    this.socket = null;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new TandemError(ErrorCode.hubUnreachable, 'The connection to the hub was closed.'));
      this.pending.delete(id);
    }
  }

  request<T extends ClientFrameType>(
    type: T,
    body: CommandBody<T>,
    { timeoutMs = DEFAULT_TIMEOUT_MS, signal }: RequestOptions = {},
  ): Promise<CommandResults[T]> {
    const id = `c${++this.nextId}-${Math.random().toString(36).slice(2, 8)}`;
    const frame = { ...body, v: PROTOCOL_VERSION, type, id } as unknown as ClientFrame;
    return new Promise<CommandResults[T]>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new TandemError(ErrorCode.timeout, 'The request was cancelled.'));
        return;
      }
      // An aborted request rejects at once, and its reply, if one still comes, finds nothing to settle.
      const onAbort = (): void => {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new TandemError(ErrorCode.timeout, 'The request was cancelled.'));
      };
      const settled = (): void => signal?.removeEventListener('abort', onAbort);
      const timer = setTimeout(() => {
        settled();
        this.pending.delete(id);
        reject(
          this.ready
            ? new TandemError(ErrorCode.timeout, `The hub did not answer "${type}" in time.`)
            : new TandemError(this.unavailableError().code, this.unavailableError().message),
        );
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        frame,
        resolve: (result) => {
          settled();
          resolve(result as CommandResults[T]);
        },
        reject: (error) => {
          settled();
          reject(error);
        },
        timer,
      });
      if (this.ready) this.send(frame);
    });
  }

  private readonly retryNow = (): void => {
    if (this.closed || this.ready || this.socket) return;
    clearTimeout(this.reconnectTimer);
    this.open();
  };

  private open(): void {
    const url = new URL('/ws', this.options.hubUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('org', this.options.orgId);
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch {
      // A malformed hub URL: nothing to retry until it changes.
      this.setState({
        kind: 'unavailable',
        error: {
          code: ErrorCode.hubUnreachable,
          message: `"${this.options.hubUrl}" is not a valid hub URL.`,
        },
      });
      return;
    }
    this.socket = socket;
    this.refusal = null;
    socket.addEventListener('open', () => this.sayHello(socket));
    socket.addEventListener('message', (e: MessageEvent) => this.receive(e.data));
    socket.addEventListener('close', (e: CloseEvent) => this.onClose(socket, e.code));
  }

  private sayHello(socket: WebSocket): void {
    const id = `hello-${++this.nextId}`;
    const frame = { v: PROTOCOL_VERSION, type: 'hello', id, ...this.options.helloParams() } as ClientFrame;
    const timer = setTimeout(() => socket.close(4000), DEFAULT_TIMEOUT_MS);
    this.pending.set(id, {
      frame,
      timer,
      resolve: (result) => {
        if (socket !== this.socket) return;
        this.ready = true;
        this.attempt = 0;
        const hello = result as HelloResult;
        this.setState({ kind: 'ready', hello });
        this.options.onReady(hello);
        for (const p of this.pending.values()) this.send(p.frame);
        this.startHeartbeat();
      },
      reject: (error) => {
        // Too many new visitors from this address: say so, and do not come back before the hub said.
        if (error.code === ErrorCode.rateLimited) {
          this.refusal = toErrorDetail(error);
          this.notBefore = Date.now() + (error.retryAfter ?? 1) * 1000;
        }
        socket.close(4000);
      },
    });
    socket.send(JSON.stringify(frame));
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: HubFrame;
    try {
      frame = JSON.parse(data) as HubFrame;
    } catch {
      return; // The hub never sends this; a proxy might. Nothing to act on.
    }
    if (frame.type !== 'reply' && frame.type !== 'error') {
      this.options.onEvent(frame);
      return;
    }
    if (!frame.re) {
      // An error that answers no command: the hub turning this connection away.
      if (frame.type === 'error') this.refusal = { code: frame.code, message: frame.message };
      return;
    }
    const p = this.pending.get(frame.re);
    if (!p) return;
    this.pending.delete(frame.re);
    clearTimeout(p.timer);
    if (frame.type === 'reply') p.resolve(frame.result);
    else p.reject(new TandemError(frame.code, frame.message, retryAfterOf(frame.retryAfter)));
  }

  private onClose(socket: WebSocket, code: number): void {
    if (socket !== this.socket) return;
    this.socket = null;
    const wasReady = this.ready;
    this.ready = false;
    clearInterval(this.heartbeatTimer);
    // Hello is per connection: a fresh one goes out on the next socket.
    for (const [id, p] of this.pending) {
      if (p.frame.type === 'hello') {
        clearTimeout(p.timer);
        this.pending.delete(id);
      }
    }
    if (this.closed) return;
    const refused = code === CloseCode.orgNotFound || code === CloseCode.originNotAllowed;
    if (refused || !wasReady) this.setState({ kind: 'unavailable', error: this.unavailableError() });
    else this.setState({ kind: 'connecting' });
    if (refused) {
      // The org's settings may change: try again, but slowly.
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new TandemError(this.unavailableError().code, this.unavailableError().message));
        this.pending.delete(id);
      }
      this.attempt = Math.max(this.attempt, 10);
    }
    this.scheduleReconnect();
  }

  private unavailableError(): TandemErrorDetail {
    return (
      this.refusal ?? {
        code: ErrorCode.hubUnreachable,
        message: `The hub at ${this.options.hubUrl} cannot be reached.`,
      }
    );
  }

  private scheduleReconnect(): void {
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    this.attempt++;
    // Full jitter spreads the reconnects of many visitors after a hub restart.
    const delay = Math.max(ceiling / 2 + Math.random() * (ceiling / 2), this.notBefore - Date.now());
    this.reconnectTimer = setTimeout(() => this.open(), delay);
  }

  private startHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    // Catches half-open connections (a sleeping laptop, a dropped NAT mapping) that never fire close.
    this.heartbeatTimer = setInterval(() => {
      const socket = this.socket;
      this.request('ping', {}, { timeoutMs: 10_000 }).catch(() => {
        if (socket === this.socket) socket?.close(4000);
      });
    }, HEARTBEAT_MS);
  }

  private send(frame: ClientFrame): void {
    this.socket?.send(JSON.stringify(frame));
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.options.onStateChange(state);
  }
}

/** A hub's `retryAfter`, when it is a sane number of seconds. */
function retryAfterOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? Math.min(value, 86400)
    : undefined;
}
