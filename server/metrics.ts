/**
 * The hub's Prometheus metrics (prom-client), served at `GET /metrics`. One registry per hub, so
 * several hubs in one process (tests) keep their own figures. Gauges are read when scraped; the
 * counters and the command histogram are fed by the transport.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

import { CommandHistogram } from './command-histogram.js';
import type { Line } from './services/line.js';
import type { ChatStore } from './store/chat-store.js';
import type { Store } from './store/store.js';
import type { ConnectionRegistry } from './transport/connections.js';

export class HubMetrics {
  readonly registry = new Registry();
  readonly framesIn: Counter;
  readonly framesOut: Counter;
  readonly messagesStored: Counter;
  readonly commandSeconds: CommandHistogram;

  constructor(deps: { connections: () => ConnectionRegistry | undefined; line: Line }) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'tandem_process_' });
    this.framesIn = new Counter({
      name: 'tandem_frames_in_total',
      help: 'WebSocket frames received from clients.',
      registers,
    });
    this.framesOut = new Counter({
      name: 'tandem_frames_out_total',
      help: 'WebSocket frames sent to clients.',
      registers,
    });
    this.messagesStored = new Counter({
      name: 'tandem_chat_messages_stored_total',
      help: 'Chat messages stored by this process (resends not counted).',
      registers,
    });
    // Labels type and outcome; see command-histogram.ts for why it is not prom-client's Histogram.
    this.commandSeconds = new CommandHistogram({
      name: 'tandem_command_duration_seconds',
      help: 'Time from a command frame to its reply, by command type and outcome.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    new Gauge({
      name: 'tandem_connections',
      help: 'Open client WebSocket connections on this process.',
      registers,
      collect() {
        this.set(deps.connections()?.all().length ?? 0);
      },
    });
    new Gauge({
      name: 'tandem_calls_running',
      help: 'Running calls, by org.',
      labelNames: ['org'],
      registers,
      async collect() {
        this.reset();
        for (const orgId of deps.line.orgIds()) {
          await deps.line.fresh(orgId);
          this.set({ org: orgId }, deps.line.calls(orgId).length);
        }
      },
    });
    new Gauge({
      name: 'tandem_queue_waiting',
      help: 'Visitors waiting, by org and queue.',
      labelNames: ['org', 'queue'],
      registers,
      async collect() {
        this.reset();
        for (const orgId of deps.line.orgIds()) {
          await deps.line.fresh(orgId);
          const counts = new Map<string, number>();
          for (const ticket of deps.line.waiting(orgId))
            counts.set(ticket.queueId, (counts.get(ticket.queueId) ?? 0) + 1);
          for (const [queue, count] of counts) this.set({ org: orgId, queue }, count);
        }
      },
    });
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** The store, counting the chat messages it stores into `onStored`. */
export function countingStoredMessages(store: Store, onStored: () => void): Store {
  const chat = store.chat;
  const appendMessage: ChatStore['appendMessage'] = async (...args) => {
    const outcome = await chat.appendMessage(...args);
    if (outcome.created) onStored();
    return outcome;
  };
  return withOverrides(store, { chat: withOverrides(chat, { appendMessage }) });
}

/** `target` with some members replaced; its other methods run on `target` itself (bound once each). */
function withOverrides<T extends object>(target: T, overrides: Partial<T>): T {
  // Bound once per method, not on every call (the chat path calls the store for every message).
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, property) {
      if (Object.prototype.hasOwnProperty.call(overrides, property)) return overrides[property as keyof T];
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      let method = bound.get(property);
      if (method === undefined) {
        // Methods run on the object itself (its private fields are not the proxy's).
        method = (value as (...a: unknown[]) => unknown).bind(object);
        bound.set(property, method);
      }
      return method;
    },
  });
}
