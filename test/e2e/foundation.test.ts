/**
 * End to end: the CDN script from a real hub on a plain page of another origin, an agent signing in
 * through the agent console, and visitors' widgets following live. Real Chromium, real hub.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { startTestHub } from '../support/start-hub.js';
import { callsWidgetPage, launchChromium, servePages, type PageServer } from './pages.js';

/** Generous: a cold CI machine with two cores. Waits end as soon as their condition holds. */
const WAIT = { timeout: 30_000 };

type TestHub = Awaited<ReturnType<typeof startTestHub>>;

let hub: TestHub | undefined;
let pages: PageServer | undefined;
let browser: Browser | undefined;

before(async () => {
  hub = await startTestHub();
  pages = await servePages({
    '/widget.html': callsWidgetPage(hub.url, 'demo'),
    '/no-such-org.html': callsWidgetPage(hub.url, 'no-such-org'),
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await pages?.close();
  await hub?.stop();
});

/** A fresh context per page: no shared storage between the visitor and the agent. */
async function open(url: string): Promise<{ context: BrowserContext; page: Page; log: string[] }> {
  const context = await browser!.newContext();
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (m: ConsoleMessage) => log.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
  await page.goto(url);
  return { context, page, log };
}

/** The text of the calls-widget's `agents-online` part, or null before it renders. */
function agentsOnlineText(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      document.querySelector('calls-widget')?.shadowRoot?.querySelector('[part~="agents-online"]')
        ?.textContent ?? null,
  );
}

async function waitForCount(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const events = window.__events;
      return events.length > 0 && events[events.length - 1]!.numberOfAgentsOnline === n;
    },
    count,
    WAIT,
  );
  await page.waitForFunction(
    (n) => {
      const text =
        document.querySelector('calls-widget')?.shadowRoot?.querySelector('[part~="agents-online"]')
          ?.textContent ?? '';
      return new RegExp(`(^|\\D)${n}(\\D|$)`).test(text);
    },
    count,
    WAIT,
  );
}

describe('calls-widget on a plain page, agent-console on the hub', () => {
  it('shows agents coming online and going offline, live', async () => {
    const visitor = await open(pages!.url('/widget.html'));
    const agent = await open(new URL('/agent.html', hub!.url).href);
    try {
      // Nobody is online in a fresh hub.
      await visitor.page.waitForFunction(() => window.__events.length > 0, null, WAIT);
      const first = await visitor.page.evaluate(() => window.__events[0]!);
      assert.equal(first.numberOfAgentsOnline, 0, `first agents-online: ${JSON.stringify(first)}`);
      await waitForCount(visitor.page, 0);

      // Anna signs in through the console's form (CSS locators pierce open shadow roots).
      const console_ = agent.page.locator('agent-console');
      await console_.locator('input[name="agentId"]').fill('anna', WAIT);
      await console_.locator('input[name="password"]').fill('demo', WAIT);
      await console_.locator('button[type="submit"]').click(WAIT);

      await waitForCount(visitor.page, 1);
      const online = await visitor.page.evaluate(() => window.__events[window.__events.length - 1]!);
      assert.equal(online.numberOfAgentsOnline, 1);
      assert.equal(typeof online.queueId, 'string');
      assert.match((await agentsOnlineText(visitor.page)) ?? '', /(^|\D)1(\D|$)/);

      // She goes offline through the status control.
      await console_.locator('select[name="status"]').selectOption('offline', WAIT);
      await waitForCount(visitor.page, 0);
      assert.match((await agentsOnlineText(visitor.page)) ?? '', /(^|\D)0(\D|$)/);

      const counts = await visitor.page.evaluate(() => window.__events.map((e) => e.numberOfAgentsOnline));
      assert.deepEqual(counts.slice(-3), [0, 1, 0], `agents-online counts: ${counts.join(', ')}`);
      for (const entry of [...visitor.log, ...agent.log]) assert.doesNotMatch(entry, /^\[pageerror\]/);
    } catch (error) {
      console.error(
        `visitor page log:\n  ${visitor.log.join('\n  ')}\nagent page log:\n  ${agent.log.join('\n  ')}`,
      );
      throw error;
    } finally {
      await visitor.context.close();
      await agent.context.close();
    }
  });

  it('shows an unavailable state for an unknown org, with one warning and no exception', async () => {
    const visitor = await open(pages!.url('/no-such-org.html'));
    try {
      await visitor.page.waitForFunction(
        () =>
          document
            .querySelector('calls-widget')
            ?.shadowRoot?.querySelector('[part~="base"]')
            ?.getAttribute('data-state') === 'unavailable',
        null,
        WAIT,
      );
      await visitor.page.waitForFunction(() => window.__errors.length > 0, null, WAIT);
      const errors = await visitor.page.evaluate(() => window.__errors);
      assert.equal(errors[0]!.code, 'org-not-found', `error details: ${JSON.stringify(errors)}`);

      // Let anything that would come late (a retry, a second warning) arrive before counting.
      await visitor.page.waitForTimeout(2_000);
      const warnings = visitor.log.filter((entry) => entry.startsWith('[warning]'));
      assert.equal(warnings.length, 1, `console warnings:\n  ${warnings.join('\n  ')}`);
      const pageErrors = visitor.log.filter((entry) => entry.startsWith('[pageerror]'));
      assert.deepEqual(pageErrors, []);
      assert.ok(
        errors.every((e) => e.code === 'org-not-found'),
        `error details: ${JSON.stringify(errors)}`,
      );
    } catch (error) {
      console.error(`page log:\n  ${visitor.log.join('\n  ')}`);
      throw error;
    } finally {
      await visitor.context.close();
    }
  });
});
