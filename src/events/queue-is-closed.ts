/** Detail of `queue-is-closed`, as in the Bambuser seed (001). */
export interface QueueIsClosedDetail {
  isOpen: false;
  nextOpenTime: string | null;
}

/** `queue-is-closed`: the queue closed, or it is closed when the element first learns its state. */
export class QueueIsClosedEvent extends CustomEvent<QueueIsClosedDetail> {
  constructor(detail: QueueIsClosedDetail) {
    super('queue-is-closed', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'queue-is-closed': QueueIsClosedEvent;
  }
}
