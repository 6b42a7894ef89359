/** Detail of `queue-estimated-waiting-time`, as in the Bambuser seed (001). */
export interface QueueEstimatedWaitingTimeDetail {
  /** Seconds; null while no agent is online and no estimate can be made. */
  estimatedWaitingTime: number | null;
  /** Agents online in the queue. */
  agents: number;
  /** The visitor's place: their ticket's place once queued, else the place they would get. */
  place: number;
  queueId: string;
}

/** `queue-estimated-waiting-time`: the queue's estimated waiting time changed (and once when first known). */
export class QueueEstimatedWaitingTimeEvent extends CustomEvent<QueueEstimatedWaitingTimeDetail> {
  constructor(detail: QueueEstimatedWaitingTimeDetail) {
    super('queue-estimated-waiting-time', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'queue-estimated-waiting-time': QueueEstimatedWaitingTimeEvent;
  }
}
