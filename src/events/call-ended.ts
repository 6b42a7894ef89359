import type { CallEndReason } from '../protocol/frames.js';

export interface CallEndedDetail {
  callId: string;
  ticketId: string;
  reason: CallEndReason | null;
}

/** `call-ended` (agent-console): the call ended, by either side, a transfer or a lost party. */
export class CallEndedEvent extends CustomEvent<CallEndedDetail> {
  constructor(detail: CallEndedDetail) {
    super('call-ended', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'call-ended': CallEndedEvent;
  }
}
