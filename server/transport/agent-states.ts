/**
 * Keeps every client signed in as an agent told of its own profile: when the agent changes
 * (status set from another tab, presence), each of its connections gets an `agent.state` unless
 * it already has that exact profile.
 */
import type { Bus } from '../bus/bus.js';
import { log } from '../log.js';
import type { AgentService } from '../services/agents.js';
import type { ConnectionRegistry } from './connections.js';

export function forwardAgentStates(bus: Bus, registry: ConnectionRegistry, agents: AgentService): () => void {
  return bus.subscribe('agent.changed', async ({ orgId, agentId }) => {
    const connections = registry.agentConnections(orgId, agentId);
    if (connections.size === 0) return;
    try {
      const agent = await agents.get(orgId, agentId);
      for (const connection of registry.agentConnections(orgId, agentId)) {
        connection.offerAgentState(agents.profile(agent, connection.baseUrl));
      }
    } catch (error) {
      log.error(`agent ${orgId}/${agentId}: could not forward its state`, error);
    }
  });
}
