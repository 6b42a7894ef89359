/**
 * End to end: live chat. A shop's page on an origin of its own loads the CDN script from a real hub
 * and holds `<chat-widget org-id="demo" scope="...">`; agents work in the hub's `agent.html`, each in a
 * browser context of its own. Real Chromium, a real hub per group (restarted, and killed, in the middle
 * of a conversation), nothing stubbed.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Browser, BrowserContext, Page, WebSocket as PageSocket } from 'playwright-core';
import { startTestHub, type TestHub } from '../support/start-hub.js';
import {
  WAIT,
  launchChromium,
  recordConsoleEvents,
  servePages,
  signInAgent,
  type OpenedPage,
  type PageServer,
  type TandemErrorDetail,
} from './pages.js';

/** Chat survives a hub restart: the waits that span one are longer than the usual ones. */
const LONG_WAIT = { timeout: 60_000 };

interface ChatSessionRecord {
  type: 'chat-session-created' | 'chat-session-started' | 'chat-session-ended';
  conversationId: string;
}
/** A visitor's message as the widget shows it. */
interface ShownChatMessage {
  messageId: string;
  from: string;
  state: string | null;
  text: string;
}
/** A line of the agent console's transcript. */
interface TranscriptLine {
  from: string;
  kind: string;
  seq: number;
  text: string;
}
/** What a page's send loop did (see `startSendLoop`). */
interface SendLoop {
  started: number;
  stored: string[];
  failed: string[];
}
declare global {
  interface Window {
    /** Filled by the pages of `chatWidgetPage()`. */
    __chatErrors: TandemErrorDetail[];
    __chatSessions: ChatSessionRecord[];
    /** Every `data-state` each of the visitor's messages showed, in order, by message id. */
    __chatStates: Record<string, Array<string | null>>;
    __chatShown(): ShownChatMessage[];
    /** Filled on agent pages (`recordChatConsole`). */
    __chatConsole: {
      offered: Array<{ conversationId: string }>;
      received: Array<{ conversationId: string; messageId: string; text: string; from: string }>;
    };
    __chatSelected(): string | null;
    __chatTranscript(): TranscriptLine[];
    __chatPendingReplies(): number;
    __chatDetails(): Array<[string, string]>;
    __chatLoop: SendLoop;
    __chatLoopGate: Promise<void>;
    __chatOpenLoopGate(): void;
  }
}

/**
 * A shop's page with the hub's script and one `<chat-widget>` of the given scope; its `error` details go
 * to `window.__chatErrors`, its session events to `window.__chatSessions`.
 */
function chatWidgetPage(hubUrl: string, scope: string): string {
  const src = new URL('/tandem.js', hubUrl).href;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Plain host page with chat</title>
    <link rel="icon" href="data:," />
    <script type="module" src="${src}"></script>
  </head>
  <body>
    <h1>A shop</h1>
    <chat-widget org-id="demo" scope="${scope}"></chat-widget>
    <script>
      window.__chatErrors = [];
      window.__chatSessions = [];
      const widget = document.querySelector('chat-widget');
      widget.addEventListener('error', (event) => window.__chatErrors.push(event.detail));
      for (const type of ['chat-session-created', 'chat-session-started', 'chat-session-ended']) {
        widget.addEventListener(type, (event) =>
          window.__chatSessions.push({ type, conversationId: event.detail.conversationId }));
      }
    </script>
  </body>
</html>
`;
}

/**
 * Init script for visitor pages (a string: tsx's keepNames would break inner functions in the page).
 * `__chatShown()` reads the widget's messages as a person sees them (the text, without the author and
 * the time and state line); `__chatStates` keeps every state each visitor message showed, in order,
 * from a MutationObserver (with old values, so a state that lasted less than a frame is still seen).
 */
const recordChatWidget = `
  window.__chatStates = {};
  window.__chatShown = () => {
    const root = document.querySelector('chat-widget')?.shadowRoot;
    if (!root) return [];
    return [...root.querySelectorAll('[part~="message"]')].map((m) => {
      const copy = m.cloneNode(true);
      copy.querySelectorAll('.author, .meta').forEach((e) => e.remove());
      return {
        messageId: m.getAttribute('data-message-id'),
        from: m.getAttribute('data-from'),
        state: m.getAttribute('data-state'),
        text: copy.textContent.replace(/\\s+/g, ' ').trim(),
      };
    });
  };
  customElements.whenDefined('chat-widget').then(() => {
    const root = document.querySelector('chat-widget')?.shadowRoot;
    if (!root) return;
    const note = (id, state) => {
      if (!id) return;
      const seen = (window.__chatStates[id] ??= []);
      if (seen[seen.length - 1] !== state) seen.push(state);
    };
    const scan = () =>
      root.querySelectorAll('[part~="message"][data-from="visitor"]').forEach((m) =>
        note(m.getAttribute('data-message-id'), m.getAttribute('data-state')));
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes' && r.target.getAttribute('data-from') === 'visitor')
          note(r.target.getAttribute('data-message-id'), r.oldValue);
      }
      scan();
    }).observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeOldValue: true,
      attributeFilter: ['data-state'],
    });
    scan();
  });
`;

/**
 * Init script for agent pages: the console's call events (pages.ts), its chat events in
 * `window.__chatConsole`, and readers of the selected conversation's transcript and details.
 */
const recordChatConsole = `${recordConsoleEvents}
  window.__chatConsole = { offered: [], received: [] };
  document.addEventListener('chat-offered', (e) => window.__chatConsole.offered.push(e.detail));
  document.addEventListener('message-received', (e) => window.__chatConsole.received.push(e.detail));
  const consoleRoot = () => document.querySelector('agent-console')?.shadowRoot ?? null;
  window.__chatSelected = () =>
    consoleRoot()?.querySelector('button.conversation[aria-current="true"]')?.getAttribute('data-conversation-id') ?? null;
  window.__chatTranscript = () =>
    [...(consoleRoot()?.querySelectorAll('[part~="transcript"] .line[data-kind]') ?? [])].map((l) => ({
      from: l.getAttribute('data-from'),
      kind: l.getAttribute('data-kind'),
      seq: Number(l.getAttribute('data-seq')),
      text: (l.querySelector('.text')?.textContent ?? '').replace(/\\s+/g, ' ').trim(),
    }));
  window.__chatPendingReplies = () => consoleRoot()?.querySelectorAll('[part~="transcript"] .line.sending').length ?? 0;
  window.__chatDetails = () => {
    const list = consoleRoot()?.querySelector('[part~="chat-details"]');
    if (!list) return [];
    return [...list.querySelectorAll('dt')].map((dt) => [
      dt.textContent.replace(/\\s+/g, ' ').trim(),
      (dt.nextElementSibling?.textContent ?? '').replace(/\\s+/g, ' ').trim(),
    ]);
  };
`;

let browser: Browser | undefined;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/**
 * A hub and a shop page server (`/shop.html` with scope "shop", `/other.html` with scope "other") for
 * one group of tests, and every page the group opens: all closed in `after`, whatever happened. On a
 * failure, the pages' logs are printed.
 */
function setUp() {
  const state: { hub?: TestHub; shop?: PageServer; opened: OpenedPage[]; failed: boolean } = {
    opened: [],
    failed: false,
  };
  before(async () => {
    state.hub = await startTestHub();
    state.shop = await servePages({
      '/shop.html': chatWidgetPage(state.hub.url, 'shop'),
      '/other.html': chatWidgetPage(state.hub.url, 'other'),
    });
  });
  after(async () => {
    if (state.failed) {
      for (const [i, { log }] of state.opened.entries())
        console.error(`page ${i} log:\n  ${log.join('\n  ')}`);
    }
    for (const { context } of state.opened) await context.close().catch(() => undefined);
    await state.shop?.close();
    await state.hub?.stop();
  });
  const track = <T extends OpenedPage>(opened: T): T => {
    state.opened.push(opened);
    return opened;
  };
  return {
    hub: () => state.hub!,
    shop: () => state.shop!,
    /** A visitor on the shop page (scope "shop"), in a context of its own; loaded and online. */
    visitor: async (path = '/shop.html') => {
      const opened = track(await openChatPage(browser!, state.shop!.url(path), recordChatWidget));
      await waitForWidget(opened.page, 'online');
      return opened;
    },
    /** An agent console, signed in as `agentId` through its form. */
    agent: async (agentId: string) => {
      const opened = track(
        await openChatPage(browser!, new URL('/agent.html', state.hub!.url).href, recordChatConsole),
      );
      await signInAgent(opened.page, agentId);
      return opened;
    },
    track,
    /** Marks the group failed (logs are printed in `after`) and rethrows. */
    fail: (error: unknown): never => {
      state.failed = true;
      throw error;
    },
  };
}

interface ChatPage extends OpenedPage {
  /** The page's WebSocket frames, from its first socket. */
  frames: PageFrames;
}

/**
 * As pages.ts's `openPage`, but with the page's WebSocket frames recorded from its first socket: a page
 * in a fresh context of its own (from a browser), or a further page of a context (same storage).
 */
async function openChatPage(
  owner: Browser | BrowserContext,
  url: string,
  initScript?: string,
): Promise<ChatPage> {
  const context = 'newContext' in owner ? await owner.newContext() : owner;
  if (initScript) await context.addInitScript({ content: initScript });
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
  const frames = recordFrames(page);
  await page.goto(url);
  return { context, page, log, frames };
}

/** Waits until the widget has loaded and shows `status` (`data-status` of its base part). */
async function waitForWidget(page: Page, status: string): Promise<void> {
  try {
    await page.waitForFunction(
      (status) => {
        const base = document.querySelector('chat-widget')?.shadowRoot?.querySelector('[part~="base"]');
        return base?.getAttribute('data-loaded') === 'true' && base.getAttribute('data-status') === status;
      },
      status,
      WAIT,
    );
  } catch (error) {
    const base = await page.evaluate(() => {
      const el = document.querySelector('chat-widget')?.shadowRoot?.querySelector('[part~="base"]');
      return el && { loaded: el.getAttribute('data-loaded'), status: el.getAttribute('data-status') };
    });
    throw new Error(`the chat widget never loaded as "${status}": ${JSON.stringify(base)}`, { cause: error });
  }
}

/** The visitor's conversation id, from its first `chat-session-created`. */
async function createdConversation(page: Page): Promise<string> {
  await page.waitForFunction(
    () => window.__chatSessions.some((s) => s.type === 'chat-session-created'),
    null,
    WAIT,
  );
  return page.evaluate(
    () => window.__chatSessions.find((s) => s.type === 'chat-session-created')!.conversationId,
  );
}

/** Starts a conversation through the API and has `agent` accept it; resolves with its id. */
async function activeConversation(visitor: Page, agent: Page, firstText: string): Promise<string> {
  await visitor.evaluate((text) => {
    const widget = document.querySelector('chat-widget')!;
    widget.open();
    widget.sendClientMessage(text);
  }, firstText);
  const conversationId = await createdConversation(visitor);
  await agent.waitForFunction(
    (id) => window.__chatConsole.offered.some((o) => o.conversationId === id),
    conversationId,
    WAIT,
  );
  await agent.evaluate((id) => document.querySelector('agent-console')!.acceptChat(id), conversationId);
  await visitor.waitForFunction(
    () => window.__chatSessions.some((s) => s.type === 'chat-session-started'),
    null,
    WAIT,
  );
  await agent.waitForFunction((id) => window.__chatSelected() === id, conversationId, WAIT);
  return conversationId;
}

function noPageErrors(...opened: OpenedPage[]): void {
  for (const { log } of opened) {
    assert.deepEqual(
      log.filter((line) => line.startsWith('[pageerror]')),
      [],
    );
  }
}

/** The hub process of `hub` (our child running server/main.ts on its data directory), from /proc. */
function hubPid(hub: TestHub): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('server/main.ts')) continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (environ.includes(`TANDEM_DATA=${hub.dataDir}`)) return Number(entry);
    } catch {
      // A process that ended while we looked.
    }
  }
  throw new Error(`no hub process found for ${hub.dataDir}`);
}

describe('a visitor and an agent chatting by hand', () => {
  const group = setUp();

  it('exchange messages, and the visitor sees theirs go sending → delivered → read', async () => {
    try {
      const anna = await group.agent('anna');
      const visitor = await group.visitor();
      const widget = visitor.page.locator('chat-widget');

      // The visitor opens the chat and writes, as a person does.
      await widget.locator('[part~="launcher"]').click(WAIT);
      const input = widget.locator('[part~="input"]');
      await input.pressSequentially('Hello, is the blue shirt in stock?', WAIT);
      await input.press('Enter', WAIT);
      assert.equal(await input.inputValue(), '');
      const conversationId = await createdConversation(visitor.page);
      await visitor.page.waitForFunction(
        () => window.__chatShown().some((m) => m.from === 'visitor' && m.state === 'delivered'),
        null,
        WAIT,
      );

      // Anna sees the conversation waiting, with the message, opens it and accepts it.
      const waiting = anna.page.locator(
        `agent-console [part~="chat-lists"] [data-group="waiting"] button[data-conversation-id="${conversationId}"]`,
      );
      await waiting.click(WAIT);
      const transcript = anna.page.locator('agent-console [part~="transcript"]');
      await transcript
        .locator('.line[data-from="visitor"]', { hasText: 'Hello, is the blue shirt in stock?' })
        .waitFor(WAIT);
      await anna.page.locator('agent-console [part~="accept-chat"]').click(WAIT);
      await anna.page
        .locator(`agent-console [data-group="mine"] button[data-conversation-id="${conversationId}"]`)
        .waitFor(WAIT);
      assert.equal(await waiting.count(), 0);
      await anna.page.locator('agent-console [part~="conversation"][data-status="active"]').waitFor(WAIT);

      // She replies through the reply form.
      await anna.page.locator('agent-console [part~="reply"]').fill('Yes, in every size.', WAIT);
      await anna.page.locator('agent-console form.reply button[type="submit"]').click(WAIT);

      // The visitor sees the reply, from Anna, and the status names her.
      await visitor.page.waitForFunction(
        () => window.__chatShown().some((m) => m.from === 'agent' && m.text === 'Yes, in every size.'),
        null,
        WAIT,
      );
      await widget.locator('[part~="window"] [role="status"]', { hasText: 'Anna' }).waitFor(WAIT);
      const author = await widget.locator('[part~="message"][data-from="agent"] .author').textContent();
      assert.match(author ?? '', /Anna/);

      // A second message from the visitor, then both sides hold the same conversation.
      await input.pressSequentially('Great, thanks!', WAIT);
      await input.press('Enter', WAIT);
      await transcript.locator('.line[data-from="visitor"]', { hasText: 'Great, thanks!' }).waitFor(WAIT);
      await visitor.page.waitForFunction(
        () =>
          window
            .__chatShown()
            .filter((m) => m.from === 'visitor')
            .every((m) => m.state === 'read'),
        null,
        WAIT,
      );

      const shown = await visitor.page.evaluate(() => window.__chatShown());
      assert.deepEqual(
        shown.map((m) => [m.from, m.text]),
        [
          ['visitor', 'Hello, is the blue shirt in stock?'],
          ['agent', 'Yes, in every size.'],
          ['visitor', 'Great, thanks!'],
        ],
      );
      const lines = await anna.page.evaluate(() => window.__chatTranscript());
      assert.deepEqual(
        lines.map((l) => [l.from, l.kind, l.seq, l.text]),
        [
          ['visitor', 'text', 1, 'Hello, is the blue shirt in stock?'],
          ['agent', 'text', 2, 'Yes, in every size.'],
          ['visitor', 'text', 3, 'Great, thanks!'],
        ],
      );
      // Each visitor message went sending → delivered → read, and nothing else.
      const states = await visitor.page.evaluate(() => window.__chatStates);
      const visitorIds = shown.filter((m) => m.from === 'visitor').map((m) => m.messageId);
      assert.deepEqual(
        visitorIds.map((id) => states[id]),
        [
          ['sending', 'delivered', 'read'],
          ['sending', 'delivered', 'read'],
        ],
      );
      // The console heard each visitor message once.
      const received = await anna.page.evaluate(() => window.__chatConsole.received);
      assert.deepEqual(
        received.map((r) => [r.conversationId, r.text]),
        [
          [conversationId, 'Hello, is the blue shirt in stock?'],
          [conversationId, 'Great, thanks!'],
        ],
      );
      // Anna sees that the visitor read her reply.
      await transcript.locator('.line[data-from="agent"] .time', { hasText: 'Read' }).waitFor(WAIT);
      assert.deepEqual(await visitor.page.evaluate(() => window.__chatErrors), []);
      noPageErrors(anna, visitor);
    } catch (error) {
      group.fail(error);
    }
  });
});

const LOOP_COUNT = 30;
/** The loops' messages from this one on are written only once the hub is going down. */
const LOOP_GATE_AT = 21;

const visitorText = (i: number) => `visitor ${String(i).padStart(2, '0')}`;
const agentText = (i: number) => `agent ${String(i).padStart(2, '0')}`;

/**
 * Starts, in the page, `LOOP_COUNT` messages a few ms apart, none waiting for the one before to be
 * acknowledged: by the visitor (`sendClientMessage`) or, with `conversationId`, by the agent
 * (`sendMessage`). Messages from `LOOP_GATE_AT` on wait for `window.__chatOpenLoopGate()`.
 * `window.__chatLoop` counts what was started, stored (agent) and failed.
 */
async function startSendLoop(page: Page, side: 'visitor' | 'agent', conversationId = ''): Promise<void> {
  await page.evaluate(
    ({ side, conversationId, count, gateAt, gapMs }) => {
      window.__chatLoop = { started: 0, stored: [], failed: [] };
      window.__chatLoopGate = new Promise<void>((open) => {
        window.__chatOpenLoopGate = open;
      });
      void (async () => {
        for (let i = 1; i <= count; i++) {
          if (i === gateAt) await window.__chatLoopGate;
          await new Promise((done) => setTimeout(done, gapMs));
          const text = `${side} ${String(i).padStart(2, '0')}`;
          window.__chatLoop.started++;
          if (side === 'visitor') {
            document.querySelector('chat-widget')!.sendClientMessage(text);
          } else {
            document
              .querySelector('agent-console')!
              .sendMessage(conversationId, text)
              .then(
                () => window.__chatLoop.stored.push(text),
                (error: unknown) => window.__chatLoop.failed.push(`${text}: ${String(error)}`),
              );
          }
        }
      })();
    },
    { side, conversationId, count: LOOP_COUNT, gateAt: LOOP_GATE_AT, gapMs: 5 },
  );
}

/**
 * Both sides send `LOOP_COUNT` messages while `stopHub` takes the hub down in the middle and the hub
 * comes back (same port, same data); then every message is on both sides once, in one order.
 */
async function chatThroughOutage(
  t: TestContext,
  group: ReturnType<typeof setUp>,
  stopHub: (hub: TestHub) => Promise<void>,
): Promise<void> {
  const anna = await group.agent('anna');
  const visitor = await group.visitor();
  const conversationId = await activeConversation(visitor.page, anna.page, 'Hello before the storm');

  await startSendLoop(visitor.page, 'visitor');
  await startSendLoop(anna.page, 'agent', conversationId);
  // In the middle: ten of each written (some stored, some on their way), twenty still to come.
  for (const side of [visitor, anna]) {
    await side.page.waitForFunction(() => window.__chatLoop.started >= 10, null, LONG_WAIT);
  }
  const hub = group.hub();
  const down = stopHub(hub);
  // Once the hub is going down, the rest of the loops go on: written while it is away or starting.
  const atStop = {
    visitor: await visitor.page.evaluate(() => {
      window.__chatOpenLoopGate();
      const { started } = window.__chatLoop;
      return { started, unacknowledged: window.__chatShown().filter((m) => m.state === 'sending').length };
    }),
    agent: await anna.page.evaluate(() => {
      window.__chatOpenLoopGate();
      const { started, stored, failed } = window.__chatLoop;
      return { started, unacknowledged: started - stored.length - failed.length };
    }),
  };
  t.diagnostic(`when the hub went down: ${JSON.stringify(atStop)}`);
  await down;

  const visitorTexts = Array.from({ length: LOOP_COUNT }, (_, i) => visitorText(i + 1));
  const agentTexts = Array.from({ length: LOOP_COUNT }, (_, i) => agentText(i + 1));
  const all = ['Hello before the storm', ...visitorTexts, ...agentTexts];
  // Wait for every text on both sides with nothing still sending: then compare. (Waiting for a count
  // instead would hide a duplicate behind a missing message, or time out on one.)
  try {
    await visitor.page.waitForFunction(
      (all) => {
        const shown = window.__chatShown();
        return (
          window.__chatLoop.started === 30 &&
          shown.every((m) => m.state !== 'sending') &&
          all.every((text) => shown.some((m) => m.text === text))
        );
      },
      all,
      LONG_WAIT,
    );
    await anna.page.waitForFunction(
      ({ all, conversationId }) => {
        const lines = window.__chatTranscript();
        return (
          window.__chatSelected() === conversationId &&
          window.__chatLoop.stored.length + window.__chatLoop.failed.length === 30 &&
          window.__chatPendingReplies() === 0 &&
          all.every((text) => lines.some((l) => l.text === text))
        );
      },
      { all, conversationId },
      LONG_WAIT,
    );
  } catch (error) {
    throw new Error(`not every message arrived on both sides:\n${await explain()}`, { cause: error });
  }
  try {
    await checkDelivery();
  } catch (error) {
    throw new Error(`${String(error)}\n${await explain()}`, { cause: error });
  }

  /** What each side shows and how the messages reached it, for a failure's message. */
  async function explain(): Promise<string> {
    const seen = {
      visitor: await visitor.page.evaluate(() => window.__chatShown().map((m) => `${m.text} [${m.state}]`)),
      agent: await anna.page.evaluate(() => ({
        loop: window.__chatLoop,
        lines: window.__chatTranscript().map((l) => `${l.seq} ${l.text}`),
      })),
      visitorTrail: messageTrail(visitor.frames),
      agentTrail: messageTrail(anna.frames),
    };
    return JSON.stringify(seen, null, 1);
  }

  async function checkDelivery(): Promise<void> {
    assert.deepEqual(
      await anna.page.evaluate(() => window.__chatLoop.failed),
      [],
      'an agent message was refused',
    );
    // While the hub is away the widget says so (README: an `error` event, quietly); nothing else failed.
    const errors = await visitor.page.evaluate(() => window.__chatErrors);
    assert.deepEqual(
      errors.filter((e) => e.code !== 'hub-unreachable'),
      [],
      'the widget reported an error',
    );

    const shown = (await visitor.page.evaluate(() => window.__chatShown())).filter(
      (m) => !m.messageId.startsWith('local-'),
    );
    const lines = (await anna.page.evaluate(() => window.__chatTranscript())).filter(
      (l) => l.kind === 'text',
    );
    const seenByVisitor = shown.map((m) => m.text);
    const seenByAgent = lines.map((l) => l.text);
    // No duplicates, nothing missing, nothing else: 61 messages, each once.
    assert.equal(new Set(seenByVisitor).size, seenByVisitor.length, 'the visitor sees a message twice');
    assert.equal(new Set(seenByAgent).size, seenByAgent.length, 'the agent sees a message twice');
    assert.deepEqual([...seenByVisitor].sort(), [...all].sort(), 'the visitor does not see exactly all');
    // The same sequence on both sides, the hub's: seq 1, 2, 3, … without a gap.
    assert.deepEqual(seenByVisitor, seenByAgent, 'the two sides show different orders');
    assert.deepEqual(
      lines.map((l) => l.seq),
      all.map((_, i) => i + 1),
      'the seqs the agent shows are not 1, 2, 3, …',
    );
    // Each side's own messages in the order they were written, and each from the right side.
    assert.deepEqual(
      seenByAgent.filter((t) => t.startsWith('visitor ')),
      visitorTexts,
      "the visitor's messages are not in the order written",
    );
    assert.deepEqual(
      seenByAgent.filter((t) => t.startsWith('agent ')),
      agentTexts,
      "the agent's messages are not in the order written",
    );
    assert.deepEqual(
      lines.filter((l) => l.from === 'agent').map((l) => l.text),
      agentTexts,
      'the agent console attributes a message to the wrong side',
    );
    assert.deepEqual(
      shown.filter((m) => m.from === 'agent').map((m) => m.text),
      agentTexts,
      'the widget attributes a message to the wrong side',
    );
    noPageErrors(anna, visitor);
    // The console announced each visitor message once (`message-received`), and, as its chat
    // controller promises, in seq order.
    const received = (await anna.page.evaluate(() => window.__chatConsole.received))
      .filter((r) => r.conversationId === conversationId)
      .map((r) => r.text);
    const expected = ['Hello before the storm', ...visitorTexts];
    assert.deepEqual([...received].sort(), [...expected].sort(), 'message-received was not fired once each');
    assert.deepEqual(received, expected, 'message-received fired out of seq order');
  }
}

describe('a chat through a hub restart', () => {
  const group = setUp();

  it('loses nothing and shows nothing twice: every message once, in one order, on both sides', async (t) => {
    try {
      await chatThroughOutage(t, group, (hub) => hub.restart());
    } catch (error) {
      group.fail(error);
    }
  });
});

describe('a chat through a hub crash', () => {
  const group = setUp();

  it('loses nothing and shows nothing twice when the hub is killed (SIGKILL) and started again', async (t) => {
    try {
      await chatThroughOutage(t, group, async (hub) => {
        process.kill(hubPid(hub), 'SIGKILL');
        await hub.restart();
      });
    } catch (error) {
      group.fail(error);
    }
  });
});

/** Every frame a page's WebSockets sent and received, parsed; `socket` numbers the page's sockets from 1. */
type PageFrames = ReturnType<typeof recordFrames>;
type RecordedFrame = Record<string, unknown> & { socket: number; order: number };
function recordFrames(page: Page): { sent: RecordedFrame[]; received: RecordedFrame[] } {
  const frames = { sent: [] as RecordedFrame[], received: [] as RecordedFrame[] };
  let sockets = 0;
  let order = 0;
  page.on('websocket', (ws: PageSocket) => {
    const socket = ++sockets;
    const parse = (payload: string | Buffer): RecordedFrame => {
      try {
        return { ...(JSON.parse(String(payload)) as Record<string, unknown>), socket, order: ++order };
      } catch {
        return { unparsed: String(payload), socket, order: ++order };
      }
    };
    ws.on('framesent', ({ payload }) => frames.sent.push(parse(payload)));
    ws.on('framereceived', ({ payload }) => frames.received.push(parse(payload)));
  });
  return frames;
}

/**
 * How the chat messages reached a page, in order: `socket 2: push 14`, `socket 2: reply 15`,
 * `socket 3: history 16-20`. For a failure's message: which message came how, or never.
 */
function messageTrail(frames: PageFrames): string[] {
  const trail: Array<[number, string]> = [];
  for (const f of frames.sent) {
    if (f['type'] === 'chat.send' || f['type'] === 'chat.history' || f['type'] === 'hello')
      trail.push([
        f.order,
        `socket ${f.socket}: ${f['type']} ${String(f['text'] ?? f['afterSeq'] ?? '')} (${String(f['id'])})`,
      ]);
  }
  for (const f of frames.received) {
    type Message = { seq: number; text: string };
    const result = f['result'] as { message?: Message; messages?: Message[] } | undefined;
    const at = `socket ${f.socket}:`;
    if (f['type'] === 'chat.message') {
      const { seq, text } = f['message'] as Message;
      trail.push([f.order, `${at} push ${seq} ${text}`]);
    } else if (result?.message) {
      trail.push([f.order, `${at} reply ${result.message.seq} ${result.message.text} (${String(f['re'])})`]);
    } else if (result?.messages) {
      const seqs = result.messages.map((m) => m.seq).join(',') || '(none)';
      trail.push([f.order, `${at} history ${seqs} (${String(f['re'])})`]);
    } else if (f['type'] === 'error') {
      trail.push([f.order, `${at} error ${String(f['code'])} (${String(f['re'])})`]);
    }
  }
  return trail.sort((a, b) => a[0] - b[0]).map(([, line]) => line);
}

/** The reply the page's socket received to its last frame of `type` (matching `match`). */
async function replyTo(
  frames: PageFrames,
  type: string,
  match: (frame: Record<string, unknown>) => boolean = () => true,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + WAIT.timeout;
  for (;;) {
    const asked = frames.sent.filter((f) => f['type'] === type && match(f)).map((f) => f['id']);
    const reply = frames.received.findLast((f) => asked.includes(f['re']));
    if (reply) return reply;
    if (Date.now() > deadline) throw new Error(`no reply to ${type} arrived`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe('a visitor who reloads the page mid-chat', () => {
  const group = setUp();

  it('finds the conversation again in the same scope, and not in another scope', async () => {
    try {
      const anna = await group.agent('anna');
      const visitor = await group.visitor();
      const { frames } = visitor;
      const conversationId = await activeConversation(visitor.page, anna.page, 'I want to return a jacket');
      await anna.page.evaluate(
        (id) => document.querySelector('agent-console')!.sendMessage(id, 'Sure, what is the order number?'),
        conversationId,
      );
      await visitor.page.evaluate(() =>
        document.querySelector('chat-widget')!.sendClientMessage('It is 4711'),
      );
      await visitor.page.waitForFunction(
        () => {
          const shown = window.__chatShown();
          return shown.length === 3 && shown.every((m) => m.state !== 'sending');
        },
        null,
        WAIT,
      );
      const before = (await visitor.page.evaluate(() => window.__chatShown())).map((m) => [m.from, m.text]);
      assert.deepEqual(before, [
        ['visitor', 'I want to return a jacket'],
        ['agent', 'Sure, what is the order number?'],
        ['visitor', 'It is 4711'],
      ]);
      const token = await visitor.page.evaluate(() =>
        Object.entries(localStorage).find(([key]) => key.endsWith(':demo:visitor')),
      );
      assert.ok(token, 'the visitor token was kept');

      // The reload: the same transcript, in the same conversation.
      await visitor.page.reload();
      await waitForWidget(visitor.page, 'online');
      await visitor.page.locator('chat-widget [part~="launcher"]').click(WAIT);
      await visitor.page.waitForFunction((n) => window.__chatShown().length === n, before.length, WAIT);
      assert.deepEqual(
        (await visitor.page.evaluate(() => window.__chatShown())).map((m) => [m.from, m.text]),
        before,
      );
      await visitor.page
        .locator('chat-widget [part~="window"] [role="status"]', { hasText: 'Anna' })
        .waitFor(WAIT);
      const restored = await replyTo(frames, 'chat.restore', (f) => f['scope'] === 'shop');
      assert.equal(
        (restored['result'] as { conversation: { conversationId: string } | null }).conversation
          ?.conversationId,
        conversationId,
      );
      // And the conversation goes on from the reloaded page.
      await visitor.page.evaluate(() =>
        document.querySelector('chat-widget')!.sendClientMessage('Still there?'),
      );
      await anna.page.waitForFunction(
        () => window.__chatTranscript().some((l) => l.text === 'Still there?'),
        null,
        WAIT,
      );
      assert.equal(await anna.page.evaluate(() => window.__chatSelected()), conversationId);

      // Another page of the same shop, same browser (same visitor token), with another scope.
      const other = group.track(await openChatPage(visitor.context, group.shop().url('/other.html')));
      const otherFrames = other.frames;
      await waitForWidget(other.page, 'online');
      await other.page.locator('chat-widget [part~="launcher"]').click(WAIT);
      const hello = await replyTo(otherFrames, 'hello');
      assert.equal(
        otherFrames.sent.find((f) => f['type'] === 'hello')?.['visitorToken'],
        token[1],
        'the other page presents the same visitor token',
      );
      assert.equal((hello['result'] as { visitorToken: string }).visitorToken, token[1]);
      const none = await replyTo(otherFrames, 'chat.restore', (f) => f['scope'] === 'other');
      assert.equal((none['result'] as { conversation: unknown }).conversation, null);
      await other.page.locator('chat-widget [part~="input"]').waitFor(WAIT);
      assert.deepEqual(await other.page.evaluate(() => window.__chatShown()), []);
      assert.deepEqual(await other.page.evaluate(() => window.__chatSessions), []);
      assert.match(
        (await other.page.locator('chat-widget [part~="window"] [role="status"]').textContent()) ?? '',
        /online/,
      );

      // Writing there starts a conversation of its own; the shop's is untouched.
      await other.page.evaluate(() =>
        document.querySelector('chat-widget')!.sendClientMessage('A question about gift cards'),
      );
      const otherId = await createdConversation(other.page);
      assert.notEqual(otherId, conversationId);
      await other.page.waitForFunction(
        () => window.__chatShown().length === 1 && window.__chatShown()[0]!.state === 'delivered',
        null,
        WAIT,
      );
      assert.deepEqual(
        (await other.page.evaluate(() => window.__chatShown())).map((m) => m.text),
        ['A question about gift cards'],
      );
      assert.deepEqual(
        (await visitor.page.evaluate(() => window.__chatShown())).map((m) => m.text),
        ['I want to return a jacket', 'Sure, what is the order number?', 'It is 4711', 'Still there?'],
      );
      noPageErrors(anna, visitor, other);
    } catch (error) {
      group.fail(error);
    }
  });
});

describe('web1on1 >cs commands', () => {
  const group = setUp();

  it('run on the hub, show their effect to the agent, never to the visitor; a malformed one is refused', async () => {
    try {
      const anna = await group.agent('anna');
      const visitor = await group.visitor();
      const conversationId = await activeConversation(visitor.page, anna.page, 'Hi, I am looking at a car');

      const assignee = '5f0c2b9e7a1d3c0012345678';
      const commands: Array<[command: string, result: string]> = [
        [
          '.location 61be87aeafdf672d381a9db4#61be87aeafdf672d381a9db5',
          'Field location set to "61be87aeafdf672d381a9db4#61be87aeafdf672d381a9db5"',
        ],
        ['+6093490651a8b5629324ae4f', 'Form 6093490651a8b5629324ae4f activated'],
        ['.brand Toyota', 'Field brand set to "Toyota"'],
        ['/set @category Used Car', 'Category set to "Used Car"'],
        ['/set isLead yes', 'Variable isLead set to "yes"'],
        [`/assign ${assignee}`, `Assigned to ${assignee}`],
        ['/notify 605411853c68d83fd1ac7655', 'Notified inbox 605411853c68d83fd1ac7655'],
        ['/notify', 'Notified every organisation'],
        [
          '@6248f0083ab5d5001e523146 Hello this is for you',
          'Mentioned 6248f0083ab5d5001e523146: Hello this is for you',
        ],
      ];
      await visitor.page.evaluate(
        (commands) => {
          const widget = document.querySelector('chat-widget')!;
          for (const command of commands) widget.sendClientMessage(`>cs ${command}`);
        },
        commands.map(([command]) => command),
      );

      // The agent's transcript: one command line each, in order, from the system.
      await anna.page.waitForFunction(
        (n) => window.__chatTranscript().filter((l) => l.kind === 'command').length >= n,
        commands.length,
        WAIT,
      );
      const lines = await anna.page.evaluate(() => window.__chatTranscript());
      assert.deepEqual(
        lines.filter((l) => l.kind === 'command').map((l) => [l.from, l.text]),
        commands.map(([, result]) => ['system', result]),
      );
      // The details: everything the commands set.
      await anna.page.waitForFunction(
        () => window.__chatDetails().some(([key]) => key.startsWith('@')),
        null,
        WAIT,
      );
      assert.deepEqual(await anna.page.evaluate(() => window.__chatDetails()), [
        ['.location', '61be87aeafdf672d381a9db4#61be87aeafdf672d381a9db5'],
        ['.brand', 'Toyota'],
        ['Forms', '6093490651a8b5629324ae4f'],
        ['Category', 'Used Car'],
        ['/isLead', 'yes'],
        ['Assigned to', assignee],
        ['Notified', '605411853c68d83fd1ac7655'],
        ['Notified', 'all organisations'],
        ['@6248f0083ab5d5001e523146', 'Hello this is for you'],
      ]);
      // Assigned to an id that is no agent of the org: the conversation stays Anna's.
      assert.equal(await anna.page.evaluate(() => window.__chatSelected()), conversationId);
      await anna.page.locator('agent-console [part~="conversation"][data-status="active"]').waitFor(WAIT);

      // A malformed command: an error event with bad-command on the widget, and nothing stored.
      await visitor.page.evaluate(() => document.querySelector('chat-widget')!.sendClientMessage('>cs /set'));
      await visitor.page.waitForFunction(() => window.__chatErrors.length > 0, null, WAIT);
      const errors = await visitor.page.evaluate(() => window.__chatErrors);
      assert.deepEqual(
        errors.map((e) => e.code),
        ['bad-command'],
      );

      // Anna answers; once the visitor has her answer, whatever the hub pushed before it is in too.
      await anna.page.evaluate(
        (id) => document.querySelector('agent-console')!.sendMessage(id, 'Noted, thank you!'),
        conversationId,
      );
      await visitor.page.waitForFunction(
        () => window.__chatShown().some((m) => m.text === 'Noted, thank you!'),
        null,
        WAIT,
      );
      // The visitor never saw a command, nor what it did, nor anything waiting to be sent.
      const shown = await visitor.page.evaluate(() => window.__chatShown());
      assert.deepEqual(
        shown.map((m) => [m.from, m.text, m.state]),
        [
          ['visitor', 'Hi, I am looking at a car', 'read'],
          ['agent', 'Noted, thank you!', null],
        ],
      );
      // (The refusal of the malformed one is the widget's notice, outside the log.)
      const log = await visitor.page.locator('chat-widget [part~="log"]').textContent();
      for (const text of [
        '>cs',
        'Toyota',
        'Used Car',
        'isLead',
        '605411853c68d83fd1ac7655',
        'this is for you',
      ])
        assert.ok(!log?.includes(text), `the visitor's messages show "${text}"`);
      await visitor.page
        .locator('chat-widget [part~="window"] [role="alert"]', { hasText: '/set' })
        .waitFor(WAIT);
      // The console holds each command once and nothing for the malformed one.
      const after = await anna.page.evaluate(() => window.__chatTranscript());
      assert.deepEqual(
        after.map((l) => [l.from, l.kind]),
        [['visitor', 'text'], ...commands.map(() => ['system', 'command']), ['agent', 'text']],
      );
      assert.deepEqual(
        after.map((l) => l.seq),
        after.map((_, i) => i + 1),
      );
      noPageErrors(anna, visitor);
    } catch (error) {
      group.fail(error);
    }
  });
});
