/**
 * The XSS corpus (`corpus/xss.json`: the Big List of Naughty Strings and Tandem's own payloads, built by
 * scripts/build-xss-corpus.mjs) through the text paths of both sides, in real Chromium against a real
 * hub: the visitor's chat messages and the agent's, visitor info, `>cs` fields, variables and category,
 * the predefined and fake agent messages, a call ticket's data and tracking tags, and an agent whose
 * name is a payload (shown in the console and to visitors). Every payload that runs calls
 * `window.__xss()` (or `alert`, `confirm`, `prompt`): the pages count the calls, and there must be none;
 * no element may carry an `on…` attribute or a payload in an attribute that loads or runs something;
 * the texts arrive as text.
 * Payloads travel many to a message, so the run stays short.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';

import { runHubCli } from '../support/hub-cli.js';
import { startTestHub, type TestHub } from '../support/start-hub.js';
import {
  WAIT,
  launchChromium,
  recordConsoleEvents,
  signInAgent,
  waitForPhase,
  type OpenedPage,
} from '../e2e/pages.js';
import { TestClient } from '../server/client.js';
import { loadFullElements, serveHostPages, type HostServer } from './host-pages.js';

const corpus = JSON.parse(readFileSync(new URL('./corpus/xss.json', import.meta.url), 'utf8')) as {
  payloads: string[];
};
const PAYLOADS = corpus.payloads;
/** The hub's limit is 4,000 characters a message. */
const BATCH_CHARS = 3_500;

/** The payloads, joined by line breaks into messages of at most BATCH_CHARS. */
function batches(payloads: string[]): string[] {
  const out: string[] = [];
  let current = '';
  for (const payload of payloads) {
    const piece = payload.slice(0, BATCH_CHARS);
    if (current && current.length + piece.length + 1 > BATCH_CHARS) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n${piece}` : piece;
  }
  if (current) out.push(current);
  return out;
}

/** A payload for one-line fields (names, `>cs` values): Tandem's own, which all call __xss(). */
const OWN = PAYLOADS.filter((p) => p.includes('__xss') && !p.includes('\n'));
const AGENT_NAME = `<img src=x onerror=__xss()>"'><svg onload=__xss()> $& {{name}}`;
const AGENT_PASSWORD = 'xss-agent-password';

/**
 * Init script for every page: counts script executions in `window.__xssCount` (`__xss`, `alert`,
 * `confirm`, `prompt`), and `window.__scan()` lists every attribute, in the document and every shadow
 * root, that is an event handler or a URL or style carrying a payload.
 */
const recordXss = `
  window.__xssCount = 0;
  window.__xss = () => { window.__xssCount++; };
  window.alert = window.confirm = window.prompt = () => { window.__xssCount++; };
  window.__scan = () => {
    const found = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        for (const { name, value } of el.attributes) {
          // Text attributes (aria-label, title, alt, value, data-*) may hold a payload as text; those that
          // load or run something may not, but an http(s) link may (it is only a link).
          const runs = /^(src|srcdoc|href|action|formaction|data|style|xlink:href|srcset|poster|background)$/.test(name);
          const link = name === 'href' && /^https?:/i.test(value);
          if (name.startsWith('on') || (runs && !link && /__xss|alert\\(|javascript:/i.test(value)))
            found.push(el.localName + ' ' + name + '=' + value.slice(0, 80));
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found;
  };
  window.__shadowText = (tag) => {
    const texts = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { texts.push(el.shadowRoot.textContent); walk(el.shadowRoot); }
    };
    walk(document);
    return texts.join(' ');
  };
`;

declare global {
  interface Window {
    __xssCount: number;
    __scan(): string[];
    __shadowText(): string;
  }
}

function visitorPage(hub: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>XSS host page</title>
    <link rel="icon" href="data:," />
    <script type="module" src="${new URL('/tandem.js', hub).href}"></script>
  </head>
  <body>
    <calls-widget org-id="demo"></calls-widget>
    <chat-widget org-id="demo" scope="xss"></chat-widget>
    <overlay-widget org-id="demo"></overlay-widget>
    <booking-card org-id="demo"></booking-card>
    <script>
      window.__tracking = [];
      const calls = document.querySelector('calls-widget');
      calls.addEventListener('tracking-event', (e) => window.__tracking.push(e.detail));
      // Product data made of payloads (window.__product, set by the test).
      calls.addEventListener('provide-product-data', ({ detail }) => {
        for (const { id } of detail.products) calls.updateProduct(id, () => ({ ...window.__product, id }));
      });
    </script>
  </body>
</html>
`;
}

let hub: TestHub | undefined;
let pages: HostServer | undefined;
let browser: Browser | undefined;
const opened: OpenedPage[] = [];

before(async () => {
  hub = await startTestHub();
  // An agent whose name is a payload, serving the demo queues.
  await runHubCli(
    hub,
    [
      'agent',
      'add',
      'demo',
      'xss',
      '--name',
      AGENT_NAME,
      '--tag',
      'fashion-support',
      '--password',
      AGENT_PASSWORD,
    ],
    [
      'service',
      'add',
      'demo',
      'xss-fit',
      '--name',
      OWN[6]!,
      '--description',
      OWN[7]!,
      '--minutes',
      '30',
      '--agent',
      'xss',
    ],
    ['hours', 'set', 'demo', 'xss', '--time-zone', 'UTC', '--hours', 'mon-sun=00:00-24:00'],
  );
  await hub.restart();
  pages = await serveHostPages({ '/visitor.html': { body: visitorPage(hub.url) } });
  browser = await launchChromium();
});

after(async () => {
  for (const { context } of opened) await context.close().catch(() => undefined);
  await browser?.close();
  await pages?.close();
  await hub?.stop();
});

async function open(url: string, initScript: string): Promise<OpenedPage> {
  const context = await browser!.newContext();
  await context.addInitScript({ content: initScript });
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
  await page.goto(url);
  const result = { context, page, log };
  opened.push(result);
  return result;
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Waits until the page's shadow roots, together, show `text` (whitespace collapsed). */
async function waitForText(page: Page, text: string, what: string): Promise<void> {
  try {
    await page.waitForFunction(
      (wanted) => window.__shadowText().replace(/\s+/g, ' ').includes(wanted),
      normalise(text),
      WAIT,
    );
  } catch (error) {
    throw new Error(`${what} never showed as text: ${JSON.stringify(text.slice(0, 200))}`, { cause: error });
  }
}

describe('the XSS corpus through every text path', () => {
  it(`runs none of ${PAYLOADS.length} payloads, on either side, and shows them as text`, async () => {
    const agent = await open(new URL('/agent.html', hub!.url).href, recordXss + recordConsoleEvents);
    await signInAgent(agent.page, 'xss', AGENT_PASSWORD);
    const visitor = await open(pages!.url('/visitor.html'), recordXss);
    const { page } = visitor;
    await loadFullElements(page, ['chat-widget'], WAIT.timeout);

    // Visitor info, the predefined and the fake agent message (shown on the visitor's side only).
    const messages = batches(PAYLOADS);
    await page.evaluate(
      ({ own, first }) => {
        const chat = document.querySelector('chat-widget')!;
        chat.setVisitorInfo({ name: own[0], email: own[1], notes: first });
        chat.open();
        chat.showFakeAgentMessage(first, own[2]);
        chat.setPredefinedMessage(first);
      },
      { own: OWN, first: messages[0]! },
    );

    // The visitor's chat: every batch, then `>cs` fields, variables and a category made of payloads.
    await page.evaluate((texts) => {
      const chat = document.querySelector('chat-widget')!;
      for (const text of texts) chat.sendClientMessage(text);
    }, messages);
    const conversationId = await agent.page
      .waitForFunction(
        () =>
          window.__console &&
          document
            .querySelector('agent-console')!
            .shadowRoot!.querySelector('[data-conversation-id]')
            ?.getAttribute('data-conversation-id'),
        null,
        WAIT,
      )
      .then((handle) => handle.jsonValue() as Promise<string>);
    await agent.page.evaluate(
      (id) =>
        document
          .querySelector('agent-console')!
          .acceptChat(id)
          .then(() => undefined),
      conversationId,
    );
    const commands = OWN.slice(0, 20).flatMap((payload, i) => [
      `>cs .field${i} ${payload}`,
      `>cs /set var${i} ${payload}`,
    ]);
    commands.push(`>cs /set @category ${OWN[3]}`);
    await page.evaluate((texts) => {
      const chat = document.querySelector('chat-widget')!;
      for (const text of texts) chat.sendClientMessage(text);
      chat.sendClientMessage('END OF THE VISITOR CORPUS');
    }, commands);

    // The agent's answers: every batch back to the visitor.
    await agent.page.evaluate(
      async ({ id, texts }) => {
        const console_ = document.querySelector('agent-console')!;
        for (const text of texts) await console_.sendMessage(id, text);
        await console_.sendMessage(id, 'END OF THE AGENT CORPUS');
      },
      { id: conversationId, texts: messages },
    );

    // A call ticket with payloads in its data and tracking tags, waiting in the agent's list.
    await page.evaluate((own) => {
      const calls = document.querySelector('calls-widget')!;
      calls.data = { firstName: own[4], lastName: own[5], notes: own.slice(0, 10).join(' ') };
      calls.setTrackingTags(
        own.slice(0, 10).map((value, i) => ({ key: `tag${i}${own[i]!.slice(0, 40)}`, value })),
      );
    }, OWN);
    await page.locator('calls-widget [part~="open-button"]').click(WAIT);
    await page.locator('calls-widget [part~="start-button"]').click(WAIT);
    await waitForPhase(page, 'waiting');
    await agent.page.waitForFunction(() => window.__console.offered.length > 0, null, WAIT);

    // In the call, the agent shows a product whose data the page made of payloads: both sides render it.
    const product = {
      name: OWN[8],
      brand: OWN[9],
      description: messages[0]!.slice(0, 3_000),
      url: '/products/x',
      images: [],
      price: { current: 100, original: 120, currency: 'SEK' },
      variations: [
        { name: OWN[10], images: [], sizes: [{ sku: 'XSS-1', label: OWN[11], inStock: true, stock: 3 }] },
      ],
    };
    await page.evaluate((data) => {
      (window as unknown as { __product: unknown }).__product = data;
    }, product);
    await agent.page.evaluate(() =>
      document
        .querySelector('agent-console')!
        .accept()
        .then(() => undefined),
    );
    await waitForPhase(page, 'in-call');
    await agent.page.evaluate(() =>
      document
        .querySelector('agent-console')!
        .showProduct('ITM-XSS')
        .then(() => undefined),
    );
    await waitForText(page, OWN[8]!, "the product's name in the call view");
    await waitForText(agent.page, OWN[8]!, "the product's name in the console");
    await waitForText(agent.page, OWN[10]!, "a variation's name in the console");

    // A booking of the payload agent's payload-named service, by a visitor with a payload name: the
    // booking card lists the service, the agent's console the booking.
    await waitForText(page, OWN[6]!, "the service's name in the booking card");
    const booker = await TestClient.connect(hub!.port, { origin: pages!.origin });
    try {
      await booker.ok({ type: 'hello' });
      const { slots } = await booker.ok<{ slots: Array<{ start: string; agentId: string }> }>({
        type: 'booking.slots',
        serviceId: 'xss-fit',
        from: new Date(Date.now() + 86_400_000).toISOString(),
        days: 7,
      });
      await booker.ok({
        type: 'booking.create',
        serviceId: 'xss-fit',
        start: slots[0]!.start,
        agentId: 'xss',
        visitor: { name: OWN[12]!, email: 'booker@example.com', phone: '+46701234567' },
        timeZone: 'Europe/Stockholm',
      });
    } finally {
      await booker.close();
    }
    await waitForText(agent.page, OWN[12]!, "the booker's name in the console");

    // Everything arrived, as text: the visitor's messages and the agent's on both sides.
    await waitForText(agent.page, 'END OF THE VISITOR CORPUS', "the visitor's last message");
    await waitForText(page, 'END OF THE AGENT CORPUS', "the agent's last message");
    for (const [i, text] of messages.entries()) {
      await waitForText(agent.page, text, `visitor batch ${i} in the console`);
      await waitForText(page, text, `agent batch ${i} in the widget`);
    }
    await waitForText(page, AGENT_NAME, "the agent's name in the widget");
    await waitForText(agent.page, AGENT_NAME, "the agent's name in the console");
    await waitForText(agent.page, OWN[0]!, "the visitor's name in the console");

    for (const { page: p, log } of [visitor, agent]) {
      assert.equal(await p.evaluate(() => window.__xssCount), 0, 'no payload ran');
      assert.deepEqual(await p.evaluate(() => window.__scan()), [], 'no handler or payload in an attribute');
      assert.deepEqual(
        log.filter((line) => line.startsWith('[pageerror]')),
        [],
      );
    }
  });
});
