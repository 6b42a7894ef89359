/**
 * A booking as the protocol shows it, built per receiver: the agent's photo URL is made absolute
 * against the receiver's base URL, and its status is the agent's status now.
 */
import type { Booking } from '../../../src/protocol/frames.js';
import type { BookingRecord } from '../../store/booking-store.js';
import type { AgentRecord } from '../../store/store.js';
import type { AgentService } from '../agents.js';

/** What it takes to show a booking: plain JSON, so it may travel on the bus. */
export interface BookingView {
  booking: BookingRecord;
  serviceName: string;
  agent: AgentRecord;
}

export function bookingFor(view: BookingView, agents: AgentService, baseUrl: string): Booking {
  const { booking } = view;
  return {
    bookingId: booking.id,
    serviceId: booking.serviceId,
    serviceName: view.serviceName,
    agent: agents.callAgent(view.agent, baseUrl),
    start: booking.start,
    end: booking.end,
    status: booking.status,
    connectId: booking.connectId,
    timeZone: booking.timeZone,
    createdAt: booking.createdAt,
    visitor: { name: booking.visitorName, email: booking.visitorEmail, phone: booking.visitorPhone },
  };
}
