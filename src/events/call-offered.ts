import type { TrackingTag } from '../protocol/frames.js';

export interface CallOfferedDetail {
  ticketId: string;
  queueId: string;
  data: Record<string, unknown>;
  trackingTags: TrackingTag[];
  productIds: string[];
}

/** `call-offered` (agent-console): a visitor this agent may take is waiting; a routed call rings its agent only. */
export class CallOfferedEvent extends CustomEvent<CallOfferedDetail> {
  constructor(detail: CallOfferedDetail) {
    super('call-offered', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'call-offered': CallOfferedEvent;
  }
}
