/**
 * A small protocol client for the hub tests: records every frame it receives, and waits for the
 * frame a test expects (with a time limit that only turns a hang into a failure).
 */
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

import WebSocket from 'ws';

import type { ClientFrame, HubFrame, QueueState } from '../../src/protocol/frames.js';

/** Long enough never to matter on a slow machine; only there so a missing frame fails the test. */
export const WAIT_MS = 10_000;

type Distribute<T> = T extends unknown ? Omit<T, 'v' | 'id'> : never;
/** A command as tests write it: `v` and `id` are filled in. */
export type Command = Distribute<ClientFrame>;

export interface Closed {
  code: number;
  reason: string;
}

export interface ConnectOptions {
  org?: string;
  /**
   * Origin header: by default a page on localhost, as a browser sends it (the demo org allows it);
   * `null` sends none (a server-to-server client, refused unless the org allows those).
   */
  origin?: string | null;
  /** More request headers (a proxy's `X-Forwarded-For`, say). */
  headers?: Record<string, string>;
}

/** The Origin a test client sends unless told otherwise: a page served from localhost. */
export const TEST_ORIGIN = 'http://localhost';

let nextId = 0;

export class TestClient {
  readonly frames: HubFrame[] = [];
  readonly socket: WebSocket;
  readonly closed: Promise<Closed>;
  #waiters = new Set<() => void>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.#notify();
      });
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) throw new Error('the hub sent a binary frame');
      this.frames.push(JSON.parse(String(data)) as HubFrame);
      this.#notify();
    });
    socket.on('error', () => undefined);
  }

  static async connect(port: number, options: ConnectOptions = {}): Promise<TestClient> {
    const url = `ws://localhost:${port}/ws?org=${encodeURIComponent(options.org ?? 'demo')}`;
    const origin = options.origin === undefined ? TEST_ORIGIN : options.origin;
    const socket = new WebSocket(url, {
      ...(origin === null ? {} : { origin }),
      ...(options.headers ? { headers: options.headers } : {}),
    });
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  /** Sends a raw text (or, with `binary`, a binary) frame. */
  sendRaw(data: string | Buffer, binary = false): void {
    this.socket.send(data, { binary });
  }

  /** Sends a command with a fresh id (or the given one) and resolves to its reply or error. */
  async command(command: Command, id = `c${++nextId}`): Promise<HubFrame & { type: 'reply' | 'error' }> {
    const mark = this.frames.length;
    this.sendRaw(JSON.stringify({ v: 1, id, ...command }));
    return this.waitFor(
      (frame): frame is HubFrame & { type: 'reply' | 'error' } =>
        (frame.type === 'reply' || frame.type === 'error') && frame.re === id,
      mark,
    );
  }

  /** Like `command`, but fails unless the answer is a reply; resolves to its result. */
  async ok<T = Record<string, unknown>>(command: Command): Promise<T> {
    const answer = await this.command(command);
    if (answer.type !== 'reply') throw new Error(`${command.type} failed: ${answer.code} ${answer.message}`);
    return answer.result as T;
  }

  /** The first frame from index `from` on that matches, waiting for it if needed. */
  async waitFor<T extends HubFrame>(match: (frame: HubFrame) => frame is T, from?: number): Promise<T>;
  async waitFor(match: (frame: HubFrame) => boolean, from?: number): Promise<HubFrame>;
  async waitFor(match: (frame: HubFrame) => boolean, from = 0): Promise<HubFrame> {
    const started = new Error('waited here');
    return new Promise((resolve, reject) => {
      let index = from;
      const check = () => {
        for (; index < this.frames.length; index++) {
          const frame = this.frames[index]!;
          if (match(frame)) {
            done();
            resolve(frame);
            return;
          }
        }
        if (this.socket.readyState === WebSocket.CLOSED) {
          done();
          reject(
            new Error(
              `socket closed before the expected frame; got ${JSON.stringify(this.frames.slice(from))}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `no matching frame within ${WAIT_MS} ms; got ${JSON.stringify(this.frames.slice(from)).slice(0, 2000)}`,
            {
              cause: started,
            },
          ),
        );
      }, WAIT_MS);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** The first `queue.state` for the queue from index `from` on that satisfies `accept`. */
  async queueState(queueId: string, accept: (state: QueueState) => boolean, from = 0): Promise<QueueState> {
    const frame = await this.waitFor(
      (f): f is HubFrame & { type: 'queue.state' } =>
        f.type === 'queue.state' && f.queue.queueId === queueId && accept(f.queue),
      from,
    );
    return frame.queue;
  }

  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close();
    await this.closed;
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes as sent (still compressed when the response has a Content-Encoding). */
  raw: Buffer;
}

/** A raw HTTP request (fetch would normalise `..` in paths and refuse some headers). */
export function http(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: 'localhost', port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            raw: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
