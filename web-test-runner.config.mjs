// @web/test-runner: element and controller tests in real Chromium, against a real hub.
//
// `npm run test:elements` runs `web-test-runner`. Before the first test file loads, a hub is started with
// `startTestHub()` (test/support/start-hub.ts, loaded through tsx). The browser reaches it through a
// small TCP relay on a port of its own, whose URL the tests read as `window.__TANDEM_HUB_URL__`
// (`hubUrl()` in test/support/hub-url.ts). The server commands `hub-stop` and `hub-start` let a test
// take the hub away and bring it back on the same URL:
//   hub-stop   closes the relay's port and cuts every open connection: the hub is unreachable
//              (startTestHub's own stop() would delete the hub's data and forbid a restart);
//   hub-start  restarts the hub process (same port, same data) and opens the relay's port again.
// Everything stops when the runner stops.
import { connect, createServer } from 'node:net';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { tsImport } from 'tsx/esm/api';
import { chromiumArgs, findChromium } from './scripts/chromium-path.mjs';

const executablePath = findChromium();
if (!executablePath) {
  throw new Error('No Chromium found: run `node scripts/ensure-chromium.mjs` or set CHROME_PATH.');
}

/** @typedef {{url: string; port: number; dataDir: string; stop(): Promise<void>; restart(): Promise<void>}} TestHub */

/**
 * A TCP relay from a port of its own to the hub, which can be closed (port refused, connections cut)
 * and opened again on the same port.
 * @param {number} targetPort
 */
function relay(targetPort) {
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  let port = 0;
  /** @type {import('node:net').Server | undefined} */
  let server;

  function pipe(/** @type {import('node:net').Socket} */ client) {
    const upstream = connect({ port: targetPort, host: 'localhost' });
    const close = () => {
      for (const s of [client, upstream]) {
        s.destroy();
        sockets.delete(s);
      }
    };
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', close);
      s.on('close', close);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }

  return {
    get port() {
      return port;
    },
    async open() {
      if (server) return;
      const next = createServer(pipe);
      // No host: the IPv6 wildcard, which takes IPv4 too, so `localhost` works whichever it resolves to.
      await new Promise((resolve, reject) => {
        next.once('error', reject);
        next.listen({ port }, () => resolve(undefined));
      });
      server = next;
      port = /** @type {import('node:net').AddressInfo} */ (next.address()).port;
    },
    async close() {
      const current = server;
      server = undefined;
      if (!current) return;
      const closed = new Promise((resolve) => current.close(() => resolve(undefined)));
      for (const s of sockets) s.destroy();
      sockets.clear();
      await closed;
    },
  };
}

/** Starts a real hub with the runner's server and exposes `hub-stop` / `hub-start` to the tests. */
function tandemHubPlugin() {
  /** @type {TestHub | undefined} */
  let hub;
  /** @type {ReturnType<typeof relay> | undefined} */
  let front;

  return {
    name: 'tandem-hub',

    async serverStart() {
      /** @type {{startTestHub(opts?: {presenceGraceMs?: number; limits?: string}): Promise<TestHub>}} */
      const { startTestHub } = await tsImport('./test/support/start-hub.ts', import.meta.url);
      // Every test page comes from one address and one hub serves the whole run, so the per-address
      // limits are raised; the console's burst test sends 1,000 messages as one visitor. The limits
      // themselves are tested in test/security/limits.test.ts.
      hub = await startTestHub({
        limits: [
          'newVisitorsPerIp=100000',
          'ticketsPerIp=100000',
          'conversationsPerIp=100000',
          'bookingsPerIp=100000',
          'messagesPerVisitor=5000',
          'messagesPerConversation=5000',
        ].join(','),
      });
      front = relay(hub.port);
      await front.open();
    },

    async serverStop() {
      await front?.close();
      await hub?.stop();
    },

    /** @param {{command: string}} args */
    async executeCommand({ command }) {
      if (command !== 'hub-stop' && command !== 'hub-start') return undefined;
      if (!hub || !front) throw new Error('The test hub was never started.');
      if (command === 'hub-stop') {
        await front.close();
      } else {
        await hub.restart();
        await front.open();
      }
      return true;
    },

    /** The URL the browser uses: the relay's. */
    hubUrl() {
      if (!front) throw new Error('The test hub is not started yet.');
      return `http://localhost:${front.port}`;
    },
  };
}

const hubPlugin = tandemHubPlugin();

/** A Chromium whose camera and microphone answer as `args` say, for the media-state test groups. */
function chromium(args) {
  return chromeLauncher({ launchOptions: { executablePath, headless: true, args } });
}

const fakeMedia = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
const withoutFakeMedia = chromiumArgs.filter((a) => !fakeMedia.includes(a));

export default {
  files: ['test/elements/**/*.test.ts', 'test/controllers/**/*.test.ts', '!test/elements/media/**'],
  // Real browser answers for the camera and microphone states, not stubs: a visitor who refuses
  // them, and a device with neither. `npm run test:elements` runs the groups one after another: they
  // share the demo queue, and a visitor waiting in one group would change the place another expects.
  groups: [
    {
      name: 'media-denied',
      files: 'test/elements/media/denied.test.ts',
      browsers: [chromium([...withoutFakeMedia, '--use-fake-device-for-media-stream', '--deny-permission-prompts'])],
    },
    {
      name: 'no-devices',
      files: 'test/elements/media/no-devices.test.ts',
      browsers: [chromium([...withoutFakeMedia, '--use-fake-ui-for-media-stream'])],
    },
  ],
  nodeResolve: true,
  // Two cores, and tests may stop the one shared hub: one test file at a time.
  concurrency: 1,
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 10_000 } },
  // Progress bars redraw in place; CI logs (no terminal) read better as plain lines.
  staticLogging: Boolean(process.env.CI) || !process.stdout.isTTY,
  browsers: [chromium(chromiumArgs)],
  plugins: [
    // tsconfig.json turns on experimentalDecorators and useDefineForClassFields: false, as Lit wants.
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json' }),
    hubPlugin,
  ],
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <head><meta charset="utf-8" /></head>
  <body>
    <script>window.__TANDEM_HUB_URL__ = ${JSON.stringify(hubPlugin.hubUrl())};</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
};
