/** Detail of `tracking-event`, as in the Bambuser seed (001). */
export interface TrackingEventDetail {
  eventName:
    | 'call_widget_opened'
    | 'joined_queue'
    | 'left_queue'
    | 'call_started'
    | 'call_transferred'
    | 'call_ended'
    | 'call_widget_closed'
    | (string & Record<never, never>);
  eventData: Record<string, unknown>;
}

/** `tracking-event` (calls-widget): one of the seed's call tracking events happened. */
export class TrackingEvent extends CustomEvent<TrackingEventDetail> {
  constructor(detail: TrackingEventDetail) {
    super('tracking-event', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    'tracking-event': TrackingEvent;
  }
}
