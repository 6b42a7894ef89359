/**
 * What the two baseline relays share: the frame a bench client sends, the message a relay makes of
 * it (seq kept in memory per conversation, the shape Tandem's `chat.message` carries), and how a
 * relay listens (loopback, a free port, `listening on <port>` on stdout, gone on SIGTERM).
 */
import type { Server } from 'node:http';

export interface RelayFrame {
  id?: string;
  type?: string;
  conversationId?: string;
  messageId?: string;
  text?: string;
}

const seqs = new Map<string, number>();

/** The message relayed for a `chat.send`: the next seq of its conversation, sent now. */
export function relayedMessage(frame: RelayFrame) {
  const conversationId = String(frame.conversationId ?? '');
  const seq = (seqs.get(conversationId) ?? 0) + 1;
  seqs.set(conversationId, seq);
  return {
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
}

export function listenOnLoopback(server: Server): void {
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    console.log(`listening on ${typeof address === 'object' && address ? address.port : 0}`);
  });
  process.on('SIGTERM', () => process.exit(0));
}
