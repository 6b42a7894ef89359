/**
 * End to end: video commerce. A shop's page on an origin of its own answers the seed's (001) product,
 * search and cart events with the seed's own code samples (`addEventListener` in place of `.on`); the
 * agent works in the hub's console in a context of its own; the visitor checks out and the call floats
 * above the checkout page, in a frame (`iframe` mode) and in a single-page app (`manual` mode).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestHub, type TestHub } from '../support/start-hub.js';
import {
  WAIT,
  launchChromium,
  openAgentConsole,
  openPage,
  servePages,
  signInAgent,
  waitForConsoleState,
  waitForPhase,
  waitForPlayingVideo,
  type OpenedPage,
  type PageServer,
} from './pages.js';

/** The shop's catalogue and cart, as its own scripts would hold them; the handlers are 001's samples. */
const shopScript = `
  const catalogue = {
    'ITM-BLUE-SHIRT': {
      name: 'Wool overshirt', brand: 'Nordic Threads', url: '/products/shirt',
      images: ['data:image/gif;base64,R0lGODlhAQABAAAAACw='],
      price: { current: 1290, original: 1590, currency: 'SEK' },
      variations: [{ name: 'Navy', images: [], sizes: [
        { sku: 'SHIRT-M', label: 'M', inStock: true, stock: 5 },
        { sku: 'SHIRT-L', label: 'L', inStock: true, stock: 0 },
      ] }],
    },
    'EXT-RED-PANTS': {
      name: 'Linen trousers', brand: 'Nordic Threads', url: '/products/pants', images: [],
      price: { current: 990, currency: 'SEK' },
      variations: [{ name: 'Berry', images: [], sizes: [{ sku: 'PANTS-M', label: 'M', inStock: true, stock: 2 }] }],
    },
  };
  window.cart = {};
  window.__checkouts = 0;
  const oneToOneEmbed = document.querySelector('calls-widget');
  oneToOneEmbed.onBeforeRender = (agents) => {
    const chen = agents.find((a) => a.id === 'chen');
    return chen ? { callAgentId: chen.id, productIds: ['ITM-BLUE-SHIRT', 'EXT-RED-PANTS'] } : null;
  };
  oneToOneEmbed.addEventListener('provide-product-data', ({ detail }) => {
    for (const product of detail.products) {
      if (catalogue[product.ref]) oneToOneEmbed.updateProduct(product.id, () => catalogue[product.ref]);
    }
  });
  oneToOneEmbed.addEventListener('provide-search-data', ({ detail: { query, callback } }) => {
    callback(Object.entries(catalogue)
      .filter(([, p]) => p.name.toLowerCase().includes(query.toLowerCase()))
      .map(([ref, p]) => ({ id: ref, ...p })));
  });
  // 001: oneToOneEmbed.on('should-add-item-to-cart', (addedItem, callback) => { ... })
  oneToOneEmbed.addEventListener('should-add-item-to-cart', ({ detail: addedItem }) => {
    const size = Object.values(catalogue).flatMap((p) => p.variations[0].sizes).find((s) => s.sku === addedItem.sku);
    if (!size || size.stock <= (window.cart[addedItem.sku] ?? 0)) return addedItem.callback(false);
    window.cart[addedItem.sku] = (window.cart[addedItem.sku] ?? 0) + 1;
    addedItem.callback(true);
  });
  oneToOneEmbed.addEventListener('should-update-item-in-cart', ({ detail: updatedItem }) => {
    if (updatedItem.quantity > 0) window.cart[updatedItem.sku] = updatedItem.quantity;
    else delete window.cart[updatedItem.sku];
    updatedItem.callback(true);
  });
`;

function shopPage(hubUrl: string, mode: 'iframe' | 'manual'): string {
  const src = new URL('/tandem.js', hubUrl).href;
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Shop home</title><link rel="icon" href="data:," />
    <script type="module" src="${src}"></script></head>
  <body>
    <main id="route">Home</main>
    <calls-widget org-id="demo"></calls-widget>
    <script>
      ${shopScript}
      oneToOneEmbed.floatingPlayer = { navigationMode: '${mode}', confirmClosingBrowser: true };
      // 001: oneToOneEmbed.on('goto-checkout', () => oneToOneEmbed.floatAbove('https://your-checkout-url-here'))
      oneToOneEmbed.addEventListener('goto-checkout', () => {
        window.__checkouts++;
        oneToOneEmbed.floatAbove('${mode === 'iframe' ? '/checkout.html' : '/spa/checkout'}');
      });
      // A single-page app's router: it renders the route on popstate, as after the back button.
      addEventListener('popstate', () => {
        document.getElementById('route').textContent = location.pathname === '/spa/checkout' ? 'Checkout' : 'Home';
        document.title = location.pathname === '/spa/checkout' ? 'Checkout (SPA)' : 'Shop home';
      });
    </script>
  </body>
</html>`;
}

const checkoutPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Checkout</title><link rel="icon" href="data:," /></head>
  <body><h1>Checkout</h1></body></html>`;

let browser: Browser | undefined;
let hub: TestHub | undefined;
let shop: PageServer | undefined;
const opened: OpenedPage[] = [];

before(async () => {
  browser = await launchChromium();
  hub = await startTestHub();
  shop = await servePages({
    '/iframe.html': shopPage(hub.url, 'iframe'),
    '/spa/': shopPage(hub.url, 'manual'),
    '/checkout.html': checkoutPage,
  });
});

after(async () => {
  for (const { context } of opened) await context.close().catch(() => undefined);
  await shop?.close();
  await hub?.stop();
  await browser?.close();
});

async function open(url: string): Promise<OpenedPage> {
  const page = await openPage(browser!, url);
  opened.push(page);
  return page;
}

/** Runs a method of the agent's console in its page. */
function agentDoes<T>(agent: Page, script: string): Promise<T> {
  return agent.evaluate(`document.querySelector('agent-console').${script}`) as Promise<T>;
}

function dataLayerEvents(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (
      (window as unknown as { dataLayer?: Array<{ event?: string; ecommerce?: unknown }> }).dataLayer ?? []
    ).map((e) => e.event ?? (e.ecommerce === null ? 'reset' : '?')),
  );
}

async function startRoutedCall(visitor: Page, agent: Page): Promise<void> {
  await visitor.waitForFunction(
    () =>
      document
        .querySelector('calls-widget')
        ?.shadowRoot?.querySelector('[part~="base"]')
        ?.getAttribute('data-state') === 'open',
    null,
    WAIT,
  );
  // The start screen names the routed agent once onBeforeRender answered.
  await visitor.evaluate(() => document.querySelector('calls-widget')!.show());
  await visitor.locator('calls-widget [part~="drop-in-card"]', { hasText: 'Chen' }).waitFor(WAIT);
  await visitor.evaluate(() => document.querySelector('calls-widget')!.startCall());
  await waitForPhase(visitor, 'waiting');
  await agent.locator('agent-console li.ticket button').first().click(WAIT);
  await waitForPhase(visitor, 'in-call');
  await waitForConsoleState(agent, 'in-call');
}

describe('video commerce between a shop page and an agent', () => {
  it("shows the call's products, searches, fills the cart and checks out in a frame; the call goes on", async () => {
    const agent = await openAgentConsole(browser!, hub!.url);
    opened.push(agent);
    await signInAgent(agent.page, 'chen');
    const visitor = await open(shop!.url('/iframe.html'));
    try {
      await startRoutedCall(visitor.page, agent.page);

      // The call's products, with the data the page gave through provide-product-data.
      const panel = agent.page.locator('agent-console [part~="product-list"]');
      await panel.locator('li[data-loaded="true"]', { hasText: 'Wool overshirt' }).waitFor(WAIT);
      await panel.locator('li[data-loaded="true"]', { hasText: 'Linen trousers' }).waitFor(WAIT);

      // Search, answered by provide-search-data.
      const results = await agentDoes<Array<{ name?: string }>>(agent.page, "searchProducts('linen')");
      assert.deepEqual(
        results.map((r) => r.name),
        ['Linen trousers'],
      );

      // Show a product: the visitor sees it in the call view.
      await agent.page
        .locator('agent-console li', { hasText: 'Wool overshirt' })
        .locator('[part~="show-product"]')
        .click(WAIT);
      await visitor.page
        .locator('calls-widget [part~="product"]', { hasText: 'Wool overshirt' })
        .waitFor(WAIT);

      // Add by hand (the page says yes), one that is out of stock (the page says no), change a quantity.
      await agent.page.locator('agent-console [part~="add-to-cart"][data-sku="SHIRT-M"]').click(WAIT);
      await agent.page.locator('agent-console .sku[data-state="added"]').waitFor(WAIT);
      assert.equal(await agentDoes<boolean>(agent.page, "addToCart('SHIRT-L')"), false);
      assert.equal(await agentDoes<boolean>(agent.page, "addToCart('PANTS-M')"), true);
      assert.equal(await agentDoes<boolean>(agent.page, "updateCartItem('SHIRT-M', 3)"), true);
      assert.equal(await agentDoes<boolean>(agent.page, "updateCartItem('PANTS-M', 0)"), true);
      assert.deepEqual(await visitor.page.evaluate(() => (window as unknown as { cart: object }).cart), {
        'SHIRT-M': 3,
      });
      await agent.page
        .locator('agent-console [part~="visitor-cart"]', { hasText: 'Wool overshirt' })
        .waitFor(WAIT);

      // Checkout from the call view: goto-checkout → floatAbove('/checkout.html') in a frame.
      await visitor.page.locator('calls-widget [part~="checkout-button"]').click(WAIT);
      await visitor.page.waitForURL(shop!.url('/checkout.html'), WAIT);
      assert.equal(
        await visitor.page.evaluate(() => (window as unknown as { __checkouts: number }).__checkouts),
        1,
      );
      const frame = visitor.page.frameLocator('calls-widget [part~="co-browsing-frame"]');
      await frame.locator('h1', { hasText: 'Checkout' }).waitFor(WAIT);
      await agent.page.locator('agent-console [part~="visitor-page"]', { hasText: 'Checkout' }).waitFor(WAIT);
      await agent.page.locator('agent-console', { hasText: 'The visitor went to checkout.' }).waitFor(WAIT);
      // The call survived the navigation: still in the call, video still playing, in the floating player.
      assert.equal(
        await visitor.page.evaluate(() => document.querySelector('calls-widget')!.callActive),
        true,
      );
      await waitForPlayingVideo(agent.page, 'agent-console');

      const layer = await dataLayerEvents(visitor.page);
      const ga4 = layer.filter((e) =>
        ['view_item', 'add_to_cart', 'remove_from_cart', 'begin_checkout'].includes(e),
      );
      assert.deepEqual(ga4, [
        'view_item',
        'add_to_cart',
        'add_to_cart',
        'add_to_cart',
        'remove_from_cart',
        'begin_checkout',
      ]);
      for (const [i, e] of layer.entries()) {
        if (ga4.includes(e)) assert.equal(layer[i - 1], 'reset', `{ecommerce: null} before ${e}`);
      }
      assert.ok(layer.includes('call_started') && layer.includes('joined_queue'), layer.join());
      assert.deepEqual(
        visitor.log.filter((l) => l.startsWith('[pageerror]')),
        [],
      );
    } finally {
      await agentDoes(agent.page, 'endCall()').catch(() => undefined);
    }
  });

  it('checks out in a single-page app (manual mode): the page routes itself and the call never reloads', async () => {
    const agent = opened[0]!;
    const visitor = await open(shop!.url('/spa/'));
    await startRoutedCall(visitor.page, agent.page);
    await agent.page
      .locator('agent-console [part~="product-list"] li[data-loaded="true"]')
      .first()
      .waitFor(WAIT);
    assert.equal(await agentDoes<boolean>(agent.page, "addToCart('PANTS-M')"), true);
    await visitor.page.locator('calls-widget [part~="checkout-button"]').click(WAIT);
    await visitor.page.waitForURL(shop!.url('/spa/checkout'), WAIT);
    assert.equal(await visitor.page.locator('#route').textContent(), 'Checkout');
    await agent.page
      .locator('agent-console [part~="visitor-page"]', { hasText: 'Checkout (SPA)' })
      .waitFor(WAIT);
    assert.equal(await visitor.page.evaluate(() => document.querySelector('calls-widget')!.callActive), true);
    assert.equal(
      await visitor.page.evaluate(() => document.querySelector('calls-widget [part~="co-browsing-frame"]')),
      null,
    );
    // Minimised into the floating player, whose video keeps playing.
    await waitForPlayingVideo(visitor.page, 'calls-widget', 'minimized-video');
    await agentDoes(agent.page, 'endCall()');
  });
});
