/**
 * A real booking for the stories that show a booked meeting: the first free slot of the demo's first
 * service, booked by a story visitor over a connection of its own, and cancelled by its agent when
 * the story wants the cancelled meeting.
 */
import type { Booking } from '../../src/protocol/booking.js';
import { demoConnection, signInDemoAgent } from './demo-agent.js';

export const STORY_VISITOR = { name: 'Ada Story', email: 'ada@example.com', phone: '+46701234567' };

export async function bookDemoMeeting({ cancelled = false } = {}): Promise<Booking> {
  const visitor = demoConnection();
  try {
    const { services } = await visitor.request('booking.services', {});
    const service = services[0];
    if (!service) throw new Error('the demo org has no booking services');
    const { slots } = await visitor.request('booking.slots', {
      serviceId: service.serviceId,
      from: new Date().toISOString(),
      days: 14,
    });
    const slot = slots[0];
    if (!slot) throw new Error('the demo org has no free slot in the next two weeks');
    const { booking } = await visitor.request('booking.create', {
      serviceId: service.serviceId,
      start: slot.start,
      agentId: slot.agentId,
      visitor: STORY_VISITOR,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    });
    if (!cancelled) return booking;
    const agent = await signInDemoAgent(slot.agentId);
    try {
      await agent.cancelBooking(booking.bookingId);
    } finally {
      await agent.signOut();
    }
    return { ...booking, status: 'cancelled' };
  } finally {
    visitor.close();
  }
}

/** Opens the story as its connect link would (`?bambuserConnectId=`); returns the undo. */
export function openAsConnectLink(connectId: string): () => void {
  const before = location.href;
  const url = new URL(location.href);
  url.searchParams.set('bambuserConnectId', connectId);
  history.replaceState(history.state, '', url);
  return () => history.replaceState(history.state, '', before);
}
