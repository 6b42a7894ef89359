/**
 * The Storybook static build, served by a real hub at /stories/, in real Chromium: the manager lists
 * the stories, and every story reaches its own state (not "Connecting…" forever) against that hub.
 * Needs `npm run build:stories` (part of `npm run build`); skips without the build.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';

import { startTestHub, type TestHub } from '../support/start-hub.js';
import { WAIT, launchChromium } from './pages.js';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILT = existsSync(join(REPO_ROOT, 'storybook-static', 'index.html'));

/** Each story and what it must show: a selector inside the story's element (Playwright pierces shadow roots). */
const EXPECTED: Record<string, string> = {
  'elements-calls-widget--connecting': 'calls-widget [part~="base"][data-state="connecting"]',
  'elements-calls-widget--open-with-agents': 'calls-widget [part~="agents"] img',
  'elements-calls-widget--closed': 'calls-widget [part~="base"][data-state="closed"]',
  'elements-calls-widget--unavailable': 'calls-widget [part~="base"][data-state="unavailable"]',
  'elements-calls-widget--offline': 'calls-widget [part~="base"][data-state="unavailable"]',
  'elements-calls-widget--swedish-dark': 'calls-widget[theme-id="dark"] [part~="base"][data-state="open"]',
  'elements-calls-widget--start-screen': 'calls-widget [part~="start-button"]',
  'elements-calls-widget--waiting': 'calls-widget [part~="queue-status"]',
  'elements-calls-widget--in-call': 'calls-widget [part~="dialog"][data-phase="in-call"]',
  'elements-calls-widget--ended': 'calls-widget [part~="dialog"][data-phase="ended"]',
  'elements-chat-widget--launcher': 'chat-widget [part~="launcher"]',
  'elements-chat-widget--open': 'chat-widget [part~="base"][data-window="open"] [part~="window"]',
  'elements-chat-widget--offline-form': 'chat-widget [part~="offline-form"]',
  'elements-chat-widget--conversation': 'chat-widget [part~="message"][data-from="agent"]',
  'elements-chat-widget--two-languages':
    'chat-widget[languages="sv-SE en-US"] [part~="base"][data-status="online"]',
  'elements-chat-widget--offline': 'chat-widget [part~="base"][data-status="offline"]',
  'elements-overlay-widget--video': 'overlay-widget [part~="base"][data-state="shown"][data-variant="Video"]',
  'elements-overlay-widget--side-dock':
    'overlay-widget [part~="base"][data-state="shown"][data-variant="Side dock"]',
  'elements-overlay-widget--avatar':
    'overlay-widget [part~="base"][data-state="shown"][data-variant="Avatar"]',
  'elements-booking-card--services': 'booking-card [part~="base"][data-state="services"] .service',
  'elements-booking-card--slots': 'booking-card [part~="slot"]',
  'elements-booking-card--form': 'booking-card [part~="form"]',
  'elements-booking-card--confirmation': 'booking-card [part~="confirmation"]',
  'elements-booking-card--cancelled':
    'booking-card [part~="base"][data-state="meeting"] [part~="confirmation"][data-status="cancelled"]',
  'elements-booking-card--offline': 'booking-card [part~="base"][data-state="unavailable"]',
  'elements-agent-console--sign-in': 'agent-console input[name="agentId"]',
  'elements-agent-console--workspace': 'agent-console [part~="base"][data-state="signed-in"]',
  'elements-agent-console--offline': 'agent-console [part~="sign-in-form"] button[type="submit"]:disabled',
};

describe('Storybook served by the hub', { skip: BUILT ? false : 'run `npm run build:stories` first' }, () => {
  let hub: TestHub;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    hub = await startTestHub({ presenceGraceMs: 100, visitorGraceMs: 500 });
    browser = await launchChromium();
    context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await hub?.stop();
  });

  it('opens at /stories/ with every element in the sidebar', async () => {
    const page = await context.newPage();
    await page.goto(`${hub.url}/stories/?path=/story/elements-calls-widget--closed`);
    for (const tag of ['calls-widget', 'chat-widget', 'overlay-widget', 'booking-card', 'agent-console']) {
      await page.locator(`#elements-${tag}`).waitFor(WAIT);
    }
    // The first story renders in the preview frame, connected to this hub.
    await page
      .frameLocator('#storybook-preview-iframe')
      .locator('calls-widget [part~="base"][data-state="closed"]')
      .waitFor(WAIT);
    await page.close();
  });

  it('starts each story clean when moving between them in the sidebar', async () => {
    const page = await context.newPage();
    await page.goto(`${hub.url}/stories/?path=/story/elements-calls-widget--waiting`);
    const preview = page.frameLocator('#storybook-preview-iframe');
    await preview.locator(EXPECTED['elements-calls-widget--waiting']!).waitFor(WAIT);
    // The waiting visitor left the queue with its story: the demo agent takes the next story's call.
    for (const id of [
      'elements-calls-widget--in-call',
      'elements-calls-widget--closed',
      'elements-chat-widget--conversation',
      'elements-overlay-widget--avatar',
      'elements-agent-console--workspace',
      'elements-calls-widget--ended',
    ]) {
      const link = page.locator(`#${id}`);
      // Another element's stories are folded in the sidebar until its name is clicked.
      if (!(await link.isVisible())) await page.locator(`#${id.split('--')[0]}`).click();
      await link.click();
      await preview.locator(EXPECTED[id]!).first().waitFor(WAIT);
    }
    await page.close();
  });

  it('shows the demo agent’s picture in the "In call" story, over WebRTC through this hub', async () => {
    const page = await context.newPage();
    await page.goto(`${hub.url}/stories/iframe.html?id=elements-calls-widget--in-call&viewMode=story`);
    await page.locator(EXPECTED['elements-calls-widget--in-call']!).first().waitFor(WAIT);
    await page.waitForFunction(
      () => {
        const widget = document.querySelector('calls-widget');
        const video = widget?.shadowRoot?.querySelector<HTMLVideoElement>('video[data-stream="remote"]');
        return (video?.videoWidth ?? 0) > 0;
      },
      null,
      WAIT,
    );
    await page.close();
  });

  it('lists a story for each expected state', async () => {
    const res = await fetch(`${hub.url}/stories/index.json`);
    const ids = Object.keys(((await res.json()) as { entries: object }).entries);
    for (const id of Object.keys(EXPECTED)) assert.ok(ids.includes(id), `story ${id}`);
  });

  for (const [id, selector] of Object.entries(EXPECTED)) {
    it(`renders ${id}`, async () => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${hub.url}/stories/iframe.html?id=${id}&viewMode=story`);
      await page.locator(selector).first().waitFor(WAIT);
      // A play function that failed shows Storybook's error panel instead of the story.
      assert.equal(
        await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay')),
        false,
      );
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
