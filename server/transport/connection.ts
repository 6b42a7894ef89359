/**
 * One client WebSocket and what the hub knows about it: org, visitor, signed-in agent, subscribed
 * queues, recent replies. Sends are ordered: while a command is being handled, events (queue and
 * agent states) are held and sent after its reply, so a snapshot in a reply never overtakes, and
 * then overwrites, a newer pushed state.
 *
 * Frames sent in one tick leave in one write: the TCP socket is corked at the first and uncorked
 * once the tick's work is done, so a batch of stored messages reaches an agent in one system call
 * instead of one each.
 */
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';

import type WebSocket from 'ws';

import { PROTOCOL_VERSION } from '../../src/protocol/frames.js';
import type { AgentProfile, ClientFrameType, HubFrame, QueueState } from '../../src/protocol/frames.js';
import { log } from '../log.js';
import type { QueueSubscriber } from '../services/queue-feed.js';
import type { Visitor } from '../services/visitors.js';
import { Lru } from './lru.js';

/** How many recent command replies a connection remembers for idempotent retries. */
const REMEMBERED_REPLIES = 128;

/** A client that lets this much pile up unread is not keeping up; it is dropped. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface AgentBinding {
  agentId: string;
  sessionId: string;
}

export interface RememberedReply {
  type: ClientFrameType;
  frame: HubFrame;
}

export class Connection implements QueueSubscriber {
  /** Also the `sessionId` of the hello reply. */
  readonly id = randomUUID();
  readonly orgId: string;
  readonly baseUrl: string;
  /** The client's address, what per-address limits count by. */
  readonly ip: string;
  readonly socket: WebSocket;
  visitorId: string | null = null;
  /** The visitor's identity from its hello, written to the store when the visitor first acts. */
  visitor: Visitor | null = null;
  agent: AgentBinding | null = null;
  /** JSON of the agent profile this client has, so agent.state goes out only on a change. */
  agentStateJson: string | null = null;
  /** Ids of the queues this connection is subscribed to. */
  readonly queues = new Set<string>();
  readonly replies = new Lru<string, RememberedReply>(REMEMBERED_REPLIES);
  /** Set once the socket closed; work finishing afterwards must not register anything for it. */
  closed = false;
  /** Whether the heartbeat has heard from the client since the last ping. */
  alive = true;
  /** Told of every frame sent (metrics). */
  onFrameOut: (() => void) | undefined;
  #inCommand = false;
  #held: HubFrame[] = [];
  /** The TCP socket under the WebSocket, when known: corked while a tick's frames are written. */
  readonly #wire: Duplex | undefined;
  #corked = false;

  constructor(socket: WebSocket, orgId: string, baseUrl: string, ip = 'unknown', wire?: Duplex) {
    this.socket = socket;
    this.ip = ip;
    this.orgId = orgId;
    this.baseUrl = baseUrl;
    this.#wire = wire;
  }

  /** Sends now: replies and errors. */
  send(frame: HubFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      log.warn(`connection ${this.id}: client is not reading; dropping it`);
      this.socket.terminate();
      return;
    }
    this.onFrameOut?.();
    this.#cork();
    this.socket.send(JSON.stringify(frame), (error) => {
      if (error) log.debug(`connection ${this.id}: send failed`, error.message);
    });
  }

  /** Sends an event, after the reply of the command in progress if there is one. */
  sendEvent(frame: HubFrame): void {
    if (this.#inCommand) this.#held.push(frame);
    else this.#deliver(frame);
  }

  push(state: QueueState): void {
    this.sendEvent({ v: PROTOCOL_VERSION, type: 'queue.state', queue: state });
  }

  /** Tells a signed-in agent's client its profile, unless it already has exactly this one. */
  offerAgentState(agent: AgentProfile): void {
    this.sendEvent({ v: PROTOCOL_VERSION, type: 'agent.state', agent });
  }

  /** Records the profile a reply carried, so the same profile is not sent again as an event. */
  noteAgentState(agent: AgentProfile | null): void {
    this.agentStateJson = agent === null ? null : JSON.stringify(agent);
  }

  beginCommand(): void {
    this.#inCommand = true;
  }

  /** Ends the command (after its reply went out) and sends the events held meanwhile. */
  endCommand(): void {
    this.#inCommand = false;
    const held = this.#held;
    this.#held = [];
    for (const frame of held) this.#deliver(frame);
  }

  /** Holds this tick's writes together; they go out after the promises it settled have run. */
  #cork(): void {
    const wire = this.#wire;
    if (!wire || this.#corked) return;
    this.#corked = true;
    wire.cork();
    process.nextTick(() => {
      this.#corked = false;
      wire.uncork();
    });
  }

  #deliver(frame: HubFrame): void {
    // Compared when it goes out, after any reply that carried the same profile.
    if (frame.type === 'agent.state') {
      const json = JSON.stringify(frame.agent);
      if (json === this.agentStateJson) return;
      this.agentStateJson = json;
    }
    this.send(frame);
  }
}
