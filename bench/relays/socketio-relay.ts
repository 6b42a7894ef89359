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

interface Frame {
  conversationId?: string;
  messageId?: string;
  text?: string;
}
type Ack = (result: unknown) => void;

const seqs = new Map<string, number>();
const server = createServer((_request, response) => response.end('ok\n'));
const io = new Server(server, { transports: ['websocket'], serveClient: false });

io.on('connection', (socket) => {
  socket.on('hello', (_frame: unknown, ack?: Ack) => ack?.({ sessionId: socket.id }));
  socket.on('join', async (frame: Frame, ack?: Ack) => {
    await socket.join(String(frame.conversationId));
    ack?.({});
  });
  socket.on('chat.send', (frame: Frame, ack?: Ack) => {
    const conversationId = String(frame.conversationId);
    const seq = (seqs.get(conversationId) ?? 0) + 1;
    seqs.set(conversationId, seq);
    const message = {
      messageId: frame.messageId,
      conversationId,
      seq,
      from: 'visitor',
      agentId: null,
      agentName: null,
      text: frame.text,
      kind: 'text',
      sentAt: new Date().toISOString(),
    };
    ack?.({ message });
    socket.to(conversationId).emit('chat.message', { message });
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => process.exit(0));
