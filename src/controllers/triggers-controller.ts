import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallsWidgetTrigger } from '../call/call-types.js';

/** URL parameters of 001's links: a queue link and a booked meeting's connect link. */
export const QUEUE_LINK_PARAM = 'bambuserQueueId';
export const CONNECT_LINK_PARAM = 'bambuserConnectId';

export interface TriggerActions {
  triggers(): CallsWidgetTrigger[];
  /** The `connect-id` attribute (else the connect link's URL parameter). */
  connectId(): string;
  /** 001's `openBookingPage`. */
  openBookingPage(): boolean;
  show(): void;
  showBooking(): void;
  setQueue(queueTerm: string): void;
  openMeeting(connectId: string): void;
}

/**
 * What opens the calls widget by itself once it is on the page (001's `triggers`): a queue link, a
 * connect link, `always`, or `openBookingPage`. Runs once per element, after its first render.
 */
export class TriggersController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly actions: TriggerActions;
  private ran = false;
  private connected = false;

  constructor(host: ReactiveControllerHost, actions: TriggerActions) {
    (this.host = host).addController(this);
    this.actions = actions;
  }

  hostConnected(): void {
    this.connected = true;
    if (this.ran) return;
    this.ran = true;
    void this.host.updateComplete.then(() => {
      if (this.connected) this.run();
    });
  }

  hostDisconnected(): void {
    this.connected = false;
  }

  private run(): void {
    const { actions } = this;
    if (actions.openBookingPage()) {
      actions.showBooking();
      return;
    }
    const triggers = actions.triggers();
    const params = new URLSearchParams(location.search);
    const queueFromLink = params.get(QUEUE_LINK_PARAM);
    const connectId = actions.connectId() || params.get(CONNECT_LINK_PARAM);
    if (triggers.includes('queue-link') && queueFromLink) {
      actions.setQueue(queueFromLink);
      actions.show();
    } else if (triggers.includes('connect-link') && connectId) {
      actions.openMeeting(connectId);
    } else if (triggers.includes('always')) {
      actions.show();
    }
  }
}
