/**
 * Starts a hub from the environment:
 *
 *   PORT                       port to listen on (default 8080; 0 picks a free one)
 *   HOST                       interface to bind (default: all, IPv6 and IPv4)
 *   TANDEM_DATA                data directory (default ./.data)
 *   TANDEM_PRESENCE_GRACE_MS   how long an agent stays present after its last connection (default 5000)
 *   TANDEM_PUBLIC_URL          public base URL when behind a proxy
 *   TANDEM_LOG                 debug | info | warn | error | silent
 *
 * Prints `Tandem hub listening on http://localhost:<port>` once ready (tools wait for that line).
 */
import { resolve } from 'node:path';

import { startHub } from './hub.js';
import type { HubOptions } from './hub.js';
import { log } from './log.js';

function integer(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${name} must be a whole number from 0 to ${max}, not "${raw}".`);
  }
  return value;
}

async function main(): Promise<void> {
  const options: HubOptions = {
    port: integer('PORT', 8080, 65535),
    dataDir: resolve(process.env['TANDEM_DATA'] || '.data'),
    presenceGraceMs: integer('TANDEM_PRESENCE_GRACE_MS', 5000, 24 * 60 * 60 * 1000),
  };
  if (process.env['HOST']) options.host = process.env['HOST'];
  if (process.env['TANDEM_PUBLIC_URL']) options.publicUrl = process.env['TANDEM_PUBLIC_URL'];

  const hub = await startHub(options);
  process.stdout.write(
    [
      `Tandem hub listening on ${hub.url}`,
      `Demo shop:     ${hub.url}/`,
      `Agent console: ${hub.url}/agent.html  (sign in as anna, bjorn or chen, password demo)`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C means now.
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal}: closing`);
    hub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('closing failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Every request path handles its own errors; a stray rejection is a bug to log, not a reason to
// drop every visitor's connection.
process.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason));

main().catch((error: unknown) => {
  log.error('the hub could not start', error);
  process.exit(1);
});
