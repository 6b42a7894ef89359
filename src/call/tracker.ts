import {
  TrackingEvent,
  type EcommerceEventDetail,
  type TrackingEventDetail,
} from '../events/tracking-event.js';

export interface TrackerOptions {
  /** 001's `dataLayerTracking`: push every tracking event to `window.dataLayer`. */
  dataLayer(): boolean;
  /** 001's `ecommerceTracking`: push the GA4 ecommerce events to `window.dataLayer`. */
  ecommerce(): boolean;
}

type DataLayerWindow = typeof globalThis & { dataLayer?: unknown[] };

/**
 * The calls widget's tracking (001): every step as a `tracking-event` on the element, and, as the
 * page allows, pushed to Google Tag Manager's `window.dataLayer` (created when absent). GA4 ecommerce
 * pushes are preceded by `{ecommerce: null}`, as GA4 recommends, so items never carry over.
 */
export class Tracker {
  private readonly target: EventTarget;
  private readonly options: TrackerOptions;

  constructor(target: EventTarget, options: TrackerOptions) {
    this.target = target;
    this.options = options;
  }

  track(eventName: TrackingEventDetail['eventName'], eventData: Record<string, unknown>): void {
    this.target.dispatchEvent(new TrackingEvent({ eventName, eventData }));
    if (this.options.dataLayer()) push({ event: eventName, eventData });
  }

  ecommerce(detail: EcommerceEventDetail): void {
    this.target.dispatchEvent(new TrackingEvent(detail));
    if (!this.options.ecommerce()) return;
    push({ ecommerce: null });
    push({ event: detail.event, ecommerce: detail.ecommerce });
  }
}

function push(entry: Record<string, unknown>): void {
  const page = globalThis as DataLayerWindow;
  // A page whose dataLayer is no array (another tool's object) keeps it: it has its own `push`.
  const layer = (page.dataLayer ??= []) as { push?: (e: unknown) => void };
  try {
    layer.push?.(entry);
  } catch {
    // The page's own dataLayer threw: its problem, never ours to throw into the page.
  }
}
