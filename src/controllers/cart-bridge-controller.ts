import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  COMMERCE_ANSWER_MS,
  checkProductData,
  productIdOf,
  productRef,
  sizeBySku,
  type AgentCommerceMessage,
  type CartFailure,
  type CartLine,
  type ProductData,
  type ProductRef,
  type VisitorCommerceMessage,
} from '../protocol/commerce.js';
import { ErrorCode } from '../protocol/frames.js';
import type { TandemErrorDetail } from '../events/tandem-error.js';
import { ProvideProductDataEvent } from '../events/provide-product-data.js';
import { ProvideSearchDataEvent, type SearchResult } from '../events/provide-search-data.js';
import {
  GotoCheckoutEvent,
  ShouldAddItemToCartEvent,
  ShouldUpdateItemInCartEvent,
} from '../events/cart-events.js';
import type { EcommerceItem } from '../events/tracking-event.js';
import type { Tracker } from '../call/tracker.js';
import type { HubEvent } from '../session/hub-client.js';
import type { HubSessionController } from './hub-session-controller.js';
import type { VisitorCallController } from './visitor-call-controller.js';
import { SessionFeed } from './session-feed.js';

/** `updateProduct`'s second argument (001): a function returning the product data, or the data. */
export type ProductFactory = (() => unknown) | Record<string, unknown>;

/** The latest cart change, as the call view shows it. */
export interface CartOutcome {
  sku: string;
  name: string;
  ok: boolean;
  failure?: CartFailure;
}

export interface CartBridgeOptions {
  tracker: Tracker;
  /** What the page allows the agent (told at the call's start). */
  settings(): { coBrowsing: boolean; scanning: boolean };
  /** Sends the visitor to a page the agent chose (co-browsing), or refuses it. */
  navigate(url: string): void;
  onError(detail: TandemErrorDetail, warn?: boolean): void;
}

const MAX_RESULTS = 50;

/**
 * The visitor's side of video commerce (001's cart bridge): the agent's requests arrive through the
 * hub and become the seed's DOM events on the calls widget (`provide-product-data`,
 * `provide-search-data`, `should-add-item-to-cart`, `should-update-item-in-cart`); the page's answers
 * (callbacks, `updateProduct`) go back to the agent, each question answered once, a silent page a
 * failure after 15 s. It keeps what the call view shows: the product the agent shows, the cart lines
 * added in this call and the latest outcome. The shop's cart itself never leaves the shop.
 */
export class CartBridgeController implements ReactiveController {
  /** The product the agent shows, or null. */
  shown: ProductData | null = null;
  /** What the agent put in the cart during this call, with quantities. */
  cart: CartLine[] = [];
  outcome: CartOutcome | null = null;

  private readonly host: ReactiveControllerHost & EventTarget;
  private readonly hub: HubSessionController;
  private readonly call: VisitorCallController;
  private readonly options: CartBridgeOptions;
  private readonly feed: SessionFeed;
  /** Product data the page gave, by Tandem's product id. */
  private readonly products = new Map<string, ProductData>();
  /** The running call the bridge serves, and what aborts its questions when it ends. */
  private current: { callId: string; aborter: AbortController } | null = null;
  private search: AbortController | null = null;

  constructor(
    host: ReactiveControllerHost & EventTarget,
    hub: HubSessionController,
    call: VisitorCallController,
    options: CartBridgeOptions,
  ) {
    (this.host = host).addController(this);
    this.hub = hub;
    this.call = call;
    this.options = options;
    this.feed = SessionFeed.events(hub, (frame) => this.onHubEvent(frame));
  }

  hostConnected(): void {
    this.feed.sync();
  }

  hostUpdate(): void {
    this.feed.sync();
    this.follow();
  }

  hostDisconnected(): void {
    this.feed.stop();
    this.endCall();
  }

  /** The running call's id, while the bridge serves one. */
  get callId(): string | null {
    return this.current?.callId ?? null;
  }

  /**
   * 001's `updateProduct(id, factory)`: the page's data for a product. It goes to the agent (and
   * updates the product on screen on both sides); data of the wrong shape is named to the page and
   * the agent, and goes nowhere else.
   */
  async updateProduct(id: string, factory: ProductFactory): Promise<void> {
    if (typeof id !== 'string' || !id) {
      this.options.onError(
        { code: ErrorCode.invalidArgument, message: 'updateProduct: the id is missing.' },
        true,
      );
      return;
    }
    let value: unknown;
    try {
      value = await (typeof factory === 'function' ? factory() : factory);
    } catch (error) {
      return this.refuseProduct(id, [`the product factory threw: ${String(error)}`]);
    }
    const check = checkProductData(value, id);
    if (!check.ok) return this.refuseProduct(id, check.problems);
    this.products.set(id, check.product);
    if (this.shown?.id === id) this.shown = check.product;
    this.send({ kind: 'product', product: check.product });
    this.host.requestUpdate();
  }

  /** The visitor pressed checkout in the call view: `goto-checkout` for the page, news for the agent. */
  checkout(): void {
    this.host.dispatchEvent(new GotoCheckoutEvent());
    this.send({ kind: 'checkout' });
    const callId = this.callId;
    this.options.tracker.track('checkout_started', { callId, items: this.cart.length });
    const items = this.cart.map((line) => this.item(line.sku, line.quantity));
    this.options.tracker.ecommerce({ event: 'begin_checkout', ecommerce: withValue(items, this.currency()) });
  }

  /** Sends a message to the agent of the running call (nothing outside a call). */
  send(message: VisitorCommerceMessage): void {
    const session = this.hub.session;
    const callId = this.callId;
    if (!session || !callId) return;
    session.command('call.commerce', { callId, message }).catch(() => undefined);
  }

  /** Follows the visitor's call: a new call starts clean, an ended one cancels its questions. */
  private follow(): void {
    const call = this.call.call;
    const running = this.call.phase === 'in-call' && call?.status === 'active' ? call.callId : null;
    if (running === this.callId) return;
    this.endCall();
    if (!running) return;
    this.current = { callId: running, aborter: new AbortController() };
    this.send({ kind: 'settings', ...this.options.settings() });
  }

  private endCall(): void {
    this.current?.aborter.abort();
    this.search?.abort();
    this.current = null;
    this.search = null;
    this.shown = null;
    this.cart = [];
    this.outcome = null;
  }

  private onHubEvent(frame: HubEvent): void {
    if (frame.type !== 'call.commerce') return;
    // The agent may ask as soon as the call starts, before this element's next update.
    this.follow();
    if (frame.callId !== this.callId) return;
    const message = frame.message as AgentCommerceMessage;
    switch (message.kind) {
      case 'products.request':
        return this.askProducts(message.refs);
      case 'search.request':
        return this.askSearch(message.requestId, message.query);
      case 'cart.add':
        return this.askCart(message.requestId, message.sku, null, message.productId);
      case 'cart.update':
        return this.askCart(message.requestId, message.sku, message.quantity, null);
      case 'product.show':
        return this.show(message.product);
      case 'navigate':
        return this.options.navigate(message.url);
      default:
        return;
    }
  }

  private askProducts(refs: ProductRef[]): void {
    // Data the page already gave goes at once; the page may still update it.
    for (const ref of refs) {
      const known = this.products.get(ref.id);
      if (known) this.send({ kind: 'product', product: known });
    }
    const signal = this.current!.aborter.signal;
    this.host.dispatchEvent(new ProvideProductDataEvent({ products: refs.map((r) => ({ ...r })), signal }));
  }

  private askSearch(requestId: string, query: string): void {
    this.search?.abort();
    const aborter = (this.search = new AbortController());
    const answer = this.answerOnce<unknown>(aborter, (results) => {
      const list = Array.isArray(results) ? this.searchResults(results as SearchResult[]) : [];
      const error =
        results === null
          ? 'The shop did not answer the search within 15 s.'
          : Array.isArray(results)
            ? undefined
            : 'The shop answered the search with no list.';
      this.send({ kind: 'search.reply', requestId, results: list, ...(error ? { error } : {}) });
    });
    const callback = (results: SearchResult[]): void => answer(results);
    this.host.dispatchEvent(
      new ProvideSearchDataEvent({ query, callback, respond: callback, signal: aborter.signal }),
    );
  }

  /** `quantity` null: add one (`should-add-item-to-cart`); else set it (`should-update-item-in-cart`). */
  private askCart(requestId: string, sku: string, quantity: number | null, productId: string | null): void {
    const adding = quantity === null;
    const answer = this.answerOnce<boolean>(new AbortController(), (success) => {
      const ok = success === true;
      const failure: CartFailure | undefined = success === null ? 'timeout' : ok ? undefined : 'refused';
      if (ok) this.applyCart(sku, productId, quantity);
      this.outcome = { sku, name: this.nameOf(sku), ok, ...(failure ? { failure } : {}) };
      this.send({ kind: 'cart.reply', requestId, ok, ...(failure ? { failure } : {}) });
      if (ok) this.send({ kind: 'cart', lines: this.cart.map((l) => ({ ...l })) });
      this.host.requestUpdate();
    });
    const callback = (success: boolean): void => answer(success === true);
    const signal = this.lastQuestion!.signal;
    this.host.dispatchEvent(
      adding
        ? new ShouldAddItemToCartEvent({ sku, callback, respond: callback, signal })
        : new ShouldUpdateItemInCartEvent({
            sku,
            quantity: quantity ?? 0,
            callback,
            respond: callback,
            signal,
          }),
    );
  }

  /** The question `answerOnce` made last: its signal goes with the event. */
  private lastQuestion: AbortController | null = null;

  /**
   * Wraps a question's answer: the first call counts and later ones are ignored; no answer within
   * 15 s delivers `null` (a failure); the call's end cancels the question without an answer.
   */
  private answerOnce<T>(aborter: AbortController, deliver: (answer: T | null) => void): (answer: T) => void {
    this.lastQuestion = aborter;
    const callSignal = this.current!.aborter.signal;
    let done = false;
    const finish = (): void => {
      done = true;
      clearTimeout(timer);
      callSignal.removeEventListener('abort', finish);
      aborter.abort();
    };
    const settle = (answer: T | null): void => {
      if (done) return;
      finish();
      try {
        deliver(answer);
      } catch (error) {
        this.options.onError({ code: ErrorCode.internal, message: String(error) });
      }
    };
    const timer = setTimeout(() => settle(null), COMMERCE_ANSWER_MS);
    callSignal.addEventListener('abort', finish, { once: true });
    // A newer question of the same kind (a newer search) supersedes this one: no answer is sent.
    aborter.signal.addEventListener('abort', () => void (done || finish()), { once: true });
    return (answer: T) => settle(answer);
  }

  private applyCart(sku: string, productId: string | null, quantity: number | null): void {
    const existing = this.cart.find((l) => l.sku === sku);
    const before = existing?.quantity ?? 0;
    const after = quantity === null ? before + 1 : quantity;
    const product = (productId && this.products.get(productId)) || this.productOfSku(sku);
    if (after <= 0) this.cart = this.cart.filter((l) => l.sku !== sku);
    else if (existing) this.cart = this.cart.map((l) => (l.sku === sku ? { ...l, quantity: after } : l));
    else
      this.cart = [
        ...this.cart,
        {
          sku,
          quantity: after,
          productId: product?.id ?? productId,
          name: product?.name ?? sku,
          price: (product && (sizeBySku(product, sku)?.price ?? product.price)) || null,
        },
      ];
    const tracker = this.options.tracker;
    const callId = this.callId;
    const eventName =
      before === 0 ? 'cart_item_added' : after === 0 ? 'cart_item_removed' : 'cart_item_updated';
    tracker.track(eventName, { callId, sku, quantity: after, productId: product?.id ?? productId });
    const delta = after - before;
    if (delta === 0) return;
    const items = [this.item(sku, Math.abs(delta))];
    tracker.ecommerce({
      event: delta > 0 ? 'add_to_cart' : 'remove_from_cart',
      ecommerce: withValue(items, this.currency(sku)),
    });
  }

  private show(product: ProductData | null): void {
    if (product) {
      const known = this.products.get(product.id);
      const again = this.shown?.id === product.id;
      this.shown = known ?? product;
      // An update of the product on screen is no new view.
      if (again) return this.host.requestUpdate();
      this.options.tracker.track('product_viewed', {
        callId: this.callId,
        productId: product.id,
        name: product.name,
      });
      const size = product.variations[0]?.sizes[0];
      const item: EcommerceItem = {
        item_id: size?.sku ?? product.id,
        item_name: product.name,
        ...(product.brand ? { item_brand: product.brand } : {}),
        price: product.price.current,
        quantity: 1,
      };
      this.options.tracker.ecommerce({
        event: 'view_item',
        ecommerce: withValue([item], product.price.currency),
      });
    } else {
      this.shown = null;
    }
    this.host.requestUpdate();
  }

  private refuseProduct(id: string, problems: string[]): void {
    this.options.onError(
      { code: ErrorCode.invalidArgument, message: `updateProduct("${id}"): ${problems.join('; ')}.` },
      true,
    );
    this.send({ kind: 'product.invalid', id, problems: problems.slice(0, 50).map((p) => p.slice(0, 500)) });
  }

  /** The page's search results as the agent gets them: product data checked, refs named. */
  private searchResults(results: SearchResult[]): Array<ProductData | ProductRef> {
    const out: Array<ProductData | ProductRef> = [];
    for (const result of results.slice(0, MAX_RESULTS)) {
      if (typeof result !== 'object' || result === null) continue;
      if ('ref' in result && typeof result.ref === 'string') {
        const type = result.type === 'url' || result.type === 'scanned-code' ? result.type : undefined;
        out.push(productRef(result.ref, type));
        continue;
      }
      const data = result as Partial<ProductData>;
      const id =
        typeof data.id === 'string' && data.id
          ? data.id
          : productIdOf(data.url ? 'url' : 'product-reference', String(data.url ?? data.name ?? ''));
      const check = checkProductData(data, id);
      if (check.ok) {
        this.products.set(id, check.product);
        out.push(check.product);
      } else {
        this.options.onError(
          {
            code: ErrorCode.invalidArgument,
            message: `provide-search-data: a result was left out: ${check.problems.join('; ')}.`,
          },
          true,
        );
      }
    }
    return out;
  }

  private productOfSku(sku: string): ProductData | undefined {
    for (const product of this.products.values()) if (sizeBySku(product, sku)) return product;
    return undefined;
  }

  private nameOf(sku: string): string {
    return this.productOfSku(sku)?.name ?? sku;
  }

  private item(sku: string, quantity: number): EcommerceItem {
    const product = this.productOfSku(sku);
    const size = product && sizeBySku(product, sku);
    const variation = product?.variations.find((v) => v.sizes.some((s) => s.sku === sku));
    return {
      item_id: sku,
      item_name: product?.name ?? sku,
      ...(product?.brand ? { item_brand: product.brand } : {}),
      ...(variation?.name || size?.label
        ? { item_variant: [variation?.name, size?.label].filter(Boolean).join(' / ') }
        : {}),
      ...(product ? { price: (size?.price ?? product.price).current } : {}),
      quantity,
    };
  }

  private currency(sku?: string): string | undefined {
    const product = sku ? this.productOfSku(sku) : this.products.values().next().value;
    return product?.price.currency;
  }
}

function withValue(items: EcommerceItem[], currency: string | undefined) {
  const value = items.reduce((sum, i) => sum + (i.price ?? 0) * i.quantity, 0);
  return { ...(currency ? { currency } : {}), value: Math.round(value * 100) / 100, items };
}
