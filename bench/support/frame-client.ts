/**
 * A JSON-frame client for the benches, speaking to the hub (and to the `ws` relay, which speaks the
 * same frames): commands by id, answered or fired without waiting, and a hook for pushed events.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { HubFrame } from '../../src/protocol/frames.js';

type Reply = { type: 'reply'; result: unknown } | { type: 'error'; code: string; message: string };

export class FrameClient {
  #next = 0;
  /** Command ids are unique per party for as long as the hub remembers replies (as the browser's are). */
  readonly #prefix = randomUUID().slice(0, 8);
  readonly #waiting = new Map<string, (reply: Reply) => void>();
  onEvent: (frame: HubFrame) => void = () => undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as HubFrame;
      if ((frame.type === 'reply' || frame.type === 'error') && frame.re) {
        const waiting = this.#waiting.get(frame.re);
        if (waiting) {
          this.#waiting.delete(frame.re);
          waiting(frame as Reply);
        }
      } else this.onEvent(frame);
    });
  }

  static open(url: string): Promise<FrameClient> {
    // The hub refuses a WebSocket without an Origin unless the org allows server clients.
    const socket = new WebSocket(url, { headers: { Origin: 'http://localhost' } });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new FrameClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends without waiting for the answer (an open loop). */
  fire(type: string, body: Record<string, unknown>): void {
    this.socket.send(JSON.stringify({ v: 1, id: `${this.#prefix}-${++this.#next}`, type, ...body }));
  }

  async ok<T>(type: string, body: Record<string, unknown> = {}): Promise<T> {
    const id = `${this.#prefix}-${++this.#next}`;
    const reply = await new Promise<Reply>((resolve) => {
      this.#waiting.set(id, resolve);
      this.socket.send(JSON.stringify({ v: 1, id, type, ...body }));
    });
    if (reply.type === 'error') throw new Error(`${type}: ${reply.code} ${reply.message}`);
    return reply.result as T;
  }

  close(): void {
    this.socket.close();
  }
}
