import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Booking } from '../protocol/booking.js';
import type { HubSessionController } from './hub-session-controller.js';
import { SessionFeed, signedInAgentKey } from './session-feed.js';

/** The signed-in agent's upcoming bookings, live, and cancelling one. */
export class AgentBookingsController implements ReactiveController {
  bookings: Booking[] = [];

  private readonly host: ReactiveControllerHost;
  private readonly hub: HubSessionController;
  private readonly feed: SessionFeed;

  constructor(host: ReactiveControllerHost, hub: HubSessionController) {
    (this.host = host).addController(this);
    this.hub = hub;
    this.feed = new SessionFeed(hub, {
      onEvent: (frame) => {
        if (frame.type === 'booking.state') this.upsert(frame.booking);
      },
      key: signedInAgentKey,
      load: async (session, signal) => {
        const { bookings } = await session.command('bookings.list', {}, { signal });
        this.bookings = bookings;
        host.requestUpdate();
      },
      clear: () => {
        this.bookings = [];
        host.requestUpdate();
      },
    });
  }

  hostConnected(): void {
    this.feed.sync();
  }

  hostUpdate(): void {
    this.feed.sync();
  }

  hostDisconnected(): void {
    this.feed.stop();
  }

  async cancel(bookingId: string): Promise<void> {
    const session = this.hub.session;
    if (!session) return;
    const { booking } = await session.command('booking.cancel', { bookingId });
    this.upsert(booking);
  }

  private upsert(booking: Booking): void {
    const others = this.bookings.filter((b) => b.bookingId !== booking.bookingId);
    this.bookings = [...others, booking].sort((a, b) => a.start.localeCompare(b.start));
    this.host.requestUpdate();
  }
}
