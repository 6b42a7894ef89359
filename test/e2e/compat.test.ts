/**
 * End to end: switching from another vendor by changing one script tag. Each page in `test/compat/`
 * runs a seed's own code samples against Tandem's facade for that vendor (`/compat/<vendor>.js`),
 * served from a shop origin of its own; agents work in the hub's console. Real Chromium, a real hub.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
  type OpenedPage,
  type PageServer,
} from './pages.js';

declare global {
  interface Window {
    __log: string[];
    __calls: string[];
    __appEvents: string[];
    __codes: number[];
    __loaded: number;
    __owidget: { element: HTMLElementTagNameMap['chat-widget'] };
    oneToOneEmbed: {
      show(): void;
      destroy(): Promise<void>;
      updateElement(id: string, state: null): void;
      ELEMENTS: { DROP_IN_CARD: string };
    };
    samples: Record<string, () => unknown>;
  }
}

/** A page of test/compat/ with the hub's origin in its script `src`. */
function compatPage(file: string, hubUrl: string): string {
  const html = readFileSync(new URL(`../compat/${file}`, import.meta.url), 'utf8');
  return html.replaceAll('{{HUB}}', hubUrl);
}

/** The agent console records the chats it is offered, besides the calls (recordConsoleEvents). */
const recordChats = `
  window.__chatConsole = { offered: [] };
  document.addEventListener('chat-offered', (e) => window.__chatConsole.offered.push(e.detail));
`;

let browser: Browser | undefined;
let hub: TestHub | undefined;
let shop: PageServer | undefined;
const opened: OpenedPage[] = [];
const agents: Record<string, Page> = {};

before(async () => {
  browser = await launchChromium();
  hub = await startTestHub();
  const cartAnswer = '{"ok":true}';
  shop = await servePages({
    '/product/123': compatPage('000-fluxplayer.html', hub.url),
    '/product/456': compatPage('000-fluxplayer.html', hub.url),
    '/001': compatPage('001-bambuser-one-to-one.html', hub.url),
    '/api/cart/add': cartAnswer,
    '/api/cart/update': cartAnswer,
    '/api/cart/remove': cartAnswer,
    '/002': compatPage('002-mluvii.html', hub.url),
    '/003': compatPage('003-web1on1.html', hub.url),
    // The same page loading the facade as a module: it finds its script tag without currentScript.
    '/003-module': compatPage('003-web1on1.html', hub.url).replace(
      '<script src=',
      '<script type="module" src=',
    ),
    '/004': compatPage('004-onwebchat.html', hub.url),
  });
  for (const id of ['chen', 'bjorn']) {
    const agent = await openAgentConsole(browser, hub.url);
    await agent.context.addInitScript({ content: recordChats });
    await agent.page.reload();
    opened.push(agent);
    await signInAgent(agent.page, id);
    agents[id] = agent.page;
  }
});

after(async () => {
  for (const { context } of opened) await context.close().catch(() => undefined);
  await shop?.close();
  await hub?.stop();
  await browser?.close();
});

async function visit(path: string): Promise<OpenedPage> {
  const page = await openPage(browser!, shop!.url(path));
  opened.push(page);
  return page;
}

function noPageErrors(page: OpenedPage): void {
  assert.deepEqual(
    page.log.filter((line) => line.startsWith('[pageerror]')),
    [],
  );
}

function agentDoes<T>(agent: Page, script: string): Promise<T> {
  return agent.evaluate(`document.querySelector('agent-console').${script}`) as Promise<T>;
}

describe('FluxPlayer (000): FluxPlayer.init and Widgets.Calls.startCall', () => {
  it('renders into renderTo on a whitelisted page and routes to the tagged agent with two products', async () => {
    const visitor = await visit('/product/123');
    const { page } = visitor;
    const widget = page.locator('.my-cool-call-widget > calls-widget');
    await widget.locator('[part~="title"]', { hasText: 'Call us now' }).waitFor(WAIT);
    await widget.locator('[part~="agents-online"]').waitFor(WAIT);

    // strings.text with {{name}}: the agent onBeforeRender chose (Chen is the one tagged fashion-support).
    await widget.locator('[part~="open-button"]').click(WAIT);
    await widget
      .locator('[part~="drop-in-card"]', { hasText: 'Your call agent for today is Chen Wei' })
      .waitFor(WAIT);
    await page.keyboard.press('Escape');

    await page.evaluate(() => document.getElementById('call-now')!.click());
    await waitForPhase(page, 'waiting');
    const chen = agents['chen']!;
    await chen.waitForFunction(() => window.__console.offered.length > 0, null, WAIT);
    const offered = await chen.evaluate(() => window.__console.offered);
    assert.deepEqual(
      offered.map((o) => o.productIds),
      [['ITM-BLUE-SHIRT', 'EXT-RED-PANTS']],
    );
    assert.equal(await agents['bjorn']!.evaluate(() => window.__console.offered.length), 0);
    await chen
      .locator(`agent-console li.ticket[data-ticket-id="${offered[0]!.ticketId}"] button`)
      .click(WAIT);
    await waitForPhase(page, 'in-call');
    await waitForConsoleState(chen, 'in-call');
    await agentDoes(chen, 'endCall()');
    await waitForConsoleState(chen, 'signed-in');
    noPageErrors(visitor);
  });

  it('renders nothing where the whitelist does not match; startCall() only warns', async () => {
    const visitor = await visit('/product/456');
    await visitor.page.waitForFunction(() => !!customElements.get('calls-widget'), null, WAIT);
    const warning = visitor.page.waitForEvent('console', {
      predicate: (m) => m.type() === 'warning' && m.text().includes('startCall(): no calls widget'),
      ...WAIT,
    });
    await visitor.page.evaluate(() => document.getElementById('call-now')!.click());
    await warning;
    assert.equal(await visitor.page.locator('calls-widget').count(), 0);
    noPageErrors(visitor);
  });
});

describe('Bambuser One-to-One (001): onBambuserOneToOneReady, the constructor, .on and the methods', () => {
  it('runs the queue events, the floating widget, the call, the cart handlers and checkout', async () => {
    const visitor = await visit('/001');
    const { page } = visitor;
    const cartRequests: Array<{ path: string; body: unknown }> = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/cart/'))
        cartRequests.push({ path: pathname, body: request.postDataJSON() });
    });

    // Queue events and the promise methods, through the seed's own handlers.
    await page.locator('#start-call-button:not([disabled])').waitFor(WAIT);
    await page.locator('#status', { hasText: "Let's have a video call!" }).waitFor(WAIT);
    await page.locator('#waiting-time', { hasText: /Estimated waiting time: \d+s/ }).waitFor(WAIT);
    await page.waitForFunction(
      () =>
        window.__log.some((l) => l.startsWith('You are #')) &&
        window.__log.some((l) => l.endsWith('agents are online in support queue')),
      null,
      WAIT,
    );
    const logged = await page.evaluate(() => window.__log);
    assert.ok(logged.includes('Queue is currently open!'), logged.join('\n'));
    assert.ok(logged.includes('2 agents are online'), logged.join('\n'));
    assert.ok(
      logged.some((l) => /^\d+ agents are online in support queue$/.test(l)),
      logged.join('\n'),
    );
    assert.ok(!logged.some((l) => l.startsWith('Queue opened:')), 'removeListener took the handler off');

    // Floating: fixed to the viewport, taking no room in the page's flow; nothing shows before show().
    const box = await page.locator('body > calls-widget').boundingBox();
    assert.equal(box?.height ?? 0, 0);
    assert.equal(await page.locator('calls-widget [part~="dialog"]').isVisible(), false);

    // show() (on the page's button), with updateElement's drop-in card; then reset it.
    await page.locator('#start-call-button').click(WAIT);
    const dropIn = page.locator('calls-widget [part~="drop-in-card"]');
    await dropIn.filter({ hasText: 'No agents available right now' }).waitFor(WAIT);
    await dropIn.locator('[part~="start-button"][disabled]', { hasText: 'Try again later' }).waitFor(WAIT);
    await page.evaluate(() =>
      window.oneToOneEmbed.updateElement(window.oneToOneEmbed.ELEMENTS.DROP_IN_CARD, null),
    );
    await dropIn.locator('[part~="start-button"]:not([disabled])').click(WAIT);
    await waitForPhase(page, 'waiting');

    // The agent sees the constructor's data, and takes the call.
    const chen = agents['chen']!;
    await chen.waitForFunction(() => window.__console.offered.length > 1, null, WAIT);
    const offer = (await chen.evaluate(() => window.__console.offered)).at(-1)!;
    assert.equal(offer.data['firstName'], 'Joe');
    await chen.locator(`agent-console li.ticket[data-ticket-id="${offer.ticketId}"] button`).click(WAIT);
    await waitForPhase(page, 'in-call');
    await waitForConsoleState(chen, 'in-call');

    // The cart handlers take (item, callback), and the page's answers reach the agent.
    assert.equal(await agentDoes<boolean>(chen, "addToCart('SHIRT-M')"), true);
    assert.equal(await agentDoes<boolean>(chen, "updateCartItem('SHIRT-M', 2)"), true);

    // goto-checkout → floatAbove('/checkout'): in manual mode the address changes in place.
    await page.locator('calls-widget [part~="checkout-button"]').click(WAIT);
    await page.waitForURL(shop!.url('/checkout'), WAIT);
    assert.equal(await agentDoes<boolean>(chen, "updateCartItem('SHIRT-M', 0)"), true);
    assert.deepEqual(cartRequests, [
      { path: '/api/cart/add', body: { sku: 'SHIRT-M', quantity: 1 } },
      { path: '/api/cart/update', body: { sku: 'SHIRT-M', quantity: 2 } },
      { path: '/api/cart/remove', body: { sku: 'SHIRT-M' } },
    ]);
    await page.waitForFunction(
      () => window.__log.some((l) => l.startsWith('Bambuser event: call_started')),
      null,
      WAIT,
    );
    assert.ok((await page.evaluate(() => window.__log)).some((l) => l.startsWith('GA4 event: add_to_cart')));

    await agentDoes(chen, 'endCall()');
    await waitForConsoleState(chen, 'signed-in');
    // destroy() takes the widget off the page.
    await page.evaluate(() => window.oneToOneEmbed.destroy());
    assert.equal(await page.locator('calls-widget').count(), 0);
    noPageErrors(visitor);
  });
});

describe('mluvii (002): $owidgetOnLoad on the script element', () => {
  it('inits with the company GUID, connects, reports status codes and app events, normalises phones', async () => {
    const visitor = await visit('/002');
    const { page } = visitor;
    await page.waitForFunction(() => window.__loaded === 1 && window.__codes.length > 0, null, WAIT);
    assert.deepEqual(await page.evaluate(() => window.__codes), [1], 'online: agents are signed in');
    const chat = page.locator('body > chat-widget');
    assert.equal(await chat.getAttribute('org-id'), '6f1c2a9e-4b7d-4c3e-9a51-d2e8b0f4c7a3');
    assert.equal(await chat.getAttribute('preset'), 'eshop');
    assert.equal(await chat.getAttribute('scope'), 'checkout');
    assert.equal(await chat.getAttribute('locale'), 'sv-SE');
    assert.equal(
      await page.evaluate(
        () =>
          getComputedStyle(
            document.querySelector('chat-widget')!.shadowRoot!.querySelector('[part~="base"]')!,
          ).position,
      ),
      'fixed',
    );

    // setCustomNumberNormalization replaces Tandem's normalisation.
    assert.equal(
      await page.evaluate(() => {
        const widget = window.__owidget.element;
        widget.setVisitorInfo({ phone: '777 666 555' });
        return widget.getVisitorInfo().phone;
      }),
      '+420777666555',
    );

    // App events: window open, session created, started, ended, window closed.
    await chat.locator('[part~="launcher"]').click(WAIT);
    await page.evaluate(() => window.__owidget.element.sendClientMessage('Dobrý den'));
    await page.waitForFunction(() => window.__appEvents.includes('chatSessionCreated'), null, WAIT);
    const chen = agents['chen']!;
    await chen.waitForFunction(() => window.__chatConsole.offered.length > 0, null, WAIT);
    const { conversationId } = (await chen.evaluate(() => window.__chatConsole.offered)).at(-1)!;
    await chen.evaluate((id) => document.querySelector('agent-console')!.acceptChat(id), conversationId);
    await page.waitForFunction(() => window.__appEvents.includes('chatSessionStarted'), null, WAIT);
    await chen.evaluate((id) => document.querySelector('agent-console')!.endChat(id), conversationId);
    await page.waitForFunction(() => window.__appEvents.includes('chatSessionEnded'), null, WAIT);
    await page.evaluate(() => window.__owidget.element.close());
    assert.deepEqual(await page.evaluate(() => window.__appEvents), [
      'chatWindowOpen',
      'chatSessionCreated',
      'chatSessionStarted',
      'chatSessionEnded',
      'chatWindowClosed',
    ]);
    noPageErrors(visitor);
  });
});

describe('web1on1 (003): every web1on1 call', () => {
  it('opens, closes, prefills, shows fake agent messages, sends messages and >cs commands', async () => {
    const visitor = await visit('/003');
    const { page } = visitor;
    const sample = (name: string): Promise<unknown> => page.evaluate((n) => window.samples[n]!(), name);
    await page.waitForFunction(() => !!customElements.get('chat-widget'), null, WAIT);
    const chatWindow = page.locator('chat-widget [part~="window"]');

    assert.equal(await sample('isOpened'), false);
    await sample('open');
    await chatWindow.waitFor({ state: 'visible', ...WAIT });
    assert.equal(await sample('isOpened'), true);
    await sample('close');
    await chatWindow.waitFor({ state: 'hidden', ...WAIT });
    assert.equal(await sample('isOpened'), false);

    await sample('open');
    await sample('setPredefinedMessage');
    assert.equal(
      await page.locator('chat-widget [part~="input"]').inputValue(),
      'I want to book a test drive',
    );

    await sample('showFakeAgentMessage');
    const agentMessages = page.locator('chat-widget [part~="message"][data-from="agent"]');
    await agentMessages.nth(1).waitFor(WAIT);
    assert.match((await agentMessages.nth(0).textContent()) ?? '', /Welcome to the chat/);
    assert.match((await agentMessages.nth(1).textContent()) ?? '', /Acme Corp/);

    await sample('sendClientMessage');
    await page
      .locator('chat-widget [part~="message"][data-from="visitor"][data-state="delivered"]', {
        hasText: 'Hello',
      })
      .waitFor(WAIT);

    // The commands run on the hub: the agent who takes the conversation sees what they set.
    const chen = agents['chen']!;
    await chen.waitForFunction(() => window.__chatConsole.offered.length > 1, null, WAIT);
    const { conversationId } = (await chen.evaluate(() => window.__chatConsole.offered)).at(-1)!;
    await sample('commands');
    const commandLines = chen.locator('agent-console [part~="transcript"] .line[data-kind="command"]');
    await chen.evaluate((id) => document.querySelector('agent-console')!.acceptChat(id), conversationId);
    await commandLines.nth(8).waitFor(WAIT);
    const texts = (await commandLines.allTextContents()).join('\n');
    for (const expected of [
      'Category set to "Used Car"',
      'Field brand set to "Toyota"',
      'Variable isLead set to "yes"',
    ])
      assert.ok(texts.includes(expected), texts);
    assert.equal(
      await page.locator('chat-widget [part~="message"]', { hasText: '>cs' }).count(),
      0,
      'commands never show as chat text',
    );
    await chen.evaluate((id) => document.querySelector('agent-console')!.endChat(id), conversationId);
    noPageErrors(visitor);
  });
});

describe('a facade loaded as a module', () => {
  it('finds its script tag and its org, and works as the classic script does', async () => {
    const visitor = await visit('/003-module');
    const { page } = visitor;
    assert.equal(await page.locator('script[type="module"][src$="/compat/web1on1.js"]').count(), 1);
    await page.waitForFunction(() => typeof window.samples !== 'undefined' && !!window.web1on1, null, WAIT);
    await page.evaluate(() => window.samples['open']!());
    await page.locator('chat-widget[org-id="demo"] [part~="window"]').waitFor({ state: 'visible', ...WAIT });
    await page.locator('chat-widget [part~="base"][data-status="online"]').waitFor(WAIT);
    noPageErrors(visitor);
  });
});

describe('onWebChat (004): every onWebChat.set/get', () => {
  it('sets and gets visitor info, language, max, show and status, and calls every callback', async () => {
    const visitor = await visit('/004');
    const { page } = visitor;
    const calls = (): Promise<string[]> => page.evaluate(() => window.__calls);
    const get = (key: string): Promise<unknown> => page.evaluate((k) => window.onWebChat!.get!(k), key);
    const set = (key: string, value: unknown): Promise<void> =>
      page.evaluate(([k, v]) => window.onWebChat!.set!(k as string, v), [key, value]);

    await page.waitForFunction(() => window.__calls.includes('chat status: online'), null, WAIT);
    assert.equal(await get('name'), 'Jane Visitor');
    assert.equal(await get('email'), 'jane@example.com');
    assert.equal(await get('phone'), '+46701234567');
    assert.equal(await get('notes'), 'notes for visitor ..');
    assert.equal(await get('status'), 'online');

    // Set once the widget has loaded: it runs at once.
    await page.evaluate(() =>
      window.onWebChat!.set!('onWebChatLoaded', function () {
        console.log('visitor name: ' + window.onWebChat!.get!('name'));
      }),
    );
    await page.waitForFunction(() => window.__calls.includes('visitor name: Jane Visitor'), null, WAIT);

    // The trigger (open after a second) opens the window.
    await page.waitForFunction(() => window.__calls.includes('trigger activated'), null, WAIT);
    const chatWindow = page.locator('chat-widget [part~="window"]');
    await chatWindow.waitFor({ state: 'visible', ...WAIT });

    // max 0 / 1, and their callbacks (the seed's onMinimize alerts "chat maximized" too).
    await set('max', 0);
    assert.equal(await get('max'), 0);
    assert.equal(await page.locator('chat-widget [part~="base"]').getAttribute('data-window'), 'minimized');
    await set('max', 1);
    assert.equal(await get('max'), 1);
    assert.equal(await page.locator('chat-widget [part~="base"]').getAttribute('data-window'), 'open');
    assert.equal((await calls()).filter((c) => c === 'chat maximized').length, 2);

    // Start writing.
    await page.locator('chat-widget [part~="input"]').fill('Hej', WAIT);
    await page.waitForFunction(() => window.__calls.includes('visitor is writing'), null, WAIT);

    // Languages l1 / l2 (data-languages="en-US sv-SE").
    await set('language', 'l2');
    assert.equal(await get('language'), 'l2');
    const locale = (): Promise<string> => page.evaluate(() => document.querySelector('chat-widget')!.locale);
    assert.equal(await locale(), 'sv-SE');
    await set('language', 'l1');
    assert.equal(await locale(), 'en-US');

    // show 0 hides the widget, show 1 brings it back.
    await set('show', 0);
    assert.equal(await get('show'), 0);
    await page.locator('chat-widget [part~="base"]').waitFor({ state: 'hidden', ...WAIT });
    await set('show', 1);
    await page.locator('chat-widget [part~="base"]').waitFor({ state: 'visible', ...WAIT });

    // A click on the widget.
    await page.locator('chat-widget [part~="launcher"]').click(WAIT);
    await page.waitForFunction(() => window.__calls.includes('chat widget is clicked'), null, WAIT);
    assert.equal(typeof (await page.evaluate(() => typeof window.onWebChat!.get!('onClick'))), 'string');

    // A key Tandem lacks: one warning, no exception.
    await set('color', 'red');
    await set('color', 'blue');
    assert.equal(visitor.log.filter((l) => l.startsWith('[warning]') && l.includes('"color"')).length, 1);
    noPageErrors(visitor);
  });
});
