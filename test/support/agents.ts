import { HubSession } from '../../src/session/hub-session.js';
import type { AgentStatus } from '../../src/protocol/frames.js';
import { hubUrl } from './hub-url.js';

/** A demo agent signed in on its own connection, as another browser would be. */
export interface TestAgent {
  session: HubSession;
  setStatus(status: AgentStatus): Promise<void>;
  /** Sets the agent offline and closes its connection. */
  leave(): Promise<void>;
}

export async function signInAgent(agentId: string, status: AgentStatus = 'online'): Promise<TestAgent> {
  const session = new HubSession(hubUrl(), 'demo');
  await session.signIn(agentId, 'demo');
  await session.setStatus(status);
  return {
    session,
    setStatus: async (s) => {
      await session.setStatus(s);
    },
    leave: async () => {
      await session.setStatus('offline');
      session.close();
    },
  };
}
