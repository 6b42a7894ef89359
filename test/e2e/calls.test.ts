/**
 * End to end: one-to-one video calls. A shop's page on an origin of its own loads the CDN script from a
 * real hub and holds `<calls-widget>`; agents work in the hub's `agent.html`, each in a browser context
 * of its own. Real Chromium with its fake camera and microphone (a moving test pattern and a beep), real
 * WebRTC on loopback, a real hub per group with the grace periods the group needs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestHub, type TestHub, type TestHubOptions } from '../support/start-hub.js';
import {
  WAIT,
  callsWidgetPage,
  consoleState,
  launchChromium,
  openAgentConsole,
  openPage,
  servePages,
  signInAgent,
  waitForConsoleState,
  waitForPhase,
  waitForPlayingVideo,
  widgetPartText,
  type OpenedPage,
  type PageServer,
} from './pages.js';

let browser: Browser | undefined;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/**
 * A hub and a shop page server for one group of tests, and every page the group opens: all closed in
 * `after`, whatever happened. On a failure, the pages' logs are printed.
 */
function setUp(options: TestHubOptions = {}) {
  const state: { hub?: TestHub; shop?: PageServer; opened: OpenedPage[]; failed: boolean } = {
    opened: [],
    failed: false,
  };
  before(async () => {
    state.hub = await startTestHub(options);
    state.shop = await servePages({ '/shop.html': callsWidgetPage(state.hub.url, 'demo') });
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
  const track = (opened: OpenedPage) => {
    state.opened.push(opened);
    return opened;
  };
  return {
    /** A visitor on the shop page, in a context of its own. */
    visitor: async () => track(await openPage(browser!, state.shop!.url('/shop.html'))),
    /** An agent console, signed in as `agentId` through its form. */
    agent: async (agentId: string) => {
      const opened = track(await openAgentConsole(browser!, state.hub!.url));
      await signInAgent(opened.page, agentId);
      return opened;
    },
    /** Marks the group failed (logs are printed in `after`) and rethrows. */
    fail: (error: unknown): never => {
      state.failed = true;
      throw error;
    },
  };
}

/** Opens the widget from its card and starts a call, as a person would; resolves once in the queue. */
async function startCallByHand(page: Page): Promise<string> {
  const widget = page.locator('calls-widget');
  await widget.locator('[part~="open-button"]').click(WAIT);
  await widget.locator('[part~="start-button"]').click(WAIT);
  await waitForPhase(page, 'waiting');
  return joinedTicketId(page);
}

/** The ticket id of the visitor's latest `joined_queue` tracking event. */
async function joinedTicketId(page: Page): Promise<string> {
  await page.waitForFunction(() => window.__tracking.some((e) => e.eventName === 'joined_queue'), null, WAIT);
  const id = await page.evaluate(
    () => window.__tracking.filter((e) => e.eventName === 'joined_queue').at(-1)!.eventData['ticketId'],
  );
  assert.equal(typeof id, 'string', 'joined_queue carries the ticket id');
  return id as string;
}

/** Clicks Accept on the given ticket in the agent's list (it shows up live). */
async function acceptByHand(agent: Page, ticketId: string): Promise<void> {
  await agent.locator(`agent-console li.ticket[data-ticket-id="${ticketId}"] button`).click(WAIT);
}

/** The calls-widget's queue place as `getEstimatedWaitingTime()` reports it. */
function placeOf(page: Page): Promise<number> {
  return page.evaluate(
    async () => (await document.querySelector('calls-widget')!.getEstimatedWaitingTime()).place,
  );
}

async function waitForQueueText(page: Page, pattern: RegExp): Promise<void> {
  try {
    await page.waitForFunction(
      (source) => {
        const text = document
          .querySelector('calls-widget')
          ?.shadowRoot?.querySelector('[part~="queue-status"]')?.textContent;
        return !!text && new RegExp(source).test(text.replace(/\s+/g, ' '));
      },
      pattern.source,
      WAIT,
    );
  } catch (error) {
    throw new Error(
      `queue-status never matched ${pattern}: "${await widgetPartText(page, 'queue-status')}"`,
      {
        cause: error,
      },
    );
  }
}

function noPageErrors(...pages: OpenedPage[]): void {
  for (const { log } of pages) {
    assert.deepEqual(
      log.filter((entry) => entry.startsWith('[pageerror]')),
      [],
    );
  }
}

describe('a call between a shop visitor and an agent', () => {
  const group = setUp();

  it('connects with video both ways; the agent hangs up, then the visitor hangs up a second call', async () => {
    try {
      const anna = await group.agent('anna');
      const visitor = await group.visitor();

      // First call: the visitor starts it from the card, anna accepts it from her list.
      const ticketId = await startCallByHand(visitor.page);
      await anna.page.waitForFunction(
        (id) => window.__console.offered.some((o) => o.ticketId === id),
        ticketId,
        WAIT,
      );
      await acceptByHand(anna.page, ticketId);
      await waitForPhase(visitor.page, 'in-call');
      await waitForConsoleState(anna.page, 'in-call');
      await waitForPlayingVideo(visitor.page, 'calls-widget');
      await waitForPlayingVideo(anna.page, 'agent-console');
      assert.match((await widgetPartText(visitor.page, 'agent')) ?? '', /Anna/);

      // Anna ends it: both sides end.
      await anna.page.locator('agent-console [part~="end-call"]').click(WAIT);
      await waitForPhase(visitor.page, 'ended');
      await waitForConsoleState(anna.page, 'signed-in');
      assert.deepEqual(await anna.page.evaluate(() => window.__console.ended.map((e) => e.reason)), [
        'agent-hung-up',
      ]);
      assert.equal(await visitor.page.locator('calls-widget [part~="remote-video"]').count(), 0);

      // A second call from the same page: close the ended view, start again, anna takes the next.
      await visitor.page
        .locator('calls-widget [part~="dialog"]')
        .getByRole('button', { name: 'Close', exact: true })
        .first()
        .click(WAIT);
      await waitForPhase(visitor.page, 'idle');
      const second = await startCallByHand(visitor.page);
      assert.notEqual(second, ticketId, 'a new ticket for the second call');
      await anna.page.locator('agent-console [part~="accept-next"]').click(WAIT);
      await waitForPhase(visitor.page, 'in-call');
      await waitForPlayingVideo(visitor.page, 'calls-widget');
      await waitForPlayingVideo(anna.page, 'agent-console');

      // The visitor hangs up: both sides end.
      await visitor.page.locator('calls-widget [part~="hang-up-button"]').click(WAIT);
      await waitForPhase(visitor.page, 'ended');
      await waitForConsoleState(anna.page, 'signed-in');
      await anna.page.waitForFunction(() => window.__console.ended.length === 2, null, WAIT);
      assert.deepEqual(await anna.page.evaluate(() => window.__console.ended.map((e) => e.reason)), [
        'agent-hung-up',
        'visitor-hung-up',
      ]);
      const tracked = await visitor.page.evaluate(() => window.__tracking.map((e) => e.eventName));
      assert.deepEqual(
        tracked.filter(
          (name) =>
            name.startsWith('call_') && name !== 'call_widget_opened' && name !== 'call_widget_closed',
        ),
        ['call_started', 'call_ended', 'call_started', 'call_ended'],
      );
      noPageErrors(anna, visitor);
    } catch (error) {
      group.fail(error);
    }
  });
});

describe("the agent's tab closes mid-call", () => {
  const group = setUp({ callGraceMs: 500 });

  it('ends the call for the visitor, who rejoins at the front, ahead of a visitor who waited longer', async () => {
    try {
      const anna = await group.agent('anna');
      const visitor = await group.visitor();
      const ticketId = await startCallByHand(visitor.page);
      await acceptByHand(anna.page, ticketId);
      await waitForPhase(visitor.page, 'in-call');
      await waitForPlayingVideo(visitor.page, 'calls-widget');

      // Meanwhile another visitor joins and waits, first in line.
      const other = await group.visitor();
      await startCallByHand(other.page);
      await waitForQueueText(other.page, /number 1 in line/);

      // Anna's tab closes.
      await anna.context.close();
      await waitForPhase(visitor.page, 'ended');
      assert.match((await widgetPartText(visitor.page, 'dialog')) ?? '', /agent’s connection was lost/);
      const ended = await visitor.page.evaluate(() =>
        window.__tracking.filter((e) => e.eventName === 'call_ended'),
      );
      assert.deepEqual(
        ended.map((e) => e.eventData['reason']),
        ['agent-left'],
      );

      // Rejoin: back in the queue, at the front.
      await visitor.page.locator('calls-widget [part~="rejoin-button"]').click(WAIT);
      await waitForPhase(visitor.page, 'waiting');
      await waitForQueueText(visitor.page, /number 1 in line/);
      assert.equal(await placeOf(visitor.page), 1);
      await waitForQueueText(other.page, /number 2 in line/);
      assert.equal(await placeOf(other.page), 2);
      noPageErrors(visitor, other);
    } catch (error) {
      group.fail(error);
    }
  });
});

describe('routing with onBeforeRender', () => {
  const group = setUp();

  it("offers the call to the agent the page chose, and only to that agent, with the page's products", async () => {
    try {
      const chen = await group.agent('chen');
      const bjorn = await group.agent('bjorn');
      const visitor = await group.visitor();
      await visitor.page.waitForFunction(
        () => window.__events.at(-1)?.numberOfAgentsOnline === 2,
        null,
        WAIT,
      );

      await visitor.page.evaluate(() => {
        document.querySelector('calls-widget')!.onBeforeRender = () => ({
          callAgentId: 'chen',
          productIds: ['ITM-BLUE-SHIRT', 'EXT-RED-PANTS'],
        });
      });
      // The start screen names the chosen agent once the routing is in.
      const widget = visitor.page.locator('calls-widget');
      await widget.locator('[part~="open-button"]').click(WAIT);
      await widget.locator('[part~="drop-in-card"]', { hasText: 'Chen' }).waitFor(WAIT);
      await widget.locator('[part~="start-button"]').click(WAIT);
      await waitForPhase(visitor.page, 'waiting');
      const ticketId = await joinedTicketId(visitor.page);

      await chen.page.waitForFunction(
        (id) => window.__console.offered.some((o) => o.ticketId === id),
        ticketId,
        WAIT,
      );
      const offered = await chen.page.evaluate(() => window.__console.offered);
      assert.deepEqual(
        offered.map((o) => [o.ticketId, o.productIds]),
        [[ticketId, ['ITM-BLUE-SHIRT', 'EXT-RED-PANTS']]],
      );
      // Bjorn, online as long as chen, sees the visitor waiting but is neither offered the call nor shown it.
      await bjorn.page.locator('agent-console [part~="queue"]', { hasText: '1 waiting' }).waitFor(WAIT);
      // The offer is pushed at once, the ticket list as a diff up to 50 ms later (list-push.ts).
      const chensTicket = chen.page.locator(`agent-console li.ticket[data-ticket-id="${ticketId}"]`);
      await chensTicket.waitFor(WAIT);
      assert.equal(await chensTicket.count(), 1);
      assert.equal(await bjorn.page.locator('agent-console li.ticket').count(), 0);

      await acceptByHand(chen.page, ticketId);
      await waitForPhase(visitor.page, 'in-call');
      await waitForConsoleState(chen.page, 'in-call');
      const products = chen.page.locator('agent-console [part~="products"]');
      await products.waitFor(WAIT);
      const text = await products.textContent();
      assert.match(text ?? '', /ITM-BLUE-SHIRT/);
      assert.match(text ?? '', /EXT-RED-PANTS/);
      assert.match((await widgetPartText(visitor.page, 'agent')) ?? '', /Chen/);
      assert.deepEqual(await bjorn.page.evaluate(() => window.__console.offered), []);
      assert.equal(await consoleState(bjorn.page), 'signed-in');
      noPageErrors(chen, bjorn, visitor);
    } catch (error) {
      group.fail(error);
    }
  });
});

describe('a visitor who reloads the page while waiting', () => {
  // The default visitor grace (30 s): a reload is well within it.
  const group = setUp();
  const line: OpenedPage[] = [];

  /** Three visitors in line; the second is the one who reloads. */
  async function joinThree(): Promise<OpenedPage> {
    for (const place of [1, 2, 3]) {
      const visitor = await group.visitor();
      await startCallByHand(visitor.page);
      await waitForQueueText(visitor.page, new RegExp(`number ${place} in line`));
      line.push(visitor);
    }
    return line[1]!;
  }

  it('keeps their place', async () => {
    try {
      const visitor = await joinThree();
      const ticketId = await joinedTicketId(visitor.page);
      assert.equal(await placeOf(visitor.page), 2);
      const before = await widgetPartText(visitor.page, 'queue-status');
      assert.match(before ?? '', /number 2 in line/);

      await visitor.page.reload();
      await waitForPhase(visitor.page, 'waiting');
      assert.equal(await placeOf(visitor.page), 2);
      // The card offers the way back to the wait, which shows the same place.
      const back = visitor.page.locator('calls-widget [part~="open-button"]');
      await back.filter({ hasText: 'Back to your call' }).waitFor(WAIT);
      await back.click(WAIT);
      await waitForQueueText(visitor.page, /number 2 in line/);
      assert.equal(await widgetPartText(visitor.page, 'queue-status'), before);
      // The same ticket: leaving it takes the place of the one before the reload.
      await visitor.page.locator('calls-widget [part~="leave-button"]').click(WAIT);
      await waitForPhase(visitor.page, 'idle');
      await waitForQueueText(line[2]!.page, /number 2 in line/);
      const left = await visitor.page.evaluate(() =>
        window.__tracking.filter((e) => e.eventName === 'left_queue'),
      );
      assert.deepEqual(
        left.map((e) => e.eventData['ticketId']),
        [ticketId],
      );
      noPageErrors(...line);
    } catch (error) {
      group.fail(error);
    }
  });
});

describe('a visitor who reloads the page while waiting, without touching the widget', () => {
  const group = setUp();

  it('sees their place again, in the minimised player or the dialog', async () => {
    const ahead = await group.visitor();
    await startCallByHand(ahead.page);
    const visitor = await group.visitor();
    await startCallByHand(visitor.page);
    await waitForQueueText(visitor.page, /number 2 in line/);

    await visitor.page.reload();
    await waitForPhase(visitor.page, 'waiting');
    await visitor.page.waitForFunction(
      () => {
        const root = document.querySelector('calls-widget')?.shadowRoot;
        const dialog = root?.querySelector<HTMLDialogElement>('[part~="dialog"]');
        const shown = dialog?.open
          ? dialog.querySelector('[part~="queue-status"]')
          : root?.querySelector('[part~="minimized"]');
        return /number 2 in line/.test(shown?.textContent ?? '');
      },
      null,
      { timeout: 10_000 },
    );
  });
});

describe('a visitor who vanishes mid-call', () => {
  const group = setUp({ callGraceMs: 500, visitorGraceMs: 500 });

  it('ends the call for the agent as visitor-left, and the agent is online and free again', async () => {
    try {
      const anna = await group.agent('anna');
      const visitor = await group.visitor();
      const ticketId = await startCallByHand(visitor.page);
      await acceptByHand(anna.page, ticketId);
      await waitForConsoleState(anna.page, 'in-call');
      await waitForPlayingVideo(anna.page, 'agent-console');
      const status = anna.page.locator('agent-console select[name="status"]');
      assert.equal(await status.inputValue(), 'busy');

      // The visitor's tab closes.
      await visitor.context.close();
      await anna.page.waitForFunction(() => window.__console.ended.length > 0, null, WAIT);
      assert.deepEqual(
        await anna.page.evaluate(() => window.__console.ended.map((e) => [e.ticketId, e.reason])),
        [[ticketId, 'visitor-left']],
      );
      await waitForConsoleState(anna.page, 'signed-in');
      await anna.page.waitForFunction(() => window.__console.status.at(-1) === 'online', null, WAIT);
      assert.equal(await status.inputValue(), 'online');
      assert.deepEqual(await anna.page.evaluate(() => window.__console.status), ['online', 'busy', 'online']);

      // Free again: the next visitor's call goes through.
      const next = await group.visitor();
      const nextTicket = await startCallByHand(next.page);
      await acceptByHand(anna.page, nextTicket);
      await waitForPhase(next.page, 'in-call');
      await waitForConsoleState(anna.page, 'in-call');
      noPageErrors(anna, next);
    } catch (error) {
      group.fail(error);
    }
  });
});
