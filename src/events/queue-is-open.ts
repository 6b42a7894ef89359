/** Detail of `queue-is-open`, as in the Bambuser seed (001). */
export interface QueueIsOpenDetail {
  isOpen: true;
  nextCloseTime: string | null;
}

/** `queue-is-open`: the queue opened, or it is open when the element first learns its state. */
export class QueueIsOpenEvent extends CustomEvent<QueueIsOpenDetail> {
  constructor(detail: QueueIsOpenDetail) {
    super('queue-is-open', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'queue-is-open': QueueIsOpenEvent;
  }
}
