import type { AgentProfile } from '../protocol/frames.js';

export interface AgentStatusChangeDetail {
  /** The signed-in agent, with its new status; null once signed out. */
  agent: AgentProfile | null;
}

/** `agent-status-change`: the console's agent signed in, signed out or changed status. */
export class AgentStatusChangeEvent extends CustomEvent<AgentStatusChangeDetail> {
  constructor(detail: AgentStatusChangeDetail) {
    super('agent-status-change', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'agent-status-change': AgentStatusChangeEvent;
  }
}
