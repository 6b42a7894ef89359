/**
 * A strict host page, in real Chromium against a real hub: the CSP the README's "Strict CSP" section
 * documents (Trusted Types enforced) lets every element render, connect and work with 0 violations;
 * a page whose CSP refuses Tandem's Trusted Types policy gets a clean `error` event with the code
 * `trusted-types-refused` on every Tandem element, one console error, and no uncaught exception.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';

import { runHubCli } from '../support/hub-cli.js';
import { startTestHub, type TestHub } from '../support/start-hub.js';
import {
  WAIT,
  launchChromium,
  signInAgent,
  waitForPhase,
  waitForPlayingVideo,
  type OpenedPage,
} from '../e2e/pages.js';
import {
  NONCE,
  loadFullElements,
  documentedCsp,
  recordViolationsAndErrors,
  serveHostPages,
  type HostServer,
} from './host-pages.js';

function hostPage(hub: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Strict host page</title>
    <script type="module" src="${new URL('/tandem.js', hub).href}"></script>
  </head>
  <body>
    ${body}
  </body>
</html>
`;
}

const THEME_ACCENT = '#a0522d';

const WIDGETS = `
    <calls-widget org-id="demo" theme-id="autumn"></calls-widget>
    <chat-widget org-id="demo" scope="strict"></chat-widget>
    <overlay-widget org-id="demo"></overlay-widget>
    <booking-card org-id="demo"></booking-card>`;

/** Adds one more element after load: the refusal reaches it too. */
const ADD_LATER = `
    <script nonce="${NONCE}">
      addEventListener('load', () => setTimeout(() => {
        const late = document.createElement('chat-widget');
        late.id = 'late';
        document.body.append(late);
      }, 50));
    </script>`;

let hub: TestHub | undefined;
let pages: HostServer | undefined;
let browser: Browser | undefined;
const opened: OpenedPage[] = [];

before(async () => {
  hub = await startTestHub();
  // An org theme, which the calls widget wears: its sheet must pass the strict CSP too.
  await runHubCli(hub, ['theme', 'set', 'demo', 'autumn', '--token', `color-accent=${THEME_ACCENT}`]);
  await hub.restart();
  const csp = documentedCsp(hub.url);
  const refusing = "script-src * 'unsafe-inline'; require-trusted-types-for 'script'; trusted-types 'none'";
  const otherPolicyOnly =
    "script-src * 'unsafe-inline'; require-trusted-types-for 'script'; trusted-types shop";
  pages = await serveHostPages({
    '/widgets.html': { body: hostPage(hub.url, WIDGETS), headers: { 'content-security-policy': csp } },
    '/console.html': {
      body: hostPage(hub.url, `<agent-console org-id="demo"></agent-console>`),
      headers: { 'content-security-policy': csp },
    },
    '/refusing.html': {
      body: hostPage(hub.url, WIDGETS + ADD_LATER),
      headers: { 'content-security-policy': refusing },
    },
    '/other-policy.html': {
      body: hostPage(hub.url, `<calls-widget org-id="demo"></calls-widget>`),
      headers: { 'content-security-policy': otherPolicyOnly },
    },
  });
  browser = await launchChromium();
});

after(async () => {
  for (const { context } of opened) await context.close().catch(() => undefined);
  await browser?.close();
  await pages?.close();
  await hub?.stop();
});

async function open(path: string): Promise<OpenedPage> {
  const context = await browser!.newContext();
  await context.addInitScript({ content: recordViolationsAndErrors });
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
  await page.goto(pages!.url(path));
  const result = { context, page, log };
  opened.push(result);
  return result;
}

function partIn(page: Page, tag: string, part: string): Promise<boolean> {
  return page.evaluate(
    ({ tag, part }) => !!document.querySelector(tag)?.shadowRoot?.querySelector(`[part~="${part}"]`),
    { tag, part },
  );
}

describe('a host page with the documented strict CSP', () => {
  it('renders every widget, connects and chats with an agent, with 0 violations', async () => {
    const visitor = await open('/widgets.html');
    const { page } = visitor;
    // The launcher draws the cards and loads each element's full part on the first act; load them all
    // now, so every chunk comes under this CSP.
    await loadFullElements(
      page,
      ['calls-widget', 'chat-widget', 'overlay-widget', 'booking-card'],
      WAIT.timeout,
    );
    // Connected: the chat widget loaded its status from the hub, the booking card its services.
    await page.waitForFunction(
      () =>
        document
          .querySelector('chat-widget')
          ?.shadowRoot?.querySelector('[part~="base"]')
          ?.getAttribute('data-loaded') === 'true',
      null,
      WAIT,
    );
    await page.waitForFunction(
      () => !!document.querySelector('booking-card')?.shadowRoot?.querySelector('.service'),
      null,
      WAIT,
    );
    assert.equal(await partIn(page, 'calls-widget', 'base'), true);
    await page.waitForFunction(
      (accent) =>
        getComputedStyle(document.querySelector('calls-widget')!)
          .getPropertyValue('--tandem-color-accent')
          .trim() === accent,
      THEME_ACCENT,
      WAIT,
    );

    // An agent answers in a console on a strict page too: templates of both sides render.
    const agent = await open('/console.html');
    await signInAgent(agent.page, 'anna');
    await page.evaluate(() => {
      const chat = document.querySelector('chat-widget')!;
      chat.open();
      chat.sendClientMessage('Hello from a strict page');
    });
    await agent.page.waitForFunction(
      () =>
        [
          ...(document
            .querySelector('agent-console')
            ?.shadowRoot?.querySelectorAll('[part~="waiting-chat"], .conversation') ?? []),
        ].length > 0,
      null,
      WAIT,
    );
    await page.waitForFunction(
      () =>
        (document.querySelector('chat-widget')?.shadowRoot?.textContent ?? '').includes(
          'Hello from a strict page',
        ),
      null,
      WAIT,
    );

    // A video call: the agents' avatars (img-src), WebRTC and the videos play under the same CSP.
    await page.locator('calls-widget [part~="open-button"]').click(WAIT);
    await page.locator('calls-widget [part~="start-button"]').click(WAIT);
    await waitForPhase(page, 'waiting');
    await agent.page.evaluate(() =>
      document
        .querySelector('agent-console')!
        .accept()
        .then(() => undefined),
    );
    await waitForPhase(page, 'in-call');
    await waitForPlayingVideo(page, 'calls-widget');
    await waitForPlayingVideo(agent.page, 'agent-console');
    assert.equal(
      await page.evaluate(
        () => document.querySelector('calls-widget')!.shadowRoot!.querySelectorAll('img').length > 0,
      ),
      true,
      'an agent avatar is shown',
    );

    for (const { page: p, log } of [visitor, agent]) {
      assert.deepEqual(await p.evaluate(() => window.__violations), [], log.join('\n'));
      assert.deepEqual(await p.evaluate(() => window.__tandemErrors), [], log.join('\n'));
      assert.deepEqual(
        log.filter((line) => line.startsWith('[pageerror]') || line.startsWith('[error]')),
        [],
      );
    }
  });
});

describe("a host page whose CSP refuses Tandem's Trusted Types policy", () => {
  for (const [path, what] of [
    ['/refusing.html', "trusted-types 'none'"],
    ['/other-policy.html', 'trusted-types without lit-html'],
  ] as const) {
    it(`fires error (trusted-types-refused) on every element, logs one error, throws nothing: ${what}`, async () => {
      const { page, log } = await open(path);
      // Four elements in the page (one on the other), and the refusing page adds a chat widget later.
      const total = path === '/refusing.html' ? 5 : 1;
      await page.waitForFunction((n) => window.__tandemErrors.length >= n, total, WAIT);
      const errors = await page.evaluate(() => window.__tandemErrors);
      assert.equal(errors.length, total);
      for (const error of errors) {
        assert.equal(error.code, 'trusted-types-refused');
        assert.match(error.message, /trusted-types lit-html/);
      }
      if (path === '/refusing.html') {
        assert.deepEqual(errors.map((e) => e.tag).sort(), [
          'booking-card',
          'calls-widget',
          'chat-widget',
          'chat-widget',
          'overlay-widget',
        ]);
      }
      // Nothing defined, nothing thrown; one console error of Tandem's (beside the browser's own report).
      assert.equal(await page.evaluate(() => customElements.get('calls-widget') === undefined), true);
      assert.deepEqual(
        log.filter((line) => line.startsWith('[pageerror]')),
        [],
      );
      const ours = log.filter((line) => line.startsWith('[error] [tandem]'));
      assert.equal(ours.length, 1, log.join('\n'));
      assert.match(ours[0]!, /require-trusted-types-for 'script'/);
    });
  }
});
