/**
 * A helper process for bench/connections.ts: opens idle client connections when told to over IPC
 * and holds them until it is stopped, so the bench's own descriptor limit is not the server's.
 *
 *   { kind: 'tandem' | 'socket.io', url, count }  →  { opened, failed, firstError }
 *
 * A Tandem client says hello (as a visitor's page does) and waits for the reply; a socket.io
 * client connects and has its `hello` acknowledged. Each attempt gives up after 10 s.
 */
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';

interface Command {
  kind: 'tandem' | 'socket.io';
  url: string;
  count: number;
}

const ATTEMPT_MS = 10_000;
const IN_FLIGHT = 100;
/** After this many failures a batch stops: the server has reached its limit. */
const GIVE_UP_AFTER = 20;
const held: Array<WebSocket | Socket> = [];

function openTandem(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { Origin: 'http://localhost' } });
    held.push(socket);
    // `on`, not `once`: a second error after the first must not go unhandled.
    socket.on('error', reject);
    socket.once('close', () => reject(new Error('closed before the hello reply')));
    socket.once('open', () => socket.send(JSON.stringify({ v: 1, id: 'h', type: 'hello' })));
    socket.once('message', () => resolve());
  });
}

function openSocketIo(url: string): Promise<void> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  held.push(socket);
  return new Promise((resolve, reject) => {
    socket.on('connect_error', reject);
    socket.once('connect', () => {
      socket.emitWithAck('hello', {}).then(() => resolve(), reject);
    });
  });
}

function withTimeout(attempt: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ATTEMPT_MS} ms`)), ATTEMPT_MS);
  });
  return Promise.race([attempt, timeout]).finally(() => clearTimeout(timer));
}

process.on('message', async ({ kind, url, count }: Command) => {
  let started = 0;
  let opened = 0;
  let failed = 0;
  let firstError = '';
  const open = kind === 'tandem' ? openTandem : openSocketIo;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (started < count && failed < GIVE_UP_AFTER) {
        started++;
        try {
          await withTimeout(open(url));
          opened++;
        } catch (error) {
          failed++;
          firstError ||= error instanceof Error ? error.message || String(error) : String(error);
        }
      }
    }),
  );
  process.send!({ opened, failed, firstError });
});
process.on('disconnect', () => process.exit(0));
