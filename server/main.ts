/**
 * Starts a hub from the environment:
 *
 *   PORT                       port to listen on (default 8080; 0 picks a free one)
 *   HOST                       interface to bind (default: all, IPv6 and IPv4)
 *   TANDEM_DATA                data directory (default ./.data)
 *   TANDEM_PRESENCE_GRACE_MS   how long an agent stays present after its last connection (default 5000)
 *   TANDEM_PUBLIC_URL          public base URL when behind a proxy
 *   TANDEM_DEMO                0: no demo org or demo agents in an empty store (default on, off with NODE_ENV=production)
 *   TANDEM_CONSOLE_FRAME_ANCESTORS  who may frame /agent.html (CSP frame-ancestors; default 'self')
 *   TANDEM_TRUST_PROXY         1: take clients' addresses from X-Forwarded-For (only behind a proxy that sets it)
 *   TANDEM_LOG                 debug | info | warn | error | silent
 *   TANDEM_LOG_FORMAT          text (default) | json: one JSON object per line
 *
 * Several processes (both or neither; one without the other refuses to start):
 *
 *   TANDEM_DATABASE_URL        postgres://user:password@host:5432/db, the shared record
 *   TANDEM_REDIS_URL           redis://host:6379, presence, fan-out, timers, replies
 *   TANDEM_REDIS_PREFIX        prefix of every Redis key and channel (default tandem:)
 *   TANDEM_PROCESS_TTL_MS      how long a process that stopped answering still counts (default 10000)
 *
 * Calls:
 *
 *   TANDEM_CALL_GRACE_MS       how long a party of a call may be without a connection (a reload, a
 *                              network blip) before the call ends (default 4000)
 *   TANDEM_VISITOR_GRACE_MS    how long a waiting visitor may be without a connection before it
 *                              leaves the queue (default 30000)
 *   TANDEM_STUN_URLS           comma-separated STUN URLs handed to the browsers, e.g.
 *                              stun:stun.example.com:3478
 *   TANDEM_TURN_URLS           comma-separated TURN URLs, e.g.
 *                              turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349
 *   TANDEM_TURN_SECRET         the TURN server's shared secret (coturn `static-auth-secret`); browsers
 *                              get time-limited TURN REST credentials made from it, never the secret
 *   TANDEM_TURN_TTL_SECONDS    how long those credentials stay valid (default 3600)
 *
 * Visitors and conversations:
 *
 *   TANDEM_SECRET                      the deployment's secret visitor tokens are signed with (at least 32
 *                                      characters, the same in every process; default: made once, kept in the store)
 *   TANDEM_VISITOR_IDLE_DAYS           a visitor token expires this long after the visitor's last activity (default 30)
 *   TANDEM_CONVERSATION_IDLE_HOURS     a waiting or active conversation with no message this long is ended (default 24)
 *
 * Limits (server/services/limits/limit-config.ts; README "Limits"):
 *
 *   TANDEM_LIMITS              name=points[/seconds],… to change rate limits, or off
 *   TANDEM_SIGNIN_LOCKOUT_SECONDS      first sign-in lockout (default 60, at most 120)
 *   TANDEM_SIGNIN_LOCKOUT_MAX_SECONDS  longest lockout while failures go on (default 900)
 *
 * Without STUN or TURN the browsers use host candidates only: calls work on one machine or LAN.
 *
 * Prints `Tandem hub listening on http://localhost:<port>` once ready (tools wait for that line).
 * SIGTERM (or Ctrl-C) drains: no new connections, commands in progress finish, clients are told to
 * reconnect, then the process exits.
 */
import { resolve } from 'node:path';

import { ConfigError, clusterConfigFromEnv, openClusterPorts } from './cluster/ports.js';
import { hubSecretFromEnv } from './hub-secret.js';
import { startHub } from './hub.js';
import type { HubOptions } from './hub.js';
import { log } from './log.js';
import { DEFAULT_TURN_TTL_SECONDS } from './services/ice-servers.js';
import { LimitConfigError, limitConfigFromEnv } from './services/limits/limit-config.js';
import { DEFAULT_CALL_GRACE_MS, DEFAULT_VISITOR_GRACE_MS } from './services/vanishing.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function integer(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${name} must be a whole number from 0 to ${max}, not "${raw}".`);
  }
  return value;
}

/** A comma-separated list, blanks dropped; undefined when unset. */
function list(name: string): string[] | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/**
 * Demo mode seeds an empty store with the demo org and its agents (password `demo`): on unless
 * `TANDEM_DEMO=0`, or `NODE_ENV=production` without `TANDEM_DEMO=1`. A real hub gets its orgs and
 * agents from the operator CLI.
 */
function demoMode(): boolean {
  const demo = process.env['TANDEM_DEMO'];
  if (demo === '0' || demo === 'false') return false;
  if (demo === '1' || demo === 'true') return true;
  return process.env['NODE_ENV'] !== 'production';
}

async function main(): Promise<void> {
  const options: HubOptions = {
    port: integer('PORT', 8080, 65535),
    dataDir: resolve(process.env['TANDEM_DATA'] || '.data'),
    presenceGraceMs: integer('TANDEM_PRESENCE_GRACE_MS', 5000, DAY_MS),
    callGraceMs: integer('TANDEM_CALL_GRACE_MS', DEFAULT_CALL_GRACE_MS, DAY_MS),
    visitorGraceMs: integer('TANDEM_VISITOR_GRACE_MS', DEFAULT_VISITOR_GRACE_MS, DAY_MS),
    turnTtlSeconds: integer('TANDEM_TURN_TTL_SECONDS', DEFAULT_TURN_TTL_SECONDS, 7 * 24 * 60 * 60),
  };
  options.seedDemo = demoMode();
  options.limits = limitConfigFromEnv(process.env);
  const secret = hubSecretFromEnv(process.env);
  if (secret !== undefined) options.secret = secret;
  options.visitorIdleMs = Math.max(1, integer('TANDEM_VISITOR_IDLE_DAYS', 30, 3650)) * DAY_MS;
  options.conversationIdleMs =
    Math.max(1, integer('TANDEM_CONVERSATION_IDLE_HOURS', 24, 24 * 3650)) * 60 * 60 * 1000;
  if (process.env['TANDEM_TRUST_PROXY'] === '1') options.trustProxy = true;
  if (process.env['HOST']) options.host = process.env['HOST'];
  if (process.env['TANDEM_PUBLIC_URL']) options.publicUrl = process.env['TANDEM_PUBLIC_URL'];
  if (process.env['TANDEM_CONSOLE_FRAME_ANCESTORS'])
    options.consoleFrameAncestors = process.env['TANDEM_CONSOLE_FRAME_ANCESTORS'];
  const stunUrls = list('TANDEM_STUN_URLS');
  if (stunUrls) options.stunUrls = stunUrls;
  const turnUrls = list('TANDEM_TURN_URLS');
  if (turnUrls) options.turnUrls = turnUrls;
  if (process.env['TANDEM_TURN_SECRET']) options.turnSecret = process.env['TANDEM_TURN_SECRET'];

  const cluster = clusterConfigFromEnv(process.env);
  if (cluster) {
    options.ports = await openClusterPorts({
      ...cluster,
      presenceGraceMs: options.presenceGraceMs ?? 5000,
      processTtlMs: integer('TANDEM_PROCESS_TTL_MS', 10_000, DAY_MS),
    });
  }
  const hub = await startHub(options);
  log.info(cluster ? 'store: Postgres, bus: Redis' : `store: SQLite in ${options.dataDir}, bus: memory`);
  process.stdout.write(
    [
      `Tandem hub listening on ${hub.url}`,
      `Demo shop:     ${hub.url}/`,
      `Agent console: ${hub.url}/agent.html  (sign in as anna, bjorn or chen, password demo)`,
      `Stories:       ${hub.url}/stories/`,
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
  log.error(
    'the hub could not start',
    error instanceof ConfigError || error instanceof LimitConfigError ? error.message : error,
  );
  process.exit(1);
});
