import type { ProductData, ProductRef } from '../protocol/commerce.js';

/** A search result: product data, or a ref whose data comes through `provide-product-data`. */
export type SearchResult = Partial<ProductData> | { ref: string; type?: ProductRef['type'] };

export interface ProvideSearchDataDetail {
  query: string;
  /** Call once with the results (the first call counts). */
  callback(results: SearchResult[]): void;
  /** The same as `callback`. */
  respond(results: SearchResult[]): void;
  /** Aborts when the answer is no longer wanted (a newer search, the call ended, 15 s passed). */
  signal: AbortSignal;
}

/**
 * `provide-search-data` (calls-widget), as in the Bambuser seed (001): the agent searches the shop's
 * products; answer with `detail.callback(results)`.
 */
export class ProvideSearchDataEvent extends CustomEvent<ProvideSearchDataDetail> {
  constructor(detail: ProvideSearchDataDetail) {
    super('provide-search-data', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'provide-search-data': ProvideSearchDataEvent;
  }
}
