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
    | 'product_viewed'
    | 'cart_item_added'
    | 'cart_item_updated'
    | 'cart_item_removed'
    | 'checkout_started'
    | (string & Record<never, never>);
  eventData: Record<string, unknown>;
}

/** A GA4 ecommerce item (`items[]`). */
export interface EcommerceItem {
  item_id: string;
  item_name: string;
  item_brand?: string;
  item_variant?: string;
  price?: number;
  quantity: number;
}

/** A GA4 ecommerce event, as 001's `tracking-event` carries it beside its own events. */
export interface EcommerceEventDetail {
  event: 'view_item' | 'add_to_cart' | 'remove_from_cart' | 'begin_checkout';
  ecommerce: { currency?: string; value?: number; items: EcommerceItem[] };
}

/**
 * `tracking-event` (calls-widget): one of the seed's tracking events happened: a call step, a product
 * or cart step (`{eventName, eventData}`), or a GA4 ecommerce event (`{event, ecommerce}`).
 */
export class TrackingEvent extends CustomEvent<TrackingEventDetail | EcommerceEventDetail> {
  constructor(detail: TrackingEventDetail | EcommerceEventDetail) {
    super('tracking-event', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tracking-event': TrackingEvent;
  }
}
