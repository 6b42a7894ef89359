/**
 * The other baseline: a socket.io relay that stores nothing, as people write one (rooms, acks).
 * Same messages as the `ws` relay: `hello` and `join` are acknowledged, `chat.send` is
 * acknowledged with the message (seq kept in memory) and emitted as `chat.message` to the
 * conversation's room. WebSocket transport only. Prints `listening on <port>`.
 *
 *   node --import tsx bench/relays/socketio-relay.ts
 */
import { createServer } from 'node:http';

import { Server } from 'socket.io';

import { listenOnLoopback, relayedMessage, type RelayFrame as Frame } from './relay-kit.js';

type Ack = (result: unknown) => void;

const server = createServer((_request, response) => response.end('ok\n'));
const io = new Server(server, { transports: ['websocket'], serveClient: false });

io.on('connection', (socket) => {
  socket.on('hello', (_frame: unknown, ack?: Ack) => ack?.({ sessionId: socket.id }));
  socket.on('join', async (frame: Frame, ack?: Ack) => {
    await socket.join(String(frame.conversationId));
    ack?.({});
  });
  socket.on('chat.send', (frame: Frame, ack?: Ack) => {
    const message = relayedMessage(frame);
    ack?.({ message });
    socket.to(message.conversationId).emit('chat.message', { message });
  });
});
listenOnLoopback(server);
