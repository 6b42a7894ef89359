import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ErrorCode } from '../protocol/frames.js';
import { TandemError, toErrorDetail } from '../errors.js';
import type { TandemErrorDetail } from '../events/tandem-error.js';
import type { Booking } from '../protocol/booking.js';
import type { HubSessionController } from './hub-session-controller.js';

/** A booked meeting can be joined from this long before its start. */
export const MEETING_EARLY_MS = 10 * 60 * 1000;

/** Where a booked meeting stands for joining it now. */
export type MeetingTiming = 'early' | 'open' | 'over';

export interface MeetingOptions {
  /** The meeting stands (not cancelled): its agent takes the call. */
  onConfirmed(meeting: Booking): void;
  /** The meeting is joinable now: start the call. */
  onJoinable(meeting: Booking): void | Promise<void>;
  onError(detail: TandemErrorDetail): void;
}

/**
 * A booked meeting opened from its connect link (001's `connect-link` trigger): loads it, and, from
 * ten minutes before its start until its end, has the call started with its agent. The lookup is
 * cancelled when the element leaves the page.
 */
export class MeetingController implements ReactiveController {
  /** The booked meeting a connect link opened the widget for. */
  meeting: Booking | null = null;

  private readonly host: ReactiveControllerHost;
  private readonly hub: HubSessionController;
  private readonly options: MeetingOptions;
  private aborter: AbortController | null = null;

  constructor(host: ReactiveControllerHost, hub: HubSessionController, options: MeetingOptions) {
    (this.host = host).addController(this);
    this.hub = hub;
    this.options = options;
  }

  hostDisconnected(): void {
    this.aborter?.abort();
    this.aborter = null;
  }

  /** Whether the meeting can be joined now. */
  timing(meeting: Booking, now = Date.now()): MeetingTiming {
    if (now < Date.parse(meeting.start) - MEETING_EARLY_MS) return 'early';
    return now > Date.parse(meeting.end) ? 'over' : 'open';
  }

  /** Loads the meeting of a connect link; a newer link or the element's removal cancels the lookup. */
  async open(connectId: string): Promise<void> {
    this.aborter?.abort();
    const aborter = (this.aborter = new AbortController());
    try {
      const session = this.hub.session;
      if (!session) throw new TandemError(ErrorCode.orgNotFound, 'No org-id is set.');
      const { booking } = await session.command(
        'booking.byConnectId',
        { connectId },
        { signal: aborter.signal },
      );
      if (aborter.signal.aborted) return;
      this.meeting = booking;
      this.host.requestUpdate();
      if (booking.status !== 'confirmed') return;
      this.options.onConfirmed(booking);
      if (this.timing(booking) === 'open') await this.options.onJoinable(booking);
    } catch (error) {
      if (!aborter.signal.aborted) this.options.onError(toErrorDetail(error));
    }
  }
}
