/**
 * The bus topics of bookings (merged into `BusTopics`): a booking made or cancelled reaches the
 * booked agent's connections in whichever process they are.
 */
import type { BookingView } from '../services/bookings/views.js';

export interface BookingTopics {
  /** A booking was made or cancelled: for the booked agent's connections. */
  'booking.changed': { orgId: string; view: BookingView };
}
