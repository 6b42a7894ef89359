// npm run tour: a screenshot tour of the demo, for review.
//
// Starts the hub with the demo (a fresh data directory, a free port), drives Debian's Chromium with
// playwright-core through the visitor's and the agent's main states at a desktop (1280×800) and a
// phone (390×844) size, plus the stories at /stories/ (desktop), and writes into tour/ (git-ignored):
//   <size>-<step>.png   one screenshot per state
//   axe.json            every axe-core violation per state (axe-core from node_modules, injected)
//   README.md           the list of screenshots and a summary of the violations
// It exits non-zero when a violation of serious or critical impact lies inside one of Tandem's
// elements (the demo page's own markup is reported, not judged). Needs a built dist/ (`npm run build`).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, findChromium } from './chromium-path.mjs';

const OUT = resolve('tour');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TANDEM = /^(calls-widget|chat-widget|overlay-widget|booking-card|agent-console)\b/;
const SIZES = {
  desktop: { width: 1280, height: 800 },
  tablet: { width: 820, height: 1180 },
  phone: { width: 390, height: 844 },
} as const;
const WAIT = { timeout: 15_000 };

interface AxeNode {
  target: (string | string[])[];
  html: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}
interface Finding {
  shot: string;
  id: string;
  impact: string | null;
  help: string;
  inTandem: boolean;
  targets: string[];
}

const findings: Finding[] = [];
/** Cumulative layout shift per page load (shifts right after input excluded, as Lighthouse does). */
const shifts: { page: string; cls: number }[] = [];

async function layoutShift(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  const cls = await page.evaluate(() => (window as unknown as { __cls?: number }).__cls ?? 0);
  shifts.push({ page: name, cls: Math.round(cls * 1000) / 1000 });
}
const shots: string[] = [];

function startHub(): Promise<{ url: string; process: ChildProcess; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-tour-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', TANDEM_DATA: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveUrl, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the hub did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl({ url: match[1]!.replace('localhost', '127.0.0.1'), process: child, dataDir });
      }
    });
    child.on('exit', (code) => reject(new Error(`the hub exited (${code}):\n${output}`)));
  });
}

/** Screenshot and axe audit of the page as it is now. */
async function capture(page: Page, name: string): Promise<void> {
  // Let entrance animations and live counters settle.
  await page.waitForTimeout(400);
  const file = `${name}.png`;
  await page.screenshot({ path: join(OUT, file) });
  shots.push(file);
  await page.addScriptTag({ path: AXE });
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> };
      }
    ).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  for (const v of violations) {
    const targets = v.nodes.map((n) =>
      n.target.map((t) => (Array.isArray(t) ? t.join(' ') : t)).join(' >>> '),
    );
    const inTandem = v.nodes.some((n) => {
      const first = n.target[0];
      return TANDEM.test(Array.isArray(first) ? (first[0] ?? '') : (first ?? '')) && n.target.length > 1;
    });
    findings.push({ shot: file, id: v.id, impact: v.impact, help: v.help, inTandem, targets });
  }
}

/** In a shadow root: Playwright's CSS locators pierce open shadow roots. */
async function visitorTour(
  context: BrowserContext,
  hub: string,
  size: string,
  agentPage: Page,
): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${hub}/`);
  await page.locator('calls-widget [part~="base"][data-state="open"]').first().waitFor(WAIT);
  await layoutShift(page, `${size} /`);
  await capture(page, `${size}-01-shop`);

  await page.locator('booking-card .service').first().click(WAIT);
  await page.locator('booking-card [part~="slot"]').first().waitFor(WAIT);
  await page.locator('booking-card [part~="days"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await capture(page, `${size}-16-booking-times`);
  await page.locator('booking-card .row button').first().click(WAIT);
  await page.evaluate(() => scrollTo(0, 0));

  await page.evaluate(() => document.querySelector('overlay-widget')?.showOverlayWidget());
  await page.locator('overlay-widget [part~="base"][data-state="shown"]').waitFor(WAIT);
  await capture(page, `${size}-02-overlay-and-launcher`);

  await page.evaluate(() => document.querySelector('chat-widget')?.open());
  await page.locator('chat-widget [part~="window"]').waitFor(WAIT);
  await capture(page, `${size}-03-chat-open`);
  await page.evaluate(() => document.querySelector('chat-widget')?.close());

  await page.locator('calls-widget [part~="open-button"]').first().click(WAIT);
  await page.locator('calls-widget [part~="start-button"]').first().waitFor(WAIT);
  await capture(page, `${size}-04-call-start-screen`);

  await page.locator('calls-widget [part~="start-button"]').first().click(WAIT);
  await page.locator('calls-widget [part~="queue-status"]').first().waitFor(WAIT);
  await capture(page, `${size}-05-waiting`);
  await agentPage.locator('agent-console li.ticket[data-ticket-id]').first().waitFor(WAIT);
  await capture(agentPage, `${size}-12-agent-call-waiting`);

  // The agent takes the call.
  await agentPage.locator('agent-console li.ticket[data-ticket-id] button').first().click(WAIT);
  await page.locator('calls-widget [part~="dialog"][data-phase="in-call"]').first().waitFor(WAIT);
  await agentPage.locator('agent-console [part~="base"][data-state="in-call"]').waitFor(WAIT);
  await capture(page, `${size}-06-in-call`);
  await capture(agentPage, `${size}-11-agent-in-call`);

  // Minimised: the player floats beside the chat launcher and the overlay, never under them.
  await page.locator('calls-widget .dialog-header button').first().click(WAIT);
  await page.locator('calls-widget [part~="minimized"]').first().waitFor(WAIT);
  await page.evaluate(() => document.querySelector('overlay-widget')?.showOverlayWidget());
  await capture(page, `${size}-07-minimised-player`);

  await agentPage.locator('agent-console [part~="end-call"]').click(WAIT);
  await agentPage.locator('agent-console [part~="base"][data-state="signed-in"]').waitFor(WAIT);

  // A chat: waiting in the agent's list (with its live counter), then open in the work pane.
  await page.evaluate(() =>
    document.querySelector('chat-widget')?.sendClientMessage('Hi! Is the overshirt\nin stock in M?'),
  );
  await agentPage.locator('agent-console [data-group="waiting"] button.conversation').first().click(WAIT);
  await capture(agentPage, `${size}-13-agent-chat-waiting`);
  await agentPage.locator('agent-console [part~="accept-chat"]').click(WAIT);
  await agentPage.locator('agent-console [part~="reply"]').fill('Yes, in M and L.', WAIT);
  await agentPage.locator('agent-console [part~="reply"]').press('Enter');
  await agentPage.locator('agent-console [part~="transcript"] .line[data-from="agent"]').waitFor(WAIT);
  await capture(agentPage, `${size}-14-agent-chat`);
  await page.evaluate(() => document.querySelector('chat-widget')?.open());
  await page.locator('chat-widget [part~="message"][data-from="agent"]').waitFor(WAIT);
  await capture(page, `${size}-15-visitor-chat`);
  await agentPage.locator('agent-console [part~="end-chat"]').click(WAIT);
  await page.close();
}

async function agentTour(context: BrowserContext, hub: string, size: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${hub}/agent.html`);
  await page.locator('agent-console input[name="agentId"]').waitFor(WAIT);
  await layoutShift(page, `${size} /agent.html`);
  await capture(page, `${size}-08-agent-sign-in`);
  await page.locator('agent-console input[name="agentId"]').fill('anna');
  await page.locator('agent-console input[name="password"]').fill('demo');
  await page.locator('agent-console button[type="submit"]').click();
  await page.locator('agent-console [part~="base"][data-state="signed-in"]').waitFor(WAIT);
  await capture(page, `${size}-09-agent-workspace`);
  await page.keyboard.press('?');
  await page.locator('agent-console [part~="help"]').waitFor(WAIT);
  await capture(page, `${size}-10-agent-shortcuts`);
  await page.keyboard.press('Escape');
  return page;
}

/** The stories (Storybook's static build, served by the hub): the manager with one story open. */
async function storiesTour(context: BrowserContext, hub: string, size: string): Promise<void> {
  if (!existsSync(resolve('storybook-static', 'index.html'))) {
    console.log('tour: no stories shot (run `npm run build:stories` first)');
    return;
  }
  const page = await context.newPage();
  await page.goto(`${hub}/stories/?path=/story/elements-calls-widget--closed`);
  await page
    .frameLocator('#storybook-preview-iframe')
    .locator('calls-widget [part~="base"][data-state="closed"]')
    .waitFor(WAIT);
  await capture(page, `${size}-17-stories`);
  await page.close();
}

async function main(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error("No Chromium found: install Debian's chromium or set CHROME_PATH.");
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const hub = await startHub();
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
    for (const [size, viewport] of Object.entries(SIZES)) {
      const context = await browser.newContext({ viewport, permissions: ['camera', 'microphone'] });
      await context.addInitScript(() => {
        const w = window as unknown as { __cls: number };
        w.__cls = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
            if (!entry.hadRecentInput) w.__cls += entry.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      const agentPage = await agentTour(context, hub.url, size);
      await visitorTour(context, hub.url, size, agentPage);
      await agentPage
        .locator('agent-console')
        .evaluate((el) => (el as unknown as { signOut(): Promise<void> }).signOut());
      if (size === 'desktop') await storiesTour(context, hub.url, size);
      await context.close();
    }
  } finally {
    await browser?.close();
    hub.process.kill('SIGTERM');
    rmSync(hub.dataDir, { recursive: true, force: true });
  }
  const failing = findings.filter((f) => f.inTandem && (f.impact === 'serious' || f.impact === 'critical'));
  writeFileSync(join(OUT, 'axe.json'), JSON.stringify(findings, null, 2));
  const lines = [
    '# Tandem screenshot tour',
    '',
    ...shots.map((s) => `- ![${s}](${s}) \`${s}\``),
    '',
    '## Layout shift on load',
    '',
    ...shifts.map((s) => `- ${s.page}: CLS ${s.cls}`),
    '',
    '## axe-core violations',
    '',
    '| shot | rule | impact | in Tandem | targets |',
    '| --- | --- | --- | --- | --- |',
    ...findings.map(
      (f) =>
        `| ${f.shot} | ${f.id} | ${f.impact} | ${f.inTandem ? 'yes' : 'no'} | ${f.targets.slice(0, 3).join('<br>')} |`,
    ),
  ];
  writeFileSync(join(OUT, 'README.md'), lines.join('\n') + '\n');
  console.log(`tour: ${shots.length} screenshots and axe.json in ${OUT}`);
  console.log(`tour: layout shift on load: ${shifts.map((s) => `${s.page} ${s.cls}`).join(', ')}`);
  console.log(
    `tour: ${findings.length} axe violations, ${failing.length} serious or critical inside Tandem's elements`,
  );
  for (const f of failing)
    console.log(`  ${f.shot}: ${f.id} (${f.impact}) ${f.help}\n    ${f.targets.join('\n    ')}`);
  if (failing.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
