/**
 * The cart events of the Bambuser seed (001) on `<calls-widget>`: the agent puts a product in the
 * visitor's own cart on the shop, or changes its quantity, and the page answers with
 * `detail.callback(success)` (once; the first call counts). A callback never called within 15 s is a
 * failure, and `detail.signal` aborts then.
 */

export interface CartAnswer {
  /** Call once with `true` (done) or `false` (refused). */
  callback(success: boolean): void;
  /** The same as `callback`. */
  respond(success: boolean): void;
  /** Aborts when the answer is no longer wanted (15 s passed, the call ended, the widget left). */
  signal: AbortSignal;
}

export interface ShouldAddItemToCartDetail extends CartAnswer {
  sku: string;
}

export interface ShouldUpdateItemInCartDetail extends CartAnswer {
  sku: string;
  /** The new quantity; 0 removes the item. */
  quantity: number;
}

/** `should-add-item-to-cart`: add one of this SKU to the shop's cart. */
export class ShouldAddItemToCartEvent extends CustomEvent<ShouldAddItemToCartDetail> {
  constructor(detail: ShouldAddItemToCartDetail) {
    super('should-add-item-to-cart', { bubbles: true, composed: true, detail });
  }
}

/** `should-update-item-in-cart`: set this SKU's quantity in the shop's cart (0 removes it). */
export class ShouldUpdateItemInCartEvent extends CustomEvent<ShouldUpdateItemInCartDetail> {
  constructor(detail: ShouldUpdateItemInCartDetail) {
    super('should-update-item-in-cart', { bubbles: true, composed: true, detail });
  }
}

/**
 * `goto-checkout`: the visitor pressed checkout in the call view. Send them there, for instance with
 * `callsWidget.floatAbove('/checkout')`, which keeps the call above the page.
 */
export class GotoCheckoutEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('goto-checkout', { bubbles: true, composed: true, detail: {} });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'should-add-item-to-cart': ShouldAddItemToCartEvent;
    'should-update-item-in-cart': ShouldUpdateItemInCartEvent;
    'goto-checkout': GotoCheckoutEvent;
  }
}
