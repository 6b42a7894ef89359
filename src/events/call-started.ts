export interface CallStartedDetail {
  callId: string;
  ticketId: string;
  queueId: string;
  productIds: string[];
}

/** `call-started` (agent-console): the agent accepted and the call is on. */
export class CallStartedEvent extends CustomEvent<CallStartedDetail> {
  constructor(detail: CallStartedDetail) {
    super('call-started', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'call-started': CallStartedEvent;
  }
}
