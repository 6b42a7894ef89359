import type { CartLine } from '../protocol/commerce.js';

export interface CartUpdatedDetail {
  callId: string;
  /** What the agent put in the visitor's cart during this call, with quantities. */
  lines: CartLine[];
}

/** `cart-updated` (agent-console): the visitor's page confirmed a cart change. */
export class CartUpdatedEvent extends CustomEvent<CartUpdatedDetail> {
  constructor(detail: CartUpdatedDetail) {
    super('cart-updated', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cart-updated': CartUpdatedEvent;
  }
}
