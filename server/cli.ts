/**
 * The operator's CLI, `npm run hub -- <command>`: sets orgs, origins, queues and agents in the
 * record the hub reads (the same store the hub would open: Postgres with TANDEM_DATABASE_URL,
 * otherwise SQLite in TANDEM_DATA). Running hubs see the changes at once; nothing is cached.
 *
 *   org add <org> [--name NAME] [--origin ORIGIN]...
 *   org list
 *   org set <org> [--bookings-enabled true|false] [--chat-languages l1,l2] [--retention-days N|off]
 *                 [--limit name=points|name=default]... [--allow-server-clients | --refuse-server-clients]
 *   org alias <org> <alias>            another name the org answers to (a vendor's account id)
 *   org unalias <alias>
 *   origin add <org> <origin>            e.g. https://shop.example.com, http://localhost:*
 *   origin remove <org> <origin>
 *   queue add <org> <queue> [--name NAME] [--slug SLUG] [--time-zone ZONE] [--tag AGENT_TAG]
 *                           [--hours mon-fri=09:00-17:00,sat=10:00-14:00] [--handle-seconds N]
 *   agent add <org> <agent> [--name NAME] [--tag TAG]... (--password P | --password-stdin)
 *   agent password <org> <agent> (--password P | --password-stdin)
 *   service add <org> <service> --minutes N [--name NAME] [--description TEXT] [--agent AGENT]... [--unpublished]
 *   hours set <org> <agent> --time-zone ZONE --hours mon-fri=09:00-17:00   an agent's hours for bookings
 *   theme set <org> <theme> [--token name=value]...   e.g. --token color-accent=#0a7 --token radius=4px
 *   preset set <org> <preset> [--theme THEME] [--chat-languages l1,l2]
 *
 * `add` creates or updates. Exit status: 0 done, 2 a mistake in the command (told on stderr).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { AdminError, admin, parseLanguages, parseOpeningHours } from './admin.js';
import { ConfigError, clusterConfigFromEnv } from './cluster/ports.js';
import { PostgresStore } from './store/postgres-store.js';
import { SqliteStore } from './store/sqlite-store.js';
import type { Store } from './store/store.js';

const USAGE = `usage: npm run hub -- <command>
  org add <org> [--name NAME] [--origin ORIGIN]...
  org list
  origin add <org> <origin>
  origin remove <org> <origin>
  queue add <org> <queue> [--name NAME] [--slug SLUG] [--time-zone ZONE] [--tag AGENT_TAG]
                          [--hours mon-fri=09:00-17:00,sat=10:00-14:00] [--handle-seconds N]
  agent add <org> <agent> [--name NAME] [--tag TAG]... (--password P | --password-stdin)
  agent password <org> <agent> (--password P | --password-stdin)
  service add <org> <service> --minutes N [--name NAME] [--description TEXT] [--agent AGENT]... [--unpublished]
  hours set <org> <agent> --time-zone ZONE --hours mon-fri=09:00-17:00
  org alias <org> <alias>
  org unalias <alias>
  org set <org> [--bookings-enabled true|false] [--chat-languages l1,l2] [--retention-days N|off]
                [--limit name=points|name=default]... [--allow-server-clients | --refuse-server-clients]
  theme set <org> <theme> [--token name=value]...
  preset set <org> <preset> [--theme THEME] [--chat-languages l1,l2]`;

const OPTIONS = {
  name: { type: 'string' },
  origin: { type: 'string', multiple: true },
  slug: { type: 'string' },
  'time-zone': { type: 'string' },
  tag: { type: 'string', multiple: true },
  hours: { type: 'string' },
  'handle-seconds': { type: 'string' },
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  'bookings-enabled': { type: 'string' },
  'chat-languages': { type: 'string' },
  'retention-days': { type: 'string' },
  limit: { type: 'string', multiple: true },
  'allow-server-clients': { type: 'boolean' },
  'refuse-server-clients': { type: 'boolean' },
  token: { type: 'string', multiple: true },
  minutes: { type: 'string' },
  description: { type: 'string' },
  agent: { type: 'string', multiple: true },
  unpublished: { type: 'boolean' },
  theme: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function openStore(): Promise<Store> {
  const cluster = clusterConfigFromEnv(process.env);
  if (cluster) return PostgresStore.open(cluster.databaseUrl, { poolSize: 2 });
  return new SqliteStore(resolve(process.env['TANDEM_DATA'] || '.data'));
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trim();
}

export async function runCli(argv: string[], store?: Store): Promise<string> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  if (values.help || positionals.length === 0) return USAGE;
  const [noun, verb, ...rest] = positionals;
  const need = (count: number): string[] => {
    if (rest.length !== count) throw new AdminError(`${noun} ${verb} takes ${count} argument(s).\n${USAGE}`);
    return rest;
  };
  const password = async (): Promise<string> => {
    if (values['password-stdin']) return readStdinLine();
    if (values.password !== undefined) return values.password;
    throw new AdminError('give the password with --password P, or on standard input with --password-stdin.');
  };
  const db = store ?? (await openStore());
  try {
    switch (`${noun} ${verb}`) {
      case 'org add': {
        const [org] = need(1);
        return await admin.addOrg(db, org!, values.name ?? org!, values.origin ?? []);
      }
      case 'service add': {
        const [org, service] = need(2);
        return await admin.setService(db, {
          orgId: org!,
          id: service!,
          name: values.name ?? '',
          ...(values.description !== undefined ? { description: values.description } : {}),
          minutes: values.minutes ?? '',
          agentIds: values.agent ?? [],
          published: !values.unpublished,
        });
      }
      case 'hours set': {
        const [org, agent] = need(2);
        if (!values['time-zone'] || !values.hours)
          throw new AdminError('hours set needs --time-zone and --hours.');
        return await admin.setWorkingHours(db, org!, agent!, values['time-zone'], values.hours);
      }
      case 'org alias': {
        const [org, alias] = need(2);
        return await admin.setAlias(db, org!, alias!);
      }
      case 'org unalias': {
        const [alias] = need(1);
        return await admin.removeAlias(db, alias!);
      }
      case 'org set': {
        const [org] = need(1);
        return await admin.setOrgSettings(db, org!, {
          ...(values['bookings-enabled'] !== undefined
            ? { bookingsEnabled: values['bookings-enabled'] }
            : {}),
          ...(values['chat-languages'] !== undefined ? { chatLanguages: values['chat-languages'] } : {}),
          ...(values['retention-days'] !== undefined ? { retentionDays: values['retention-days'] } : {}),
          ...(values.limit ? { limits: values.limit } : {}),
          ...(values['allow-server-clients'] ? { allowServerClients: true } : {}),
          ...(values['refuse-server-clients'] ? { allowServerClients: false } : {}),
        });
      }
      case 'theme set': {
        const [org, theme] = need(2);
        return await admin.setTheme(db, org!, theme!, values.token ?? []);
      }
      case 'preset set': {
        const [org, preset] = need(2);
        return await admin.setPreset(db, org!, preset!, {
          ...(values.theme ? { themeId: values.theme } : {}),
          ...(values['chat-languages'] ? { languages: parseLanguages(values['chat-languages']) } : {}),
        });
      }
      case 'org list':
        need(0);
        return await admin.listOrgs(db);
      case 'origin add': {
        const [org, origin] = need(2);
        return await admin.addOrigin(db, org!, origin!);
      }
      case 'origin remove': {
        const [org, origin] = need(2);
        return await admin.removeOrigin(db, org!, origin!);
      }
      case 'queue add': {
        const [org, queue] = need(2);
        const handle = values['handle-seconds'];
        return await admin.addQueue(db, {
          orgId: org!,
          id: queue!,
          ...(values.name === undefined ? {} : { name: values.name }),
          ...(values.slug === undefined ? {} : { slug: values.slug }),
          ...(values['time-zone'] === undefined ? {} : { timeZone: values['time-zone'] }),
          ...(values.tag?.[0] === undefined ? {} : { agentTag: values.tag[0] }),
          ...(values.hours === undefined ? {} : { openingHours: parseOpeningHours(values.hours) }),
          ...(handle === undefined ? {} : { averageHandleSeconds: Number(handle) }),
        });
      }
      case 'agent add': {
        const [org, agent] = need(2);
        return await admin.addAgent(
          db,
          {
            orgId: org!,
            id: agent!,
            ...(values.name === undefined ? {} : { name: values.name }),
            tags: values.tag ?? [],
          },
          await password(),
        );
      }
      case 'agent password': {
        const [org, agent] = need(2);
        return await admin.setPassword(db, org!, agent!, await password());
      }
      default:
        throw new AdminError(`unknown command "${positionals.join(' ')}".\n${USAGE}`);
    }
  } finally {
    if (!store) await db.close();
  }
}

/** Runs the CLI as a program: prints the result, or the mistake on stderr (exit 2) or the failure (exit 1). */
export function runCliProgram(args: string[]): void {
  runCli(args).then(
    (output) => {
      process.stdout.write(`${output}\n`);
    },
    (error: unknown) => {
      const known =
        error instanceof AdminError ||
        error instanceof ConfigError ||
        (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
      process.stderr.write(
        `${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(known ? 2 : 1);
    },
  );
}

// Run as a program (not when imported by tests or by the `tandem-hub` command): server/cli.ts
// through tsx, or the compiled packages/hub/server/cli.js.
if (process.argv[1] && /cli\.[jt]s$/.test(process.argv[1])) runCliProgram(process.argv.slice(2));
