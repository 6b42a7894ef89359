import type { ProductRef } from '../protocol/commerce.js';

export interface ProvideProductDataDetail {
  products: ProductRef[];
  /** Aborts when the call ends or the widget leaves the page: answers after that go nowhere. */
  signal: AbortSignal;
}

/**
 * `provide-product-data` (calls-widget), as in the Bambuser seed (001): the agent needs data for these
 * products (the call's products, one the agent opens, a search hit, a scanned code). Answer each with
 * `callsWidget.updateProduct(product.id, () => productData)`.
 */
export class ProvideProductDataEvent extends CustomEvent<ProvideProductDataDetail> {
  constructor(detail: ProvideProductDataDetail) {
    super('provide-product-data', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'provide-product-data': ProvideProductDataEvent;
  }
}
