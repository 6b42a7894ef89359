/**
 * Command replies remembered beyond one connection: keyed by (org, party, command id), so a
 * command resent after a reconnect, to this process or another, does its work once. Each
 * connection still remembers its own recent replies (connection.ts); this is the port for the
 * shared memory (Redis, with a time to live: server/cluster/redis-coordination.ts).
 */
import type { Connection, RememberedReply } from './connection.js';

export interface ReplyMemory {
  get(key: string): Promise<RememberedReply | undefined>;
  set(key: string, reply: RememberedReply): Promise<void>;
}

/** The key of a command on this connection, or null while it speaks for nobody (before hello). */
export function replyKey(connection: Connection, commandId: string): string | null {
  const party = connection.agent
    ? `agent:${connection.agent.agentId}`
    : connection.visitorId === null
      ? null
      : `visitor:${connection.visitorId}`;
  return party === null ? null : JSON.stringify([connection.orgId, party, commandId]);
}
