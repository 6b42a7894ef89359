/**
 * End to end: two hub processes on one Postgres and one Redis (real ones, see
 * test/support/databases.ts; skipped, saying so, without them). The shop's page loads Tandem from
 * hub A through a tiny TCP proxy (the load balancer), the agent's console is on hub B. Queue state
 * and agents online, a video call, a booking and a chat cross between them; then hub A is killed (SIGKILL)
 * mid-chat, the proxy sends the visitor's reconnect to B, and every message arrives once, in order.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';

import { NO_CLUSTER, TEST_REDIS_URL, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestHub, type TestHub } from '../support/start-hub.js';
import {
  WAIT,
  callsWidgetPage,
  launchChromium,
  openAgentConsole,
  openPage,
  recordConsoleEvents,
  servePages,
  signInAgent,
  waitForConsoleState,
  waitForPhase,
  waitForPlayingVideo,
  type OpenedPage,
  type PageServer,
} from './pages.js';

/** Spans a hub's death and the client's reconnect backoff. */
const LONG_WAIT = { timeout: 60_000 };

interface TranscriptLine {
  from: string;
  seq: number;
  text: string;
}
declare global {
  interface Window {
    __shown(): Array<{ messageId: string; from: string; state: string | null; text: string }>;
    __transcript(): TranscriptLine[];
    __sessions: string[];
  }
}

/** A load balancer in miniature: forwards every TCP connection to the current target port. */
interface Proxy {
  port: number;
  retarget(port: number): void;
  close(): Promise<void>;
}

async function startProxy(target: number): Promise<Proxy> {
  let current = target;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(current, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    retarget(port) {
      current = port;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function chatPage(hubUrl: string): string {
  const src = new URL('/tandem.js', hubUrl).href;
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Shop with chat</title><link rel="icon" href="data:," />
    <script type="module" src="${src}"></script></head>
  <body>
    <chat-widget org-id="demo" scope="cluster"></chat-widget>
    <script>
      window.__sessions = [];
      const widget = document.querySelector('chat-widget');
      for (const type of ['chat-session-created', 'chat-session-started'])
        widget.addEventListener(type, (event) => window.__sessions.push(type + ' ' + event.detail.conversationId));
    </script>
  </body>
</html>
`;
}

function bookingPage(hubUrl: string): string {
  const src = new URL('/tandem.js', hubUrl).href;
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Book a meeting</title><link rel="icon" href="data:," />
    <script type="module" src="${src}"></script></head>
  <body><booking-card org-id="demo" booking-resource-id="anna"></booking-card></body>
</html>
`;
}

/** The widget's messages as a person sees them (a string: tsx's keepNames would break it in the page). */
const readWidget = `
  window.__shown = () => {
    const root = document.querySelector('chat-widget')?.shadowRoot;
    if (!root) return [];
    return [...root.querySelectorAll('[part~="message"]')].map((m) => {
      const copy = m.cloneNode(true);
      copy.querySelectorAll('.author, .meta').forEach((e) => e.remove());
      return {
        messageId: m.getAttribute('data-message-id') ?? '',
        from: m.getAttribute('data-from'),
        state: m.getAttribute('data-state'),
        text: copy.textContent.replace(/\\s+/g, ' ').trim(),
      };
    });
  };
`;

const readConsole = `${recordConsoleEvents}
  window.__transcript = () =>
    [...(document.querySelector('agent-console')?.shadowRoot?.querySelectorAll('[part~="transcript"] .line[data-kind="text"]') ?? [])].map((l) => ({
      from: l.getAttribute('data-from'),
      seq: Number(l.getAttribute('data-seq')),
      text: (l.querySelector('.text')?.textContent ?? '').replace(/\\s+/g, ' ').trim(),
    }));
`;

describe('two hubs on Postgres and Redis, a visitor on A and an agent on B', { skip: NO_CLUSTER }, () => {
  let browser: Browser;
  let database: TestDatabase;
  let a: TestHub;
  let b: TestHub;
  let proxy: Proxy;
  let shop: PageServer;
  const opened: OpenedPage[] = [];
  let failed = false;

  before(async () => {
    database = await createTestDatabase();
    const options = {
      databaseUrl: database.url,
      redisUrl: TEST_REDIS_URL,
      redisPrefix: `tandem-e2e-${randomUUID()}:`,
      processTtlMs: 2000,
      // A visitor whose hub died comes back through the proxy well within these.
      callGraceMs: 20_000,
      visitorGraceMs: 30_000,
    };
    [a, b] = await Promise.all([startTestHub(options), startTestHub(options)]);
    proxy = await startProxy(a.port);
    const viaProxy = `http://localhost:${proxy.port}`;
    shop = await servePages({
      '/call.html': callsWidgetPage(viaProxy, 'demo'),
      '/chat.html': chatPage(viaProxy),
      '/book.html': bookingPage(viaProxy),
    });
    browser = await launchChromium();
  });
  after(async () => {
    if (failed)
      for (const [i, { log }] of opened.entries()) console.error(`page ${i} log:\n  ${log.join('\n  ')}`);
    for (const { context } of opened) await context.close().catch(() => undefined);
    await browser?.close();
    await shop?.close();
    await proxy?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });
  const track = (page: OpenedPage): OpenedPage => {
    opened.push(page);
    return page;
  };
  const guard = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      failed = true;
      throw error;
    }
  };

  it('shows the agent on B online on the page served by A, and connects a video call across', () =>
    guard(async () => {
      const visitor = track(await openPage(browser, shop.url('/call.html')));
      const anna = track(await openAgentConsole(browser, b.url));
      await signInAgent(anna.page, 'anna');
      await visitor.page.waitForFunction(
        () => window.__events.some((e) => e.numberOfAgentsOnline === 1),
        null,
        WAIT,
      );

      const widget = visitor.page.locator('calls-widget');
      await widget.locator('[part~="open-button"]').click(WAIT);
      await widget.locator('[part~="start-button"]').click(WAIT);
      await waitForPhase(visitor.page, 'waiting');
      await anna.page.waitForFunction(() => window.__console.offered.length === 1, null, WAIT);
      const ticketId = await anna.page.evaluate(() => window.__console.offered[0]!.ticketId);
      await anna.page.evaluate((id) => document.querySelector('agent-console')!.accept(id), ticketId);
      await waitForPhase(visitor.page, 'in-call');
      await waitForPlayingVideo(visitor.page, 'calls-widget');
      await waitForPlayingVideo(anna.page, 'agent-console');
      await anna.page.evaluate(() => document.querySelector('agent-console')!.endCall());
      await waitForPhase(visitor.page, 'ended');
      await waitForConsoleState(anna.page, 'signed-in');
      await anna.context.close();
    }));

  it('books on the page served by A; the agent on B sees the booking at once', () =>
    guard(async () => {
      const anna = track(await openAgentConsole(browser, b.url));
      await signInAgent(anna.page, 'anna');
      const visitor = track(await openPage(browser, shop.url('/book.html')));
      const card = visitor.page.locator('booking-card');
      await card.locator('.service', { hasText: 'Style advice' }).click(WAIT);
      await card.locator('[part~="slot"]').first().click(WAIT);
      const form = card.locator('[part~="form"]');
      await form.locator('[name="name"]').fill('Cluster Visitor', WAIT);
      await form.locator('[name="email"]').fill('cluster@example.com', WAIT);
      await form.locator('[name="phone"]').fill('+46 70 123 45 67', WAIT);
      await form.locator('[name="phone"]').press('Enter', WAIT);
      await card.locator('[part~="confirmation"]').waitFor(WAIT);
      await anna.page
        .locator('agent-console [part~="bookings"]', { hasText: 'Cluster Visitor' })
        .waitFor(WAIT);
      await anna.context.close();
    }));

  it('carries a chat across, and through hub A killed mid-chat: every message once, in order', () =>
    guard(async () => {
      const visitorOpened = track(
        await openPage(browser, shop.url('/chat.html'), { initScript: readWidget }),
      );
      const chen = track(
        await openPage(browser, new URL('/agent.html', b.url).href, { initScript: readConsole }),
      );
      await signInAgent(chen.page, 'chen');
      const visitor = visitorOpened.page;
      await visitor.waitForFunction(
        () =>
          document
            .querySelector('chat-widget')
            ?.shadowRoot?.querySelector('[part~="base"]')
            ?.getAttribute('data-status') === 'online',
        null,
        WAIT,
      );
      const sendVisitor = async (text: string) => {
        await visitor.evaluate((t) => {
          const widget = document.querySelector('chat-widget')!;
          widget.open();
          widget.sendClientMessage(t);
        }, text);
        await visitor.waitForFunction(
          (t) => window.__shown().some((m) => m.text === t && m.state !== 'sending'),
          text,
          LONG_WAIT,
        );
      };
      await sendVisitor('v1');
      await visitor.waitForFunction(() => window.__sessions.length > 0, null, WAIT);
      const conversationId = (await visitor.evaluate(() => window.__sessions[0]!)).split(' ')[1]!;
      await chen.page.evaluate(
        (id) => document.querySelector('agent-console')!.acceptChat(id),
        conversationId,
      );
      const sendAgent = (text: string) =>
        chen.page.evaluate(({ id, t }) => document.querySelector('agent-console')!.sendMessage(id, t), {
          id: conversationId,
          t: text,
        });

      const texts = ['v1'];
      for (let i = 1; i <= 3; i++) {
        await sendAgent(`a${i}`);
        texts.push(`a${i}`);
        if (i < 3) {
          await sendVisitor(`v${i + 1}`);
          texts.push(`v${i + 1}`);
        }
      }

      // Hub A dies; the load balancer sends the visitor's reconnect to B.
      await a.kill();
      proxy.retarget(b.port);
      await sendAgent('a4');
      texts.push('a4');
      await sendVisitor('v4');
      texts.push('v4');
      await sendAgent('a5');
      texts.push('a5');

      await visitor.waitForFunction(
        (all) => all.every((t) => window.__shown().some((m) => m.text === t)),
        texts,
        LONG_WAIT,
      );
      await chen.page.waitForFunction(
        (all) => all.every((t) => window.__transcript().some((l) => l.text === t)),
        texts,
        LONG_WAIT,
      );
      const shown = (await visitor.evaluate(() => window.__shown()))
        .filter((m) => !m.messageId.startsWith('local-') && (m.from === 'visitor' || m.from === 'agent'))
        .map((m) => m.text);
      const lines = await chen.page.evaluate(() => window.__transcript());
      assert.deepEqual(shown, texts, 'the visitor sees every message once, in order');
      assert.deepEqual(
        lines.map((l) => l.text),
        texts,
        'the agent sees every message once, in order',
      );
      assert.deepEqual(
        lines.map((l) => l.seq),
        texts.map((_, i) => i + 1),
        'seqs 1, 2, 3, … without a gap',
      );
    }));
});
