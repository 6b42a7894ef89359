import type { Booking } from '../protocol/booking.js';

/** `booking-created` (booking-card): the visitor booked a meeting. `detail`: `{booking, connectLink}`. */
export class BookingCreatedEvent extends CustomEvent<{ booking: Booking; connectLink: string }> {
  constructor(detail: { booking: Booking; connectLink: string }) {
    super('booking-created', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'booking-created': BookingCreatedEvent;
  }
}
