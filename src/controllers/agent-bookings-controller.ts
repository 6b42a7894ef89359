import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Booking } from '../protocol/booking.js';
import type { HubSession } from '../session/hub-session.js';
import type { HubSessionController } from './hub-session-controller.js';

/** The signed-in agent's upcoming bookings, live, and cancelling one. */
export class AgentBookingsController implements ReactiveController {
  bookings: Booking[] = [];

  private readonly host: ReactiveControllerHost;
  private readonly hub: HubSessionController;
  private listening: { session: HubSession; stop: () => void } | null = null;
  private loadedOn: string | null = null;

  constructor(host: ReactiveControllerHost, hub: HubSessionController) {
    (this.host = host).addController(this);
    this.hub = hub;
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.listening?.stop();
    this.listening = null;
    this.loadedOn = null;
  }

  async cancel(bookingId: string): Promise<void> {
    const session = this.hub.session;
    if (!session) return;
    const { booking } = await session.command('booking.cancel', { bookingId });
    this.upsert(booking);
  }

  private sync(): void {
    const session = this.hub.session;
    if (this.listening?.session !== session) {
      this.listening?.stop();
      this.listening = null;
      this.loadedOn = null;
      if (session) {
        const stopEvents = session.onHubEvent((frame) => {
          if (frame.type === 'booking.state') this.upsert(frame.booking);
        });
        const stopChanges = session.onChange(() => this.load());
        this.listening = {
          session,
          stop: () => {
            stopEvents();
            stopChanges();
          },
        };
      }
    }
    this.load();
  }

  /** Once per connection of a signed-in agent. */
  private load(): void {
    const session = this.hub.session;
    const connection = session?.connection;
    if (!session?.agent || connection?.kind !== 'ready') {
      if (!session?.agent && this.bookings.length) {
        this.bookings = [];
        this.host.requestUpdate();
      }
      return;
    }
    if (this.loadedOn === connection.hello.sessionId) return;
    this.loadedOn = connection.hello.sessionId;
    session
      .command('bookings.list', {})
      .then(({ bookings }) => {
        this.bookings = bookings;
        this.host.requestUpdate();
      })
      .catch(() => {
        this.loadedOn = null;
      });
  }

  private upsert(booking: Booking): void {
    const others = this.bookings.filter((b) => b.bookingId !== booking.bookingId);
    this.bookings = [...others, booking].sort((a, b) => a.start.localeCompare(b.start));
    this.host.requestUpdate();
  }
}
