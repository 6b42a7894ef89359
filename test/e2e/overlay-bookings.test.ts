/**
 * End to end: the overlay invitation and bookings. Plain shop pages on an origin of their own load the
 * CDN script from a real hub; agents work in the hub's `agent.html`, each in a browser context of its
 * own. Real Chromium (fake camera and microphone), real WebRTC on loopback, a real hub per group.
 *
 * A booked meeting can be joined from ten minutes before its start, and the hub only offers slots at
 * least fifteen minutes ahead: the "at the booked time" check runs the link page on Playwright's clock,
 * installed before the navigation, so that the page believes it is five minutes before the start.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestHub, type TestHub } from '../support/start-hub.js';
import {
  WAIT,
  dialogPhase,
  launchChromium,
  openAgentConsole,
  servePages,
  signInAgent,
  waitForConsoleState,
  waitForPhase,
  waitForPlayingVideo,
  widgetPartText,
  type OpenedPage,
  type PageServer,
} from './pages.js';

/** `booking-created` details as a page sees them (a subset of the protocol's `Booking`). */
interface BookedDetail {
  booking: {
    bookingId: string;
    connectId: string;
    start: string;
    status: string;
    agent: { id: string; name: string };
  };
  connectLink: string;
}

declare global {
  interface Window {
    /** Filled by the booking pages of this file: every `booking-created` detail. */
    __booked: BookedDetail[];
  }
}

/** Overlay timeout used on the pages (seconds), and how long the tests wait past it on the page's clock. */
const POPUP_SECONDS = 2;
const WELL_PAST_POPUP_MS = 4_000;

const visitorJoe = { name: 'Joe Doe', email: 'joe@example.com', phone: '+46 70 123 45 67' };

// ---- pages ----------------------------------------------------------------------------------------

function head(hubUrl: string, title: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <link rel="icon" href="data:," />
    <script type="module" src="${new URL('/tandem.js', hubUrl).href}"></script>
  </head>`;
}

/** Records the calls-widget's `agents-online` and `tracking-event` details, as pages.ts's pages do. */
const recordCallsWidget = `<script>
      window.__events = [];
      window.__errors = [];
      window.__tracking = [];
      const widget = document.querySelector('calls-widget');
      widget.addEventListener('agents-online', (event) => window.__events.push(event.detail));
      widget.addEventListener('error', (event) => window.__errors.push(event.detail));
      widget.addEventListener('tracking-event', (event) => window.__tracking.push(event.detail));
    </script>`;

/** Some page content: the overlay must float over it without moving it. */
const content = `<main id="content">
      <h1>Autumn collection</h1>
      <p>Wool coats, linen shirts and leather boots, picked by our stylists.</p>
      <ul id="products"><li>Blue shirt</li><li>Red pants</li><li>Grey coat</li></ul>
    </main>`;

/**
 * The shop page of the overlay tests: an overlay-widget and a calls-widget. The overlay comes first in the
 * body, so that one taking room in the page's flow would push the content down.
 */
function overlayPage(hubUrl: string): string {
  return `${head(hubUrl, 'Shop with overlay')}
  <body>
    <overlay-widget org-id="demo" popup-timeout-seconds="${POPUP_SECONDS}"></overlay-widget>
    ${content}
    <calls-widget org-id="demo"></calls-widget>
    ${recordCallsWidget}
  </body>
</html>
`;
}

/** A shop page with only a calls-widget whose `smart` trigger places the overlay. */
function smartPage(hubUrl: string): string {
  return `${head(hubUrl, 'Shop with the smart trigger')}
  <body>
    ${content}
    <calls-widget
      org-id="demo"
      triggers="smart"
      popup-timeout-seconds="${POPUP_SECONDS}"
      smart-variant-override="Avatar"
    ></calls-widget>
    ${recordCallsWidget}
  </body>
</html>
`;
}

/** A shop page with a booking card whose connect links open `connectPage`. */
function bookingPage(hubUrl: string, connectPage: string): string {
  return `${head(hubUrl, 'Book a meeting')}
  <body>
    ${content}
    <booking-card org-id="demo" connect-page="${connectPage}"></booking-card>
    <script>
      window.__booked = [];
      document.addEventListener('booking-created', (event) => window.__booked.push(event.detail));
    </script>
  </body>
</html>
`;
}

/** The page a connect link opens: a calls-widget with the `connect-link` trigger. */
function meetingPage(hubUrl: string): string {
  return `${head(hubUrl, 'Your meeting')}
  <body>
    <calls-widget org-id="demo" triggers="connect-link"></calls-widget>
    ${recordCallsWidget}
  </body>
</html>
`;
}

// ---- set-up ---------------------------------------------------------------------------------------

let browser: Browser | undefined;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/**
 * A hub and the shop's pages for one group of tests, and every page the group opens: all closed in
 * `after`, whatever happened. On a failure, the pages' logs are printed.
 */
function setUp() {
  const state: { hub?: TestHub; shop?: PageServer; opened: OpenedPage[]; failed: boolean } = {
    opened: [],
    failed: false,
  };
  before(async () => {
    state.hub = await startTestHub();
    const hubUrl = state.hub.url;
    state.shop = await servePages({
      '/overlay.html': overlayPage(hubUrl),
      '/smart.html': smartPage(hubUrl),
      // A connect page relative to the shop's page, as an owner would write it.
      '/book.html': bookingPage(hubUrl, '/meeting.html'),
      '/meeting.html': meetingPage(hubUrl),
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
  const track = (opened: OpenedPage) => {
    state.opened.push(opened);
    return opened;
  };
  return {
    /**
     * A visitor on a shop page (a path, or a full URL), in a browser context of its own; with
     * `clockAt`, the context runs on Playwright's clock from that instant, installed before navigating.
     */
    visitor: async (pathOrUrl: string, options: { clockAt?: number } = {}): Promise<OpenedPage> => {
      const context = await browser!.newContext();
      const page = await context.newPage();
      const log: string[] = [];
      const opened = track({ context, page, log });
      page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
      page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
      if (options.clockAt !== undefined) await page.clock.install({ time: options.clockAt });
      await page.goto(new URL(pathOrUrl, state.shop!.origin).href);
      return opened;
    },
    /** An agent console, signed in as `agentId` through its form. */
    agent: async (agentId: string): Promise<OpenedPage> => {
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

// ---- helpers --------------------------------------------------------------------------------------

function noPageErrors(...pages: OpenedPage[]): void {
  for (const { log } of pages) {
    assert.deepEqual(
      log.filter((entry) => entry.startsWith('[pageerror]')),
      [],
    );
  }
}

/** The overlay's `data-state` (`hidden` or `shown`), or null while there is no overlay on the page. */
function overlayState(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      document
        .querySelector('overlay-widget')
        ?.shadowRoot?.querySelector('[part~="base"]')
        ?.getAttribute('data-state') ?? null,
  );
}

async function waitForOverlay(page: Page, wanted: 'hidden' | 'shown'): Promise<void> {
  try {
    await page.waitForFunction(
      (wanted) =>
        document
          .querySelector('overlay-widget')
          ?.shadowRoot?.querySelector('[part~="base"]')
          ?.getAttribute('data-state') === wanted,
      wanted,
      WAIT,
    );
  } catch (error) {
    throw new Error(`the overlay never got "${wanted}" (it is "${await overlayState(page)}")`, {
      cause: error,
    });
  }
}

/**
 * Waits until the overlay has been on the page (defined and connected, so its timer runs) for well past
 * its timeout, on the page's own clock: no sleep in the test process.
 */
async function waitPastPopupTimeout(page: Page): Promise<void> {
  const since = await (
    await page.waitForFunction(
      () =>
        !!customElements.get('overlay-widget') &&
        document.querySelector('overlay-widget')?.isConnected === true &&
        performance.now(),
      null,
      WAIT,
    )
  ).jsonValue();
  await page.waitForFunction((until) => performance.now() >= until, Number(since) + WELL_PAST_POPUP_MS, WAIT);
}

/** The overlay's `data-agents-online`: what its queue state says, whether or not it is shown. */
function overlayAgentsOnline(page: Page): Promise<number> {
  return page.evaluate(() =>
    Number(
      document
        .querySelector('overlay-widget')
        ?.shadowRoot?.querySelector('[part~="base"]')
        ?.getAttribute('data-agents-online') ?? Number.NaN,
    ),
  );
}

/** Where the page's own content is, and how big the document is: what the overlay must not change. */
function pageLayout(page: Page): Promise<unknown> {
  // No named functions inside: tsx's keepNames would wrap them in a helper the page does not have.
  return page.evaluate(() => ({
    boxes: ['#content', '#products', 'calls-widget'].map((selector) => {
      const r = document.querySelector(selector)!.getBoundingClientRect();
      return [selector, r.x, r.y, r.width, r.height];
    }),
    scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
  }));
}

/** Whether the calls-widget's modal dialog is open (not minimised). */
function dialogOpen(page: Page): Promise<boolean> {
  return page.evaluate(
    () =>
      document.querySelector('calls-widget')?.shadowRoot?.querySelector<HTMLDialogElement>('[part~="dialog"]')
        ?.open === true,
  );
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

/** The booking card's `data-state`. */
function cardState(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      document
        .querySelector('booking-card')
        ?.shadowRoot?.querySelector('[part~="base"]')
        ?.getAttribute('data-state') ?? null,
  );
}

async function waitForCard(page: Page, wanted: string): Promise<void> {
  try {
    await page.waitForFunction(
      (wanted) =>
        document
          .querySelector('booking-card')
          ?.shadowRoot?.querySelector('[part~="base"]')
          ?.getAttribute('data-state') === wanted,
      wanted,
      WAIT,
    );
  } catch (error) {
    throw new Error(`the booking card never got to "${wanted}" (it is "${await cardState(page)}")`, {
      cause: error,
    });
  }
}

interface SlotChoice {
  start: string;
  agentId: string;
  /** The slot button's text: "10:00 · Anna Berg". */
  text: string;
}

/** Picks the service by name and waits for its free slots; returns them in the card's order. */
async function openSlots(page: Page, service: string): Promise<SlotChoice[]> {
  await waitForCard(page, 'services');
  await page.locator('booking-card .service', { hasText: service }).click(WAIT);
  await page.locator('booking-card [part~="slot"]').first().waitFor(WAIT);
  return page.locator('booking-card [part~="slot"]').evaluateAll((buttons) =>
    buttons.map((b) => ({
      start: b.getAttribute('data-start') ?? '',
      agentId: b.getAttribute('data-agent-id') ?? '',
      text: (b.textContent ?? '').replace(/\s+/g, ' ').trim(),
    })),
  );
}

/** Chooses a slot by its start and agent, and fills the form (without submitting). */
async function chooseAndFill(page: Page, slot: SlotChoice, visitor: typeof visitorJoe): Promise<void> {
  await page
    .locator(`booking-card [part~="slot"][data-start="${slot.start}"][data-agent-id="${slot.agentId}"]`)
    .click(WAIT);
  await waitForCard(page, 'details');
  const form = page.locator('booking-card [part~="form"]');
  await form.locator('input[name="name"]').fill(visitor.name, WAIT);
  await form.locator('input[name="email"]').fill(visitor.email, WAIT);
  await form.locator('input[name="phone"]').fill(visitor.phone, WAIT);
}

function submitButton(page: Page) {
  return page.locator('booking-card [part~="form"] button[type="submit"]');
}

/** The text of a part in the booking card's shadow root, whitespace collapsed. */
function cardPartText(page: Page, part: string): Promise<string> {
  return page
    .locator(`booking-card [part~="${part}"]`)
    .first()
    .evaluate((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim());
}

/** An iCalendar text's logical lines: folded lines (CRLF + a space) joined again (RFC 5545 §3.1). */
function unfold(ics: string): string {
  return ics.replace(/\r\n[ \t]/g, '');
}

/** The agent console's booking row, by booking id (and status). */
function bookingRow(agent: Page, bookingId: string, status?: 'confirmed' | 'cancelled') {
  const withStatus = status ? `[data-status="${status}"]` : '';
  return agent.locator(`agent-console [part~="bookings"] li[data-booking-id="${bookingId}"]${withStatus}`);
}

// ---- the overlay ----------------------------------------------------------------------------------

describe('the overlay invitation', () => {
  const group = setUp();

  it('stays hidden while nobody is online, appears when an agent signs in without moving the page, opens the start screen, and stays away while a call runs', async () => {
    try {
      const visitor = await group.visitor('/overlay.html');
      const { page } = visitor;
      // The widgets know the queue: open, nobody online.
      await page.waitForFunction(() => window.__events.some((e) => e.numberOfAgentsOnline === 0), null, WAIT);
      await page.locator('calls-widget [part~="base"][data-state="open"]').waitFor(WAIT);
      await waitPastPopupTimeout(page);
      assert.equal(await overlayState(page), 'hidden', 'nobody online: no invitation, however long');
      assert.equal(await page.locator('overlay-widget [part~="invite"]').count(), 0);
      const before = await pageLayout(page);

      // Anna signs in: the invitation appears, floating over the page.
      const anna = await group.agent('anna');
      await waitForOverlay(page, 'shown');
      await page.locator('overlay-widget [part~="invite"]').waitFor({ state: 'visible', ...WAIT });
      assert.match((await page.locator('overlay-widget [part~="invite"]').textContent()) ?? '', /Anna/);
      assert.deepEqual(await pageLayout(page), before, 'the page did not move');
      const position = await page
        .locator('overlay-widget [part~="base"]')
        .evaluate((el) => getComputedStyle(el).position);
      assert.equal(position, 'fixed');

      // Clicking it opens the calls-widget's dialog on its start screen.
      await page.locator('overlay-widget [part~="invite"]').click(WAIT);
      await page.waitForFunction(
        () =>
          document
            .querySelector('calls-widget')
            ?.shadowRoot?.querySelector<HTMLDialogElement>('[part~="dialog"]')?.open === true,
        null,
        WAIT,
      );
      assert.equal(await dialogPhase(page), 'idle');
      await page.locator('calls-widget [part~="drop-in-card"]').waitFor({ state: 'visible', ...WAIT });
      await waitForOverlay(page, 'hidden');

      // Starting the call: the overlay stays away while it runs.
      await page.locator('calls-widget [part~="start-button"]').click(WAIT);
      await waitForPhase(page, 'waiting');
      const ticketId = await joinedTicketId(page);
      assert.equal(await overlayState(page), 'hidden');
      await anna.page.waitForFunction(
        (id) => window.__console.offered.some((o) => o.ticketId === id),
        ticketId,
        WAIT,
      );
      await anna.page.locator(`agent-console li.ticket[data-ticket-id="${ticketId}"] button`).click(WAIT);
      await waitForPhase(page, 'in-call');
      assert.equal(await overlayState(page), 'hidden');
      await anna.page.locator('agent-console [part~="end-call"]').click(WAIT);
      await waitForPhase(page, 'ended');
      await waitForConsoleState(anna.page, 'signed-in');
      noPageErrors(visitor, anna);
    } catch (error) {
      group.fail(error);
    }
  });

  it('hides while a call started from the card runs, and comes back once the visitor leaves the queue', async () => {
    try {
      // Anna is online (from the test before, or again here).
      const anna = await group.agent('anna');
      const visitor = await group.visitor('/overlay.html');
      const { page } = visitor;
      await waitForOverlay(page, 'shown');

      await page.locator('calls-widget [part~="open-button"]').click(WAIT);
      await page.locator('calls-widget [part~="start-button"]').click(WAIT);
      await waitForPhase(page, 'waiting');
      await joinedTicketId(page);
      await waitForOverlay(page, 'hidden');

      await page.locator('calls-widget [part~="leave-button"]').click(WAIT);
      await waitForPhase(page, 'idle');
      await waitForOverlay(page, 'shown');
      noPageErrors(visitor, anna);
    } catch (error) {
      group.fail(error);
    }
  });

  // After a reload the wait resumes without a `joined_queue` event: the overlay asks the calls widget.
  it('stays away after a reload while the visitor waits in the queue', async () => {
    const anna = await group.agent('anna');
    const visitor = await group.visitor('/overlay.html');
    const { page } = visitor;
    await page.locator('calls-widget [part~="open-button"]').click(WAIT);
    await page.locator('calls-widget [part~="start-button"]').click(WAIT);
    await waitForPhase(page, 'waiting');

    // The reload resumes the wait: the visitor is still in line, so no invitation into a call.
    await page.reload();
    await waitForPhase(page, 'waiting');
    await waitPastPopupTimeout(page);
    assert.ok((await overlayAgentsOnline(page)) > 0, 'an agent is online: only the wait keeps it away');
    assert.equal(await overlayState(page), 'hidden', 'no invitation while the visitor is in the queue');
    noPageErrors(visitor, anna);
  });

  it('is placed by the smart trigger; Escape or its dismiss button hides it for the session, reloads included', async () => {
    try {
      await group.agent('bjorn');

      // Escape, with the focus on the invitation.
      const first = await group.visitor('/smart.html');
      await waitForOverlay(first.page, 'shown');
      assert.equal(
        await first.page.locator('overlay-widget [part~="base"]').getAttribute('data-variant'),
        'Avatar',
      );
      await first.page.locator('overlay-widget [part~="invite"]').focus();
      await first.page.keyboard.press('Escape');
      await waitForOverlay(first.page, 'hidden');
      await first.page.reload();
      await waitPastPopupTimeout(first.page);
      assert.ok(
        (await overlayAgentsOnline(first.page)) > 0,
        'agents are online: only the dismissal keeps it away',
      );
      assert.equal(await overlayState(first.page), 'hidden', 'dismissed for the session');

      // The dismiss button, in another session.
      const second = await group.visitor('/smart.html');
      await waitForOverlay(second.page, 'shown');
      await second.page.locator('overlay-widget [part~="dismiss"]').click(WAIT);
      await waitForOverlay(second.page, 'hidden');
      await second.page.reload();
      await waitPastPopupTimeout(second.page);
      assert.ok((await overlayAgentsOnline(second.page)) > 0);
      assert.equal(await overlayState(second.page), 'hidden', 'dismissed for the session');

      // A new session is invited again.
      const third = await group.visitor('/smart.html');
      await waitForOverlay(third.page, 'shown');
      noPageErrors(first, second, third);
    } catch (error) {
      group.fail(error);
    }
  });
});

// ---- bookings -------------------------------------------------------------------------------------

describe('a booked meeting, from the booking card to the call', () => {
  const group = setUp();

  it('books, shows the agent the booking, joins from the connect link at the booked time, and says when it was cancelled', async () => {
    try {
      const visitor = await group.visitor('/book.html');
      const slots = await openSlots(visitor.page, 'Style advice');
      const slot = slots[0]!;
      assert.ok(slot.start && slot.agentId, 'the slot names its start and agent');

      // The slot's agent works in the console meanwhile, and sees the booking arrive.
      const agent = await group.agent(slot.agentId);
      // Someone not offering the service is online too: the meeting's call must not ring them.
      const other = await group.agent(slot.agentId === 'bjorn' ? 'anna' : 'bjorn');

      await chooseAndFill(visitor.page, slot, visitorJoe);
      await submitButton(visitor.page).click(WAIT);
      await waitForCard(visitor.page, 'confirmed');
      const [booked] = await visitor.page.evaluate(() => window.__booked);
      assert.ok(booked, 'booking-created fired');
      const { booking } = booked;
      assert.equal(booking.start, slot.start);
      assert.equal(booking.agent.id, slot.agentId);
      assert.equal(booking.status, 'confirmed');

      // The confirmation: the agent, the calendar file, the connect link.
      const confirmation = await cardPartText(visitor.page, 'confirmation');
      assert.match(confirmation, /You are booked!/);
      assert.ok(confirmation.includes(`Style advice with ${booking.agent.name}`), confirmation);
      assert.ok(slot.text.includes(booking.agent.name), 'the agent the slot offered');
      const icsHref = (await visitor.page.locator('booking-card a[download]').getAttribute('href')) ?? '';
      assert.match(icsHref, /^data:text\/calendar/);
      const ics = unfold(decodeURIComponent(icsHref.slice(icsHref.indexOf(',') + 1)));
      assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
      assert.ok(ics.includes(booking.connectId), 'the calendar file holds the connect link');
      const link =
        (await visitor.page.locator('booking-card a[data-connect-link]').getAttribute('href')) ?? '';
      const linkUrl = new URL(link);
      assert.equal(linkUrl.origin, new URL(visitor.page.url()).origin, 'on the shop, not the hub');
      assert.equal(linkUrl.pathname, '/meeting.html');
      assert.equal(linkUrl.searchParams.get('bambuserConnectId'), booking.connectId);
      assert.equal(booked.connectLink, link);
      assert.equal(await visitor.page.locator('booking-card a[data-connect-link]').textContent(), link);

      // The booked agent sees it in the console's bookings.
      await bookingRow(agent.page, booking.bookingId, 'confirmed').waitFor(WAIT);
      assert.match((await bookingRow(agent.page, booking.bookingId).textContent()) ?? '', /Joe Doe/);
      assert.equal(await bookingRow(other.page, booking.bookingId).count(), 0);

      // The connect link, before the meeting: the meeting is shown, joining is not possible yet.
      const early = await group.visitor(link);
      const meeting = early.page.locator('calls-widget [part~="meeting"]');
      await meeting.waitFor({ state: 'visible', ...WAIT });
      assert.equal(await meeting.getAttribute('data-status'), 'confirmed');
      assert.match(
        (await widgetPartText(early.page, 'meeting')) ?? '',
        new RegExp(`Your meeting with ${booking.agent.name}.*You can join from ten minutes before the start`),
      );
      assert.equal(await early.page.locator('calls-widget [part~="join-meeting"]').isDisabled(), true);
      assert.equal(await dialogPhase(early.page), 'idle');
      assert.equal(await dialogOpen(early.page), true);

      // The connect link at the booked time (the page's clock five minutes before the start): straight
      // into the call, rung at the booked agent only.
      const onTime = await group.visitor(link, { clockAt: Date.parse(booking.start) - 5 * 60_000 });
      await waitForPhase(onTime.page, 'waiting');
      assert.equal(await dialogOpen(onTime.page), true);
      const ticketId = await joinedTicketId(onTime.page);
      await agent.page.waitForFunction(
        (id) => window.__console.offered.some((o) => o.ticketId === id),
        ticketId,
        WAIT,
      );
      assert.deepEqual(await other.page.evaluate(() => window.__console.offered), []);
      assert.equal(
        await other.page.locator(`agent-console li.ticket[data-ticket-id="${ticketId}"]`).count(),
        0,
      );
      await agent.page.locator(`agent-console li.ticket[data-ticket-id="${ticketId}"] button`).click(WAIT);
      await waitForPhase(onTime.page, 'in-call');
      await waitForConsoleState(agent.page, 'in-call');
      await waitForPlayingVideo(onTime.page, 'calls-widget');
      await waitForPlayingVideo(agent.page, 'agent-console');
      assert.ok(((await widgetPartText(onTime.page, 'agent')) ?? '').includes(booking.agent.name));
      await agent.page.locator('agent-console [part~="end-call"]').click(WAIT);
      await waitForPhase(onTime.page, 'ended');
      await waitForConsoleState(agent.page, 'signed-in');

      // The agent cancels the booking; the link pages, reloaded, say so and start nothing.
      await bookingRow(agent.page, booking.bookingId)
        .getByRole('button', { name: 'Cancel booking' })
        .click(WAIT);
      await bookingRow(agent.page, booking.bookingId, 'cancelled').waitFor(WAIT);
      for (const { page } of [early, onTime]) {
        await page.reload();
        await page.locator('calls-widget [part~="meeting"][data-status="cancelled"]').waitFor(WAIT);
        assert.match((await widgetPartText(page, 'meeting')) ?? '', /This meeting was cancelled/);
        assert.equal(await page.locator('calls-widget [part~="join-meeting"]').count(), 0);
        assert.equal(await dialogPhase(page), 'idle');
      }
      assert.deepEqual(
        await onTime.page.evaluate(() => window.__tracking.filter((e) => e.eventName === 'joined_queue')),
        [],
        'a cancelled meeting joins no queue',
      );
      noPageErrors(visitor, agent, other, early, onTime);
    } catch (error) {
      group.fail(error);
    }
  });
});

describe('two visitors booking one slot at the same moment', () => {
  const group = setUp();

  it('gives it to exactly one; the other is told and sees fresh slots without it; the hub holds one booking', async () => {
    try {
      const [a, b] = await Promise.all([group.visitor('/book.html'), group.visitor('/book.html')]);
      const slotsA = await openSlots(a!.page, 'Style advice');
      const slotsB = await openSlots(b!.page, 'Style advice');
      const slot = slotsA[0]!;
      assert.ok(
        slotsB.some((s) => s.start === slot.start && s.agentId === slot.agentId),
        'both are offered the slot',
      );
      await chooseAndFill(a!.page, slot, visitorJoe);
      await chooseAndFill(b!.page, slot, { ...visitorJoe, name: 'Jane Roe', email: 'jane@example.com' });

      await Promise.all([submitButton(a!.page).click(WAIT), submitButton(b!.page).click(WAIT)]);
      const settled = async (page: Page) => {
        await page.waitForFunction(
          () => {
            const root = document.querySelector('booking-card')?.shadowRoot;
            const state = root?.querySelector('[part~="base"]')?.getAttribute('data-state');
            return state === 'confirmed' || (state === 'slots' && !!root?.querySelector('[part~="slot"]'));
          },
          null,
          WAIT,
        );
        return cardState(page);
      };
      const states = await Promise.all([settled(a!.page), settled(b!.page)]);
      assert.deepEqual([...states].sort(), ['confirmed', 'slots'], 'exactly one got it');
      const winner = states[0] === 'confirmed' ? a! : b!;
      const loser = states[0] === 'confirmed' ? b! : a!;

      assert.match(await cardPartText(loser.page, 'notice'), /just been booked/);
      const fresh = await loser.page.locator('booking-card [part~="slot"]').evaluateAll((buttons) =>
        buttons.map((s) => ({
          start: s.getAttribute('data-start'),
          agentId: s.getAttribute('data-agent-id'),
        })),
      );
      assert.ok(fresh.length > 0, 'fresh slots');
      assert.ok(
        !fresh.some((s) => s.start === slot.start && s.agentId === slot.agentId),
        'the taken slot is no longer offered',
      );
      assert.deepEqual(await loser.page.evaluate(() => window.__booked), []);
      const [won] = await winner.page.evaluate(() => window.__booked);
      assert.ok(won);
      assert.equal(won.booking.start, slot.start);
      assert.equal(won.booking.agent.id, slot.agentId);

      // The hub holds exactly that one booking: the agent's console lists it alone.
      const agent = await group.agent(slot.agentId);
      await bookingRow(agent.page, won.booking.bookingId).waitFor(WAIT);
      assert.equal(
        await agent.page.locator('agent-console [part~="bookings"] li[data-booking-id]').count(),
        1,
      );
      noPageErrors(a!, b!, agent);
    } catch (error) {
      group.fail(error);
    }
  });
});
