import type { CloseCode, PROTOCOL_VERSION, QueueState } from '../protocol/frames.js';
import type { PublicOrgSettings } from '../protocol/org-settings.js';
import { known, knownKey } from '../session/handoff.js';

/**
 * What the launcher needs of the hub before a visitor acts, and nothing more: one WebSocket per hub
 * and org, a tokenless hello, and the live state of the queues the idle cards show. No outbox, no
 * commands, no resume: the full session (`src/session/`) takes over when the heavy part loads.
 */

export type LiteConnection = 'connecting' | 'ready' | 'unavailable';

interface Watch {
  state: QueueState | null;
  /** The hub said this queue does not exist. */
  missing: boolean;
  listeners: Set<() => void>;
}

// The protocol's constants as literals, checked against frames.ts: importing them would pull its
// every constant into the launcher.
const VERSION: typeof PROTOCOL_VERSION = 1;
const REFUSED: ReadonlyArray<(typeof CloseCode)[keyof typeof CloseCode]> = [4404, 4403];
const RETRY_MS = 1000;
const RETRY_MAX_MS = 30_000;

export class LiteHub {
  connection: LiteConnection = 'connecting';
  settings: PublicOrgSettings = {};
  private socket: WebSocket | null = null;
  private readonly watches = new Map<string, Watch>();
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly hubUrl: string,
    private readonly orgId: string,
  ) {
    this.open();
  }

  /** Keeps `term`'s state live while watched; `listener` runs on every change of it or the connection. */
  watch(term: string, listener: () => void): () => void {
    const key = term.toLowerCase();
    let watch = this.watches.get(key);
    if (!watch) {
      this.watches.set(key, (watch = { state: null, missing: false, listeners: new Set() }));
      this.subscribe(key);
    }
    watch.listeners.add(listener);
    return () => watch.listeners.delete(listener);
  }

  queue(term: string): Watch | undefined {
    return this.watches.get(term.toLowerCase());
  }

  /** Whether any listener is left; the launcher closes a hub nobody watches. */
  get watched(): boolean {
    for (const watch of this.watches.values()) if (watch.listeners.size) return true;
    return false;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.close(1000);
  }

  private open(): void {
    const url = new URL('/ws', this.hubUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('org', this.orgId);
    let socket: WebSocket;
    try {
      socket = this.socket = new WebSocket(url);
    } catch {
      return this.set('unavailable');
    }
    socket.onopen = () => this.send('hello', 'hello', {});
    socket.onmessage = (e: MessageEvent) => this.receive(e.data);
    socket.onclose = (e: CloseEvent) => {
      if (this.closed || socket !== this.socket) return;
      const refused = (REFUSED as readonly number[]).includes(e.code);
      this.set(refused || this.connection !== 'ready' ? 'unavailable' : 'connecting');
      const ceiling = Math.min(RETRY_MAX_MS, RETRY_MS * 2 ** (refused ? 10 : this.attempt++));
      this.timer = setTimeout(() => this.open(), ceiling / 2 + Math.random() * (ceiling / 2));
    };
  }

  private send(id: string, type: string, body: object): void {
    this.socket?.send(JSON.stringify({ ...body, v: VERSION, type, id }));
  }

  private subscribe(key: string): void {
    if (this.connection === 'ready') this.send(`q${++this.nextId}:${key}`, 'queue.subscribe', { queue: key });
  }

  private receive(data: unknown): void {
    let frame: { type?: string; re?: string; result?: { settings?: PublicOrgSettings; queue?: QueueState } };
    let queue: QueueState | undefined;
    try {
      frame = JSON.parse(String(data)) as typeof frame;
    } catch {
      return;
    }
    const re = frame.re ?? '';
    if (re === 'hello' && frame.type === 'reply') {
      this.attempt = 0;
      this.settings = frame.result?.settings ?? {};
      known.settings.set(knownKey(this.hubUrl, this.orgId), this.settings);
      this.set('ready');
      for (const key of this.watches.keys()) this.subscribe(key);
      return;
    }
    const key = re.slice(re.indexOf(':') + 1);
    const watch = re.startsWith('q') ? this.watches.get(key) : undefined;
    if (watch && frame.type === 'error') watch.missing = true;
    if (frame.type === 'reply' || frame.type === 'queue.state')
      queue = frame.result?.queue ?? (frame as { queue?: QueueState }).queue;
    if (queue) {
      for (const [k, w] of this.watches) {
        if (w === watch || w.state?.queueId === queue.queueId || k === queue.queueId) {
          w.state = queue;
          known.queues.set(knownKey(this.hubUrl, this.orgId, k), queue);
        }
      }
    }
    this.notify();
  }

  private set(connection: LiteConnection): void {
    this.connection = connection;
    this.notify();
  }

  private notify(): void {
    for (const watch of this.watches.values()) for (const listener of watch.listeners) listener();
  }
}
