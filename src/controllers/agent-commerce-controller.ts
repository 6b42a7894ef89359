import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  COMMERCE_ANSWER_MS,
  productRef,
  type AgentCommerceMessage,
  type CartFailure,
  type CartLine,
  type ProductData,
  type ProductRef,
  type VisitorCommerceMessage,
} from '../protocol/commerce.js';
import { ErrorCode, type CallInfo } from '../protocol/frames.js';
import { TandemError } from '../errors.js';
import type { HubEvent } from '../session/hub-client.js';
import type { HubSessionController } from './hub-session-controller.js';
import { SessionFeed } from './session-feed.js';

/** The agent waits a little longer than the visitor's page, whose own 15 s answer then arrives first. */
const AGENT_WAIT_MS = COMMERCE_ANSWER_MS + 5000;

/** A product as the agent's console knows it. */
export interface ProductEntry {
  ref: ProductRef;
  /** The page's data, once it came. */
  data: ProductData | null;
  /** What was wrong with the page's data, when it was refused. */
  problems: string[] | null;
}

/** Where one SKU's last cart change stands. */
export type CartState = 'pending' | 'added' | CartFailure | 'no-answer';

export interface AgentCommerceOptions {
  /** The agent's running call, or null. */
  call(): CallInfo | null;
  onCartUpdated(callId: string, lines: CartLine[]): void;
}

interface Waiting<T> {
  resolve(value: T): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The agent's side of video commerce: the call's products and their data from the visitor's page,
 * searches, the product shown to the visitor, cart changes with the page's answer (added, refused, no
 * answer), the visitor's cart and the page they are on. Everything goes through the hub to the
 * visitor's calls widget; a call's end or the console's removal rejects what still waits.
 */
export class AgentCommerceController implements ReactiveController {
  /** Products of this call by Tandem id: the call's own, searched, opened. */
  readonly products = new Map<string, ProductEntry>();
  /** The call's products (from the page's routing), in order. */
  callProducts: string[] = [];
  /** The latest search's results, in order. */
  results: string[] = [];
  query = '';
  searchError: string | null = null;
  /** The product shown to the visitor. */
  shownId: string | null = null;
  cart: CartLine[] = [];
  readonly cartStates = new Map<string, CartState>();
  page: { url: string; title: string } | null = null;
  settings = { coBrowsing: false, scanning: false };
  checkedOut = false;

  private readonly host: ReactiveControllerHost;
  private readonly options: AgentCommerceOptions;
  private readonly hub: HubSessionController;
  private readonly feed: SessionFeed;
  private callId: string | null = null;
  private readonly waiting = new Map<string, Waiting<unknown>>();
  private readonly productWaits = new Map<string, Array<Waiting<ProductData>>>();
  private nextRequest = 0;
  /** Which SKU each cart request is about. */
  private readonly cartRequests = new Map<string, string>();

  constructor(host: ReactiveControllerHost, hub: HubSessionController, options: AgentCommerceOptions) {
    (this.host = host).addController(this);
    this.hub = hub;
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
    this.reset(null);
  }

  /** Product entries for ids, in order, skipping unknown ones. */
  entries(ids: readonly string[]): ProductEntry[] {
    return ids.flatMap((id) => {
      const entry = this.products.get(id);
      return entry ? [entry] : [];
    });
  }

  /** Opens a product (a ref, a URL or an entry's id) and shows it to the visitor once its data is in. */
  async showProduct(ref: string | ProductRef): Promise<ProductData> {
    const entry = this.known(ref);
    this.shownId = entry.ref.id;
    this.host.requestUpdate();
    const data = entry.data ?? (await this.dataOf(entry.ref));
    if (this.shownId === entry.ref.id) this.send({ kind: 'product.show', product: data });
    return data;
  }

  /** Stops showing a product to the visitor. */
  hideProduct(): void {
    this.shownId = null;
    this.send({ kind: 'product.show', product: null });
    this.host.requestUpdate();
  }

  /** Searches the shop through the visitor's page; resolves with the results' product data and refs. */
  async searchProducts(query: string, type?: ProductRef['type']): Promise<Array<ProductData | ProductRef>> {
    const trimmed = query.trim();
    if (!trimmed) throw new TandemError(ErrorCode.invalidArgument, 'A search needs some text.');
    this.query = trimmed;
    this.searchError = null;
    if (type === 'scanned-code') {
      // A scanned code names one product: its data comes through provide-product-data.
      const entry = this.known(productRef(trimmed, 'scanned-code'));
      this.results = [entry.ref.id];
      this.request([entry.ref]);
      this.host.requestUpdate();
      return [entry.ref];
    }
    const requestId = this.requestId();
    const answer = this.wait<Array<ProductData | ProductRef>>(requestId);
    this.send({ kind: 'search.request', requestId, query: trimmed });
    this.host.requestUpdate();
    return answer;
  }

  /** Adds one of a SKU to the visitor's cart; resolves with the page's answer, rejects without one. */
  addToCart(sku: string, productId: string | null = null): Promise<boolean> {
    return this.changeCart(sku, { kind: 'cart.add', sku, productId: productId ?? this.productOf(sku) });
  }

  /** Sets a SKU's quantity in the visitor's cart (0 removes it); resolves with the page's answer. */
  updateCartItem(sku: string, quantity: number): Promise<boolean> {
    if (!Number.isInteger(quantity) || quantity < 0 || quantity > 9999) {
      return Promise.reject(
        new TandemError(ErrorCode.invalidArgument, 'A quantity is a whole number from 0.'),
      );
    }
    return this.changeCart(sku, { kind: 'cart.update', sku, quantity });
  }

  /** Sends the visitor to a page of the shop (co-browsing); the visitor's page refuses other origins. */
  navigate(url: string): void {
    if (!url.trim()) return;
    this.send({ kind: 'navigate', url: url.trim() });
  }

  private async changeCart(
    sku: string,
    message:
      | { kind: 'cart.add'; sku: string; productId: string | null }
      | { kind: 'cart.update'; sku: string; quantity: number },
  ): Promise<boolean> {
    if (!sku) throw new TandemError(ErrorCode.invalidArgument, 'A cart change needs a SKU.');
    const requestId = this.requestId();
    const answer = this.wait<boolean>(requestId);
    this.cartStates.set(sku, 'pending');
    this.cartRequests.set(requestId, sku);
    this.send({ ...message, requestId });
    this.host.requestUpdate();
    try {
      return await answer;
    } catch (error) {
      if (this.cartStates.get(sku) === 'pending') this.cartStates.set(sku, 'no-answer');
      this.host.requestUpdate();
      throw error;
    }
  }

  /** Follows the agent's running call: each call starts clean, with its own products requested. */
  private follow(): void {
    const call = this.options.call();
    const callId = call?.status === 'active' ? call.callId : null;
    if (callId === this.callId) return;
    this.reset(callId);
    if (!call || !callId) return;
    const refs = call.productIds.map((id) => productRef(id));
    for (const ref of refs) this.known(ref);
    this.callProducts = refs.map((r) => r.id);
    if (refs.length) this.request(refs);
  }

  private reset(callId: string | null): void {
    const ended = new TandemError(ErrorCode.conflict, 'The call has ended.');
    for (const [, wait] of this.waiting) {
      clearTimeout(wait.timer);
      wait.reject(ended);
    }
    this.waiting.clear();
    for (const waits of this.productWaits.values()) {
      for (const wait of waits) {
        clearTimeout(wait.timer);
        wait.reject(ended);
      }
    }
    this.productWaits.clear();
    this.callId = callId;
    this.products.clear();
    this.callProducts = [];
    this.results = [];
    this.query = '';
    this.searchError = null;
    this.shownId = null;
    this.cart = [];
    this.cartStates.clear();
    this.cartRequests.clear();
    this.page = null;
    this.settings = { coBrowsing: false, scanning: false };
    this.checkedOut = false;
  }

  private onHubEvent(frame: HubEvent): void {
    if (frame.type !== 'call.commerce' || frame.callId !== this.callId) return;
    const message = frame.message as VisitorCommerceMessage;
    switch (message.kind) {
      case 'product':
        this.gotProduct(message.product);
        break;
      case 'product.invalid': {
        const entry = this.products.get(message.id);
        if (entry) entry.problems = message.problems;
        this.failProduct(
          message.id,
          `The shop's data for this product is incomplete: ${message.problems.join('; ')}.`,
        );
        break;
      }
      case 'search.reply':
        this.gotSearch(message.requestId, message.results, message.error);
        break;
      case 'cart.reply': {
        const wait = this.take(message.requestId);
        const sku = this.cartRequests.get(message.requestId);
        this.cartRequests.delete(message.requestId);
        if (sku) this.cartStates.set(sku, message.ok ? 'added' : (message.failure ?? 'refused'));
        if (message.failure === 'timeout')
          wait?.reject(new TandemError(ErrorCode.timeout, 'The shop did not answer.'));
        else wait?.resolve(message.ok);
        break;
      }
      case 'cart':
        this.cart = message.lines;
        this.options.onCartUpdated(frame.callId, message.lines);
        break;
      case 'page':
        this.page = { url: message.url, title: message.title };
        break;
      case 'checkout':
        this.checkedOut = true;
        break;
      case 'settings':
        this.settings = { coBrowsing: message.coBrowsing, scanning: message.scanning };
        break;
    }
    this.host.requestUpdate();
  }

  private gotProduct(product: ProductData): void {
    const entry = this.products.get(product.id) ?? {
      ref: productRef(product.id),
      data: null,
      problems: null,
    };
    entry.data = product;
    entry.problems = null;
    this.products.set(product.id, entry);
    for (const wait of this.productWaits.get(product.id) ?? []) {
      clearTimeout(wait.timer);
      wait.resolve(product);
    }
    this.productWaits.delete(product.id);
    // An update of the product on the visitor's screen shows there too.
    if (this.shownId === product.id) this.send({ kind: 'product.show', product });
  }

  private gotSearch(requestId: string, results: Array<ProductData | ProductRef>, error?: string): void {
    const ids: string[] = [];
    const refs: ProductRef[] = [];
    for (const result of results) {
      if ('ref' in result) {
        const entry = this.known(result);
        ids.push(entry.ref.id);
        if (!entry.data) refs.push(entry.ref);
      } else {
        this.gotProduct(result);
        ids.push(result.id);
      }
    }
    this.results = ids;
    this.searchError = error ?? null;
    if (refs.length) this.request(refs);
    const wait = this.take(requestId);
    if (error && !results.length) wait?.reject(new TandemError(ErrorCode.timeout, error));
    else wait?.resolve(results);
  }

  private known(ref: string | ProductRef): ProductEntry {
    const resolved = typeof ref === 'string' ? (this.products.get(ref)?.ref ?? productRef(ref)) : ref;
    let entry = this.products.get(resolved.id);
    if (!entry) {
      entry = { ref: resolved, data: null, problems: null };
      this.products.set(resolved.id, entry);
    }
    return entry;
  }

  /** The product's data: asked of the page once, waited for up to the answer time. */
  private dataOf(ref: ProductRef): Promise<ProductData> {
    return new Promise<ProductData>((resolve, reject) => {
      const waits = this.productWaits.get(ref.id) ?? [];
      const timer = setTimeout(() => {
        this.productWaits.set(
          ref.id,
          (this.productWaits.get(ref.id) ?? []).filter((w) => w.timer !== timer),
        );
        reject(new TandemError(ErrorCode.timeout, `The shop gave no data for "${ref.ref}".`));
      }, AGENT_WAIT_MS);
      waits.push({ resolve, reject, timer });
      this.productWaits.set(ref.id, waits);
      if (waits.length === 1) this.request([ref]);
    });
  }

  private failProduct(id: string, message: string): void {
    for (const wait of this.productWaits.get(id) ?? []) {
      clearTimeout(wait.timer);
      wait.reject(new TandemError(ErrorCode.invalidArgument, message));
    }
    this.productWaits.delete(id);
  }

  private request(refs: ProductRef[]): void {
    for (let i = 0; i < refs.length; i += 50)
      this.send({ kind: 'products.request', refs: refs.slice(i, i + 50) });
  }

  private productOf(sku: string): string | null {
    for (const entry of this.products.values()) {
      if (entry.data?.variations.some((v) => v.sizes.some((s) => s.sku === sku))) return entry.ref.id;
    }
    return null;
  }

  private requestId(): string {
    return `q${++this.nextRequest}-${Math.random().toString(36).slice(2, 8)}`;
  }

  private wait<T>(requestId: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        reject(new TandemError(ErrorCode.timeout, 'The visitor’s page did not answer.'));
      }, AGENT_WAIT_MS);
      this.waiting.set(requestId, { resolve: resolve as (v: unknown) => void, reject, timer });
    });
  }

  private take(requestId: string): Waiting<unknown> | undefined {
    const wait = this.waiting.get(requestId);
    if (!wait) return undefined;
    clearTimeout(wait.timer);
    this.waiting.delete(requestId);
    return wait;
  }

  private send(message: AgentCommerceMessage): void {
    const session = this.hub.session;
    const callId = this.callId;
    if (!session || !callId) return;
    session.command('call.commerce', { callId, message }).catch(() => undefined);
  }
}
