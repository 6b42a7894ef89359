/**
 * Who speaks on a connection, for the commands that need one: its visitor (never a signed-in
 * agent acting as one), or its signed-in agent, whose session is checked on every command.
 */
import { ErrorCode } from '../../src/protocol/frames.js';
import { HubError } from '../errors.js';
import type { AgentService } from '../services/agents.js';
import type { VisitorService } from '../services/visitors.js';
import type { AgentBinding, Connection } from './connection.js';
import type { ConnectionRegistry } from './connections.js';

/** The visitor behind a connection that is no agent's: `refusal` says what agents cannot do. */
export function requireVisitor(
  connection: Connection,
  refusal = 'Signed-in agents cannot join queues as visitors.',
): string {
  if (connection.agent) throw new HubError(ErrorCode.unauthorized, refusal);
  if (connection.visitorId === null) throw new HubError(ErrorCode.unauthorized, 'Say hello first.');
  return connection.visitorId;
}

/**
 * The connection's visitor acts (joins, starts a chat, books): its row is written if it was not yet,
 * and its last activity moves on. Call after the limits, before the act writes anything.
 */
export async function visitorActs(
  connection: Connection,
  visitors: VisitorService | undefined,
): Promise<void> {
  if (visitors && connection.visitor && !connection.agent)
    await visitors.record(connection.orgId, connection.visitor);
}

export function requireAgent(connection: Connection): AgentBinding {
  if (!connection.agent) throw new HubError(ErrorCode.unauthorized, 'Sign in as an agent first.');
  return connection.agent;
}

/** A signed-in agent whose session is still live; a lapsed one is unbound and refused. */
export async function requireLiveAgent(
  connection: Connection,
  agents: AgentService,
  registry: ConnectionRegistry,
): Promise<AgentBinding> {
  const binding = requireAgent(connection);
  try {
    await agents.requireLiveSession(binding.sessionId);
  } catch (error) {
    registry.unbindAgent(connection);
    throw error;
  }
  return binding;
}
