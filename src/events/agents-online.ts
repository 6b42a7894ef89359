/** Detail of `agents-online`, as in the Bambuser seed (001). */
export interface AgentsOnlineDetail {
  numberOfAgentsOnline: number;
  queueId: string;
}

/** `agents-online`: the number of online agents of the queue changed (and once when first known). */
export class AgentsOnlineEvent extends CustomEvent<AgentsOnlineDetail> {
  constructor(detail: AgentsOnlineDetail) {
    super('agents-online', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'agents-online': AgentsOnlineEvent;
  }
}
