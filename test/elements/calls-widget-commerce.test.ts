import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/elements/calls-widget/calls-widget.js';
import '../../src/elements/agent-console/agent-console.js';
import type { CallsWidget } from '../../src/elements/calls-widget/calls-widget.js';
import type { AgentConsole } from '../../src/elements/agent-console/agent-console.js';
import type { CallOfferedEvent } from '../../src/events/call-offered.js';
import type { TandemErrorEvent } from '../../src/events/tandem-error.js';
import type { CartUpdatedEvent } from '../../src/events/cart-updated.js';
import type { ProvideProductDataEvent } from '../../src/events/provide-product-data.js';
import type { ProvideSearchDataEvent } from '../../src/events/provide-search-data.js';
import type { ShouldAddItemToCartEvent, ShouldUpdateItemInCartEvent } from '../../src/events/cart-events.js';
import type { TrackingEvent } from '../../src/events/tracking-event.js';
import type { CallAgent } from '../../src/protocol/frames.js';
import { hubUrl, hubUrlAs } from '../support/hub-url.js';
import { shadow, untilPhase } from '../support/call-widget.js';

/** What a shop's product API answers for the wool shirt (001's product data object). */
const shirt = {
  name: 'Wool overshirt',
  brand: 'Nordic Threads',
  url: '/products/shirt',
  images: ['data:image/gif;base64,R0lGODlhAQABAAAAACw='],
  price: { current: 1290, original: 1590, currency: 'SEK' },
  variations: [
    {
      name: 'Navy',
      images: [],
      sizes: [
        { sku: 'SHIRT-M', label: 'M', inStock: true, stock: 3 },
        { sku: 'SHIRT-L', label: 'L', inStock: false },
      ],
    },
  ],
};

type DataLayerEntry = { event?: string; ecommerce?: unknown; eventData?: unknown };
const dataLayer = () => ((window as unknown as { dataLayer?: DataLayerEntry[] }).dataLayer ??= []);

/** A signed-in agent console on a session of its own, and a visitor in a call with that agent. */
async function inCall(
  agentId: string,
  routeProducts: string[] = [],
  prepare?: (visitor: CallsWidget) => void,
) {
  const agent = await fixture<AgentConsole>(
    html`<agent-console org-id="demo" hub-url=${hubUrlAs('127.0.0.1')}></agent-console>`,
  );
  await agent.signIn(agentId, 'demo');
  const visitor = await fixture<CallsWidget>(
    html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
  );
  if (routeProducts.length) {
    await waitUntil(() => agent.agent?.status === 'online');
    visitor.onBeforeRender = (agents: CallAgent[]) => {
      const me = agents.find((a) => a.id === agentId);
      return me ? { callAgentId: me.id, productIds: routeProducts } : null;
    };
    // The start screen names the agent once the routing landed.
    visitor.show();
    await waitUntil(() =>
      visitor.shadowRoot!.querySelector('[part~="drop-in-card"]')?.textContent?.includes(agent.agent!.name),
    );
  }
  prepare?.(visitor);
  const offered = oneEvent(agent, 'call-offered') as Promise<CallOfferedEvent>;
  await visitor.startCall();
  await untilPhase(visitor, 'waiting');
  await agent.accept((await offered).detail.ticketId);
  await untilPhase(visitor, 'in-call', 15_000);
  const done = async () => {
    await visitor.destroy();
    await agent.signOut();
  };
  return { agent, visitor, done };
}

describe('<calls-widget> video commerce', () => {
  afterEach(() => {
    localStorage.clear();
    dataLayer().length = 0;
  });

  it('gives the agent the routed products, searches, shows and adds to the cart, with the page answering', async function () {
    this.timeout(40_000);
    // The page answers provide-product-data with updateProduct, as 001's samples do.
    const asked: ProvideProductDataEvent['detail']['products'][] = [];
    const answerProducts = (visitor: CallsWidget) =>
      visitor.addEventListener('provide-product-data', (e) => {
        asked.push(e.detail.products);
        for (const product of e.detail.products) {
          if (product.ref === 'SHIRT') visitor.updateProduct(product.id, () => shirt);
        }
      });
    const routed = ['SHIRT', 'https://shop.example/products/scarf'];
    const { agent, visitor, done } = await inCall('chen', routed, answerProducts);
    try {
      await waitUntil(() => asked.length > 0, 'the page was never asked for product data');
      expect(asked[0]!.map((p) => [p.ref, p.type])).to.deep.equal([
        ['SHIRT', 'product-reference'],
        ['https://shop.example/products/scarf', 'url'],
      ]);
      const entry = () =>
        agent.shadowRoot!.querySelector<HTMLElement>(`[data-product-id="${asked[0]![0]!.id}"]`);
      await waitUntil(() => entry()?.dataset.loaded === 'true', "the agent never saw the page's data");
      expect(entry()!.textContent).to.contain('Wool overshirt');

      // Search: answered once; a second answer is ignored.
      visitor.addEventListener('provide-search-data', (e: ProvideSearchDataEvent) => {
        expect(e.detail.query).to.equal('wool');
        e.detail.callback([{ ...shirt, id: 'shirt-from-search' }, { ref: 'SCARF' }]);
        e.detail.respond([]);
      });
      const results = await agent.searchProducts('wool');
      expect(results.map((r) => ('name' in r ? r.name : r.ref))).to.deep.equal(['Wool overshirt', 'SCARF']);

      // Showing a product: the visitor's call view shows it; GA4's view_item after {ecommerce: null}.
      const shown = await agent.showProduct('SHIRT');
      expect(shown.name).to.equal('Wool overshirt');
      await waitUntil(
        () => visitor.shadowRoot!.querySelector('[part~="product"]'),
        'the visitor sees no product',
      );
      expect(shadow(visitor, '[part~="product"]').textContent).to.contain('Wool overshirt');

      // Cart: the page's callback decides; the agent hears the answer and the visitor sees the line.
      const answers = [true, false];
      const skus: string[] = [];
      visitor.addEventListener('should-add-item-to-cart', (e: ShouldAddItemToCartEvent) => {
        skus.push(e.detail.sku);
        e.detail.callback(answers.shift()!);
      });
      const carts: Array<Array<[string, number]>> = [];
      agent.addEventListener('cart-updated', (e: CartUpdatedEvent) =>
        carts.push(e.detail.lines.map((l) => [l.sku, l.quantity])),
      );
      expect(await agent.addToCart('SHIRT-M')).to.equal(true);
      await waitUntil(() => carts.length === 1, 'no cart-updated');
      expect(carts[0]).to.deep.equal([['SHIRT-M', 1]]);
      expect(await agent.addToCart('SHIRT-L')).to.equal(false);
      expect(skus).to.deep.equal(['SHIRT-M', 'SHIRT-L']);
      await waitUntil(() => visitor.shadowRoot!.querySelector('[part~="cart"]'), 'the visitor sees no cart');
      expect(shadow(visitor, '[part~="cart"]').textContent).to.contain('Wool overshirt');

      // Quantities: 2, then 0 removes the line.
      visitor.addEventListener('should-update-item-in-cart', (e: ShouldUpdateItemInCartEvent) =>
        e.detail.callback(e.detail.sku === 'SHIRT-M'),
      );
      expect(await agent.updateCartItem('SHIRT-M', 2)).to.equal(true);
      expect(await agent.updateCartItem('SHIRT-M', 0)).to.equal(true);
      await waitUntil(() => carts.length === 3, 'no cart-updated for each change');
      expect(carts.slice(1)).to.deep.equal([[['SHIRT-M', 2]], []]);

      // Checkout from the call view (it shows with a line in the cart).
      answers.push(true);
      expect(await agent.addToCart('SHIRT-M')).to.equal(true);
      const tracked: string[] = [];
      visitor.addEventListener('tracking-event', (e: TrackingEvent) => {
        tracked.push('eventName' in e.detail ? e.detail.eventName : e.detail.event);
      });
      await waitUntil(() => visitor.shadowRoot!.querySelector('[part~="checkout-button"]'), 'no checkout');
      const checkout = oneEvent(visitor, 'goto-checkout');
      shadow<HTMLButtonElement>(visitor, '[part~="checkout-button"]').click();
      await checkout;
      expect(tracked).to.include.members(['checkout_started', 'begin_checkout']);

      // Every step reached window.dataLayer, each GA4 event right after {ecommerce: null}.
      const layer = dataLayer();
      const names = layer.map((e) => e.event ?? (e.ecommerce === null ? 'reset' : '?'));
      for (const event of ['view_item', 'add_to_cart', 'remove_from_cart', 'begin_checkout']) {
        const at = names.indexOf(event);
        expect(at, `${event} in ${names.join(',')}`).to.be.greaterThan(0);
        expect(names[at - 1]).to.equal('reset');
      }
      expect(names).to.include.members([
        'call_widget_opened',
        'joined_queue',
        'call_started',
        'cart_item_added',
      ]);
      await expect(visitor).to.be.accessible();
    } finally {
      await done();
    }
  });

  it('shows the agent what is wrong with bad product data, and a page that never answers is a failure', async function () {
    this.timeout(40_000);
    const { agent, visitor, done } = await inCall('anna');
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    try {
      const errors: string[] = [];
      visitor.addEventListener('error', (e) =>
        errors.push((e as unknown as TandemErrorEvent).detail.message),
      );
      visitor.addEventListener('provide-product-data', (e) => {
        for (const product of e.detail.products)
          visitor.updateProduct(product.id, () => ({ name: 'No price' }));
      });
      let failure: Error | null = null;
      await agent.showProduct('BROKEN').catch((error: Error) => (failure = error));
      expect(String(failure)).to.match(/price is missing/);
      expect(errors.join('\n')).to.match(/updateProduct\(".*"\): .*price is missing/);
      await waitUntil(() => agent.shadowRoot!.querySelector('.problem'), 'the agent sees no problem');

      // A handler that throws never answers: after 15 s the cart change is a failure.
      visitor.addEventListener('should-add-item-to-cart', () => {
        throw new Error('the shop is down');
      });
      const onError = window.onerror;
      window.onerror = () => true; // The page's own handler threw: its error, not ours.
      try {
        const pending = agent.addToCart('SHIRT-M').then(
          (ok) => `answered ${ok}`,
          (error: Error) => error.message,
        );
        await new Promise((r) => setTimeout(r, 300));
        await clock.tickAsync(15_000);
        expect(await pending).to.match(/did not answer/);
      } finally {
        window.onerror = onError;
      }
      await waitUntil(
        () => shadow(visitor, '.outcome').textContent?.includes('did not answer'),
        'the visitor is not told',
      );

      // Co-browsing refuses another origin and goes nowhere; floatAbove() alone minimises.
      const before = location.href;
      visitor.floatAbove('https://elsewhere.example/checkout');
      expect(location.href).to.equal(before);
      expect(errors.at(-1)).to.match(/not a page of this shop/);
      visitor.floatAbove();
      await visitor.updateComplete;
      expect(visitor.shadowRoot!.querySelector('[part~="minimized"]')).to.not.equal(null);
    } finally {
      clock.restore();
      await done();
    }
  });

  it('co-browses in a frame: the call stays, the address follows, the agent sees the page', async function () {
    this.timeout(40_000);
    const { agent, visitor, done } = await inCall('chen');
    const address = location.href;
    try {
      visitor.floatAbove('/test/support/co-browse-page.html?step=1');
      await waitUntil(() => visitor.shadowRoot!.querySelector('[part~="co-browsing-frame"]'), 'no frame');
      await waitUntil(() => location.pathname === '/test/support/co-browse-page.html', 'the address stayed');
      expect(document.title).to.equal('A page of the shop');
      await waitUntil(
        () =>
          agent
            .shadowRoot!.querySelector('[part~="visitor-page"]')
            ?.textContent?.includes('A page of the shop'),
        "the agent does not see the visitor's page",
      );
      expect(visitor.callActive).to.equal(true);
      expect(visitor.shadowRoot!.querySelector('[part~="minimized"]')).to.not.equal(null);
    } finally {
      history.replaceState(null, '', address);
      await done();
    }
  });

  it('leaves window.dataLayer alone when told, and refuses co-browsing when it is off', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget
        org-id="demo"
        hub-url=${hubUrl()}
        data-layer-tracking="false"
        ecommerce-tracking="false"
        disable-co-browsing
      ></calls-widget>`,
    );
    const tracked: string[] = [];
    el.addEventListener('tracking-event', (e: TrackingEvent) => {
      if ('eventName' in e.detail) tracked.push(e.detail.eventName);
    });
    el.show();
    expect(tracked).to.deep.equal(['call_widget_opened']);
    expect(dataLayer()).to.deep.equal([]);

    const errors: string[] = [];
    el.addEventListener('error', (e) => errors.push((e as unknown as TandemErrorEvent).detail.code));
    const before = location.href;
    el.floatAbove('/checkout');
    expect(location.href).to.equal(before);
    expect(errors).to.deep.equal(['invalid-argument']);

    const counted = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    counted.show();
    expect(dataLayer().map((e) => e.event)).to.deep.equal(['call_widget_opened']);
  });
});
