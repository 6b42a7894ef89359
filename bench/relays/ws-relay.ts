/**
 * The baseline a chat hub is measured against: a bare `ws` relay that stores nothing. It speaks
 * the same JSON frames as the bench's Tandem clients (hello, join, chat.send → reply +
 * chat.message to the conversation's other sockets, with a seq kept in memory), so both carry the
 * same wire load. Listens on loopback, a free port; prints `listening on <port>`.
 *
 *   node --import tsx bench/relays/ws-relay.ts
 */
import { createServer } from 'node:http';

import { WebSocketServer, type WebSocket } from 'ws';

import { listenOnLoopback, relayedMessage, type RelayFrame } from './relay-kit.js';

const rooms = new Map<string, Set<WebSocket>>();

const reply = (socket: WebSocket, re: string | undefined, result: unknown) =>
  socket.send(JSON.stringify({ v: 1, type: 'reply', re, result }));

const server = createServer((_request, response) => response.end('ok\n'));
const wss = new WebSocketServer({ server });
wss.on('connection', (socket) => {
  const joined = new Set<string>();
  socket.on('message', (data) => {
    let frame: RelayFrame;
    try {
      frame = JSON.parse(String(data)) as RelayFrame;
    } catch {
      return;
    }
    const conversationId = String(frame.conversationId ?? '');
    switch (frame.type) {
      case 'hello':
        return reply(socket, frame.id, { sessionId: 'relay' });
      case 'join': {
        let room = rooms.get(conversationId);
        if (!room) rooms.set(conversationId, (room = new Set()));
        room.add(socket);
        joined.add(conversationId);
        return reply(socket, frame.id, {});
      }
      case 'chat.send': {
        const message = relayedMessage(frame);
        reply(socket, frame.id, { message });
        const event = JSON.stringify({ v: 1, type: 'chat.message', message });
        for (const peer of rooms.get(conversationId) ?? []) if (peer !== socket) peer.send(event);
      }
    }
  });
  socket.on('close', () => {
    for (const conversationId of joined) rooms.get(conversationId)?.delete(socket);
  });
});
listenOnLoopback(server);
