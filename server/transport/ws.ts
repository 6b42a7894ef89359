/**
 * The WebSocket endpoint, `/ws?org=<orgId>`.
 *
 * The org and the page's Origin are checked at the handshake; a client without an Origin (not a
 * browser) is refused unless the org allows server-to-server clients. A refused client still gets its
 * upgrade, one `error` frame and a close code (4404 / 4403), because a browser cannot read an
 * HTTP status from a failed handshake and would not know why.
 *
 * Each connection's frames are handled one at a time, in order. Every failure on input (binary,
 * oversize, not UTF-8, not JSON, wrong shape) is answered with an error frame and the connection
 * stays open; a client that floods is slowed by pausing its socket, one that stops answering pings
 * is dropped.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';

import { CloseCode, ErrorCode, PROTOCOL_VERSION } from '../../src/protocol/frames.js';
import { MAX_FRAME_BYTES, parseClientFrame } from '../protocol/validate.js';
import { log } from '../log.js';
import type { OrgService } from '../services/orgs.js';
import type { QueueFeed } from '../services/queue-feed.js';
import { baseUrlOf } from './base-url.js';
import type { ChatsWatch } from './chats-watch.js';
import type { Commands } from './commands.js';
import { Connection } from './connection.js';
import type { ConnectionRegistry } from './connections.js';
import type { TicketsWatch } from './tickets-watch.js';

export const WS_PATH = '/ws';
/** Hard limit of the ws library: frames beyond it close the socket (1009) before we see them. */
const MAX_PAYLOAD_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 30_000;
/** Frames queued on one connection before its socket is paused, and when it resumes. */
const PAUSE_AT = 64;
const RESUME_AT = 16;

export interface WebSocketDeps {
  orgs: OrgService;
  commands: Commands;
  registry: ConnectionRegistry;
  feed: QueueFeed;
  watch: TicketsWatch;
  chats: ChatsWatch;
  /** Base URL when the Host header is unusable. */
  fallbackBaseUrl: () => string;
  publicUrl?: string;
  heartbeatMs?: number;
  /** Counts frames (metrics). */
  onFrameIn?: () => void;
  onFrameOut?: () => void;
  /** How long closing waits for each connection's commands in progress (ms, default 5000). */
  drainMs?: number;
  /** Take the client's address from `X-Forwarded-For` (behind a proxy the hub trusts). */
  trustProxy?: boolean;
}

export interface WebSocketEndpoint {
  close(): Promise<void>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** The command id of a frame too large to parse, when it shows near the start, for `re`. */
function sniffId(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 512).toString('utf8');
  return /"id"\s*:\s*"([^"\\]{1,64})"/.exec(head)?.[1];
}

/** The client's address: the socket's, or the first `X-Forwarded-For` hop behind a trusted proxy. */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  const first = trustProxy
    ? String(forwarded ?? '')
        .split(',')[0]
        ?.trim()
    : '';
  const address = first || request.socket.remoteAddress || 'unknown';
  // IPv4 seen through an IPv6 socket counts as the same address.
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function refuseHttp(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export function attachWebSocket(server: Server, deps: WebSocketDeps): WebSocketEndpoint {
  const { orgs, commands, registry, feed, watch, chats } = deps;
  // The size check happens on our side so the client hears about it; skipping ws's UTF-8 check
  // lets a bad text frame be answered instead of closing the socket.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_PAYLOAD_BYTES,
    skipUTF8Validation: true,
  });
  let closing = false;
  /** Each connection's commands in progress (the tail of its frame chain), for the drain. */
  const idle = new Map<Connection, () => Promise<void>>();

  const sendError = (connection: Connection, code: ErrorCode, message: string, re?: string): void => {
    connection.send(
      re === undefined
        ? { v: PROTOCOL_VERSION, type: 'error', code, message }
        : { v: PROTOCOL_VERSION, type: 'error', re, code, message },
    );
  };

  const receive = async (connection: Connection, data: RawData, isBinary: boolean): Promise<void> => {
    if (isBinary) {
      sendError(connection, ErrorCode.badFrame, 'Binary frames are not supported; send JSON text frames.');
      return;
    }
    const bytes = toBuffer(data);
    if (bytes.byteLength > MAX_FRAME_BYTES) {
      sendError(
        connection,
        ErrorCode.frameTooLarge,
        `Frames may be at most ${MAX_FRAME_BYTES} bytes.`,
        sniffId(bytes),
      );
      return;
    }
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      sendError(connection, ErrorCode.badFrame, 'Frame is not valid UTF-8.');
      return;
    }
    const parsed = parseClientFrame(text);
    if (!parsed.ok) {
      sendError(connection, parsed.code, parsed.message, parsed.re);
      return;
    }
    await commands.handle(connection, parsed.frame);
  };

  const accept = (socket: WebSocket, orgId: string, baseUrl: string, ip: string, wire: Duplex): void => {
    const connection = new Connection(socket, orgId, baseUrl, ip, wire);
    if (deps.onFrameOut) connection.onFrameOut = deps.onFrameOut;
    registry.add(connection);
    let queued = 0;
    let tail = Promise.resolve();
    idle.set(connection, () => tail);

    socket.on('message', (data, isBinary) => {
      connection.alive = true;
      deps.onFrameIn?.();
      // Draining: the frame is not taken; the client resends it to the process it reconnects to.
      if (closing) return;
      queued++;
      if (queued >= PAUSE_AT && !socket.isPaused) socket.pause();
      tail = tail
        .then(() => receive(connection, data, isBinary))
        .catch((error: unknown) => {
          log.error(`connection ${connection.id}: frame handling failed`, error);
          sendError(connection, ErrorCode.internal, 'The hub failed to handle this frame.');
        })
        .finally(() => {
          queued--;
          if (socket.isPaused && queued <= RESUME_AT) socket.resume();
        });
    });
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('error', (error) => log.debug(`connection ${connection.id}: socket error`, error.message));
    socket.on('close', () => {
      idle.delete(connection);
      connection.closed = true;
      registry.remove(connection);
      watch.stop(connection);
      chats.stop(connection);
      for (const queueId of connection.queues) feed.unsubscribe(orgId, queueId, connection);
      connection.queues.clear();
    });
  };

  const refuse = (socket: WebSocket, code: ErrorCode, closeCode: number, message: string): void => {
    socket.on('error', () => undefined);
    socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'error', code, message }));
    // Close reasons are limited to 123 bytes; the frame carries the full message.
    socket.close(closeCode, code);
  };

  const upgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://hub.invalid');
    if (url.pathname !== WS_PATH) return refuseHttp(socket, '404 Not Found');
    if (closing) return refuseHttp(socket, '503 Service Unavailable');
    const orgId = url.searchParams.get('org') ?? '';
    const origin = request.headers.origin;
    const org = await orgs.find(orgId);
    const serverClient = org !== null && origin === undefined;
    const serverClientAllowed = serverClient && (await orgs.allowsServerClients(org.id));
    if (socket.destroyed) return;
    const baseUrl = baseUrlOf(request, deps.fallbackBaseUrl(), deps.publicUrl);
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (!org) {
        const shown =
          orgId === ''
            ? 'No org given: connect to /ws?org=<org id>.'
            : `There is no org "${orgId.slice(0, 64)}" on this hub.`;
        refuse(ws, ErrorCode.orgNotFound, CloseCode.orgNotFound, shown);
      } else if (serverClient && !serverClientAllowed) {
        refuse(
          ws,
          ErrorCode.originNotAllowed,
          CloseCode.originNotAllowed,
          `Org "${org.id}" does not take connections without an Origin header (server-to-server clients); ` +
            `an operator may allow them with: npm run hub -- org set ${org.id} --allow-server-clients`,
        );
      } else if (!orgs.isOriginAllowed(org, origin)) {
        refuse(
          ws,
          ErrorCode.originNotAllowed,
          CloseCode.originNotAllowed,
          `Org "${org.id}" does not allow pages from ${String(origin).slice(0, 200)}; add the origin to the org's allowed origins.`,
        );
      } else {
        accept(ws, org.id, baseUrl, clientAddress(request, deps.trustProxy ?? false), socket);
      }
    });
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', (error) => log.debug('upgrade socket error', error.message));
    upgrade(request, socket, head).catch((error: unknown) => {
      log.error('WebSocket upgrade failed', error);
      if (!socket.destroyed) refuseHttp(socket, '500 Internal Server Error');
    });
  };
  server.on('upgrade', onUpgrade);

  // Clients that stopped answering pings (sleeping laptops, dead networks) are dropped, which
  // also ends an agent's presence.
  const heartbeat = setInterval(() => {
    for (const connection of registry.all()) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      try {
        connection.socket.ping();
      } catch (error) {
        log.debug(`connection ${connection.id}: ping failed`, error);
      }
    }
  }, deps.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  return {
    async close(): Promise<void> {
      closing = true;
      clearInterval(heartbeat);
      server.off('upgrade', onUpgrade);
      // Commands in progress finish and are answered (each connection up to drainMs).
      const drainMs = deps.drainMs ?? 5000;
      await Promise.all(
        [...idle.values()].map((tail) =>
          Promise.race([tail(), new Promise<void>((resolve) => setTimeout(resolve, drainMs).unref())]),
        ),
      );
      const sockets = [...wss.clients];
      await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<void>((resolve) => {
              if (socket.readyState === socket.CLOSED) return resolve();
              // Give each client a moment to answer the close handshake, then cut it.
              const cut = setTimeout(() => socket.terminate(), 1000);
              socket.once('close', () => {
                clearTimeout(cut);
                resolve();
              });
              // 1001 "going away": clients reconnect (the load balancer picks a live process).
              socket.close(1001, 'hub shutting down');
            }),
        ),
      );
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
