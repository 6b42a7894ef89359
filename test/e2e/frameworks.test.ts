/**
 * Tandem in a React 19 app and a Vue 3 app (test/interop/react, test/interop/vue), each built by
 * Vite from the packed tarball as a shop would build it, served from an origin of its own and
 * driven in Chromium against a real hub: attributes, object and function properties, events and
 * methods, through the framework's own bindings (tandem/react's components, React 19's and Vue's
 * plain tags).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { startTestHub, type TestHub } from '../support/start-hub.js';
import { consumerProject, tool, type ConsumerProject } from '../support/packed.js';
import { launchChromium, WAIT, type PageServer } from './pages.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Serves a built app's files on 127.0.0.1 (a random port). */
async function serveDirectory(dir: string): Promise<PageServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const file = join(dir, normalize(path === '/' ? '/index.html' : path));
    if (!file.startsWith(dir)) return void res.writeHead(404).end();
    readFile(file).then(
      (body) =>
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => new URL(path, origin).href,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the apps keep on `window` for the test. */
interface AppWindow {
  __heard: Array<[string, unknown]>;
  __data: unknown;
  __decide: unknown;
}

let hub: TestHub;
let browser: Browser;

before(async () => {
  [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

for (const framework of ['react', 'vue'] as const) {
  describe(`in a ${framework === 'react' ? 'React 19' : 'Vue 3'} app built with Vite`, () => {
    let project: ConsumerProject;
    let site: PageServer;

    before(async () => {
      project = await consumerProject(framework);
      const build = await tool(
        'node_modules/vite/bin/vite.js',
        ['build', '--logLevel', 'error'],
        project.dir,
      );
      assert.equal(build.code, 0, build.output);
      site = await serveDirectory(join(project.dir, 'dist'));
    });
    after(async () => {
      await site?.close();
      await project?.remove();
    });

    test('attributes, object and function properties, events and methods reach the elements', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      try {
        await page.goto(site.url(`/?hub=${encodeURIComponent(hub.url)}`));
        // Connected: the card shows the queue's state.
        await page.waitForFunction(
          () => {
            const state = document
              .querySelector('#calls')
              ?.shadowRoot?.querySelector<HTMLElement>('[part~="base"]')?.dataset.state;
            return state === 'open' || state === 'closed';
          },
          undefined,
          WAIT,
        );

        const seen = await page.evaluate(() => {
          type Calls = HTMLElementTagNameMap['calls-widget'];
          const calls = document.querySelector('#calls') as Calls;
          const plain = document.querySelector('#plain') as Calls;
          const chat = document.querySelector('#chat') as HTMLElementTagNameMap['chat-widget'];
          return {
            dropInEnabled: calls.dropInEnabled,
            triggers: calls.triggers,
            sameData: calls.data === (window as unknown as AppWindow).__data,
            sameDecider:
              calls.onBeforeRender === (window as unknown as AppWindow).__decide &&
              calls.beforeRender === (window as unknown as AppWindow).__decide,
            plainDropInEnabled: plain.dropInEnabled,
            plainTriggers: plain.triggers,
            plainNoCard: plain.noCard,
            languages: chat.languages,
            embedded: chat.embedded,
          };
        });
        assert.deepEqual(seen, {
          dropInEnabled: false,
          triggers: ['queue-link'],
          sameData: true,
          sameDecider: true,
          plainDropInEnabled: false,
          plainTriggers: ['always', 'smart'],
          plainNoCard: true,
          languages: ['sv-SE', 'en-US'],
          embedded: true,
        });

        // Events, through the framework's listeners.
        await page.waitForFunction(
          () => {
            const names = (window as unknown as AppWindow).__heard.map(([name]) => name);
            return (
              names.includes('agents-online') &&
              names.includes('chat-loaded') &&
              (names.includes('queue-is-open') || names.includes('queue-is-closed'))
            );
          },
          undefined,
          WAIT,
        );
        const log = await page.evaluate(() => (window as unknown as AppWindow).__heard);
        const agentsOnline = log.find(([name]) => name === 'agents-online')![1] as {
          numberOfAgentsOnline: number;
        };
        assert.equal(typeof agentsOnline.numberOfAgentsOnline, 'number');

        // Methods.
        const methods = await page.evaluate(async () => {
          const calls = document.querySelector('#calls') as HTMLElementTagNameMap['calls-widget'];
          const chat = document.querySelector('#chat') as HTMLElementTagNameMap['chat-widget'];
          chat.setLanguage('l2');
          const { isOpen } = await calls.areQueuesOpen();
          const shown = calls.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!.dataset.state;
          return { isOpen, shown, locale: chat.locale };
        });
        assert.equal(methods.shown, methods.isOpen ? 'open' : 'closed');
        assert.equal(methods.locale, 'en-US');
        assert.ok(
          log.some(([name]) => name === (methods.isOpen ? 'queue-is-open' : 'queue-is-closed')),
          'the queue event agrees with areQueuesOpen()',
        );
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  });
}
