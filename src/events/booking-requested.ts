export interface BookingRequestedDetail {
  queueId: string | null;
}

/**
 * `booking-requested` (calls-widget): the visitor chose "Book a meeting" on the start screen. A page
 * with a `<booking-card>` opens it; the booking flow itself lives there.
 */
export class BookingRequestedEvent extends CustomEvent<BookingRequestedDetail> {
  constructor(detail: BookingRequestedDetail) {
    super('booking-requested', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'booking-requested': BookingRequestedEvent;
  }
}
