/**
 * What an operator sets on a hub: orgs and their allowed origins, queues, agents and their
 * passwords, org settings, booking services and working hours. The records are built here, for
 * the CLI (server/cli.ts) and for the demo seed (store/seed.ts) alike, so both write the same
 * shapes with the same defaults and checks.
 */
import { DateTime } from 'luxon';
import {
  THEME_TOKENS,
  themeDeclarations,
  type ThemeTokens,
  type WidgetPreset,
} from '../src/protocol/org-settings.js';
import { LIMIT_NAMES, isLimitName } from './services/limits/limit-config.js';
import { hashPassword } from './services/passwords.js';
import { avatarPath } from './services/urls.js';
import type { AgentRecord, OpeningPeriod, OrgRecord, PutOutcome, QueueRecord, Store } from './store/store.js';

/** An operator's mistake, told as its message (the CLI exits 2 with it). */
export class AdminError extends Error {}

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

function checkId(kind: string, id: string): string {
  if (!ID.test(id))
    throw new AdminError(
      `${kind} id "${id}" must be 1-64 letters, digits, - or _, not starting with - or _.`,
    );
  return id;
}

/** An origin pattern as the hub matches them: scheme://host[:port|:*]. */
export function checkOrigin(origin: string): string {
  if (!/^https?:\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:(\d{1,5}|\*))?$/.test(origin))
    throw new AdminError(
      `origin "${origin}" must look like https://shop.example.com, http://localhost:* or http://host:8080.`,
    );
  return origin;
}

export function orgRecord(id: string, name: string, origins: readonly string[]): OrgRecord {
  return {
    id: checkId('org', id),
    name: name.trim() || id,
    allowedOrigins: [...new Set(origins.map(checkOrigin))],
  };
}

export interface QueueSpec {
  orgId: string;
  id: string;
  name?: string;
  slug?: string;
  timeZone?: string;
  openingHours?: OpeningPeriod[] | null;
  agentTag?: string | null;
  averageHandleSeconds?: number;
}

export function queueRecord(spec: QueueSpec): QueueRecord {
  const timeZone = spec.timeZone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new AdminError(`time zone "${timeZone}" is not an IANA time zone such as Europe/Stockholm.`);
  }
  const handle = spec.averageHandleSeconds ?? 300;
  if (!Number.isInteger(handle) || handle <= 0)
    throw new AdminError('the average handle time must be a whole number of seconds > 0.');
  return {
    id: checkId('queue', spec.id),
    orgId: spec.orgId,
    slug: spec.slug ?? spec.id,
    name: spec.name ?? spec.id,
    timeZone,
    openingHours: spec.openingHours ?? null,
    agentTag: spec.agentTag ?? null,
    averageHandleSeconds: handle,
  };
}

const DAYS = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;
type Day = keyof typeof DAYS;

/**
 * Opening hours as an operator types them: `mon-fri=09:00-17:00,sat=10:00-14:00`. Days are
 * mon … sun, a single day or a range; times are HH:mm, the close may be 24:00.
 */
export function parseOpeningHours(text: string): OpeningPeriod[] {
  const periods: OpeningPeriod[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z]{3})(?:-([a-z]{3}))?=(\d\d:\d\d)-(\d\d:\d\d)$/.exec(part.toLowerCase());
    const [from, to] = [match?.[1], match?.[2] ?? match?.[1]];
    if (!match || !(from! in DAYS) || !(to! in DAYS))
      throw new AdminError(`opening hours "${part}" must look like mon-fri=09:00-17:00.`);
    const [open, close] = [match[3]!, match[4]!];
    if (!validTime(open) || !validTime(close) || close <= open)
      throw new AdminError(`opening hours "${part}": times are HH:mm, closing after opening.`);
    for (let day = DAYS[from as Day]; day <= DAYS[to as Day]; day++)
      periods.push({ day: day as OpeningPeriod['day'], open, close });
  }
  return periods;
}

function validTime(time: string): boolean {
  const [h, m] = time.split(':').map(Number);
  return (h! < 24 && m! < 60) || time === '24:00';
}

export interface AgentSpec {
  orgId: string;
  id: string;
  name?: string;
  tags?: string[];
  photoUrl?: string;
}

/** An agent as first created: offline until it signs in; the photo is the hub's avatar. */
export function agentRecord(spec: AgentSpec): AgentRecord {
  const id = checkId('agent', spec.id);
  return {
    id,
    orgId: spec.orgId,
    name: spec.name?.trim() || id,
    tags: [...new Set(spec.tags ?? [])],
    photoUrl: spec.photoUrl ?? avatarPath(spec.orgId, id),
    status: 'offline',
  };
}

export function checkPassword(password: string): string {
  if (password.length < 4) throw new AdminError('a password needs at least 4 characters.');
  return password;
}

function put(outcome: PutOutcome, what: string, orgId: string): 'created' | 'updated' {
  if (outcome === 'unknown-org') throw new AdminError(`there is no org "${orgId}"; add it first (org add).`);
  void what;
  return outcome;
}

/** `service add`'s arguments. */
export interface ServiceSpec {
  orgId: string;
  id: string;
  name: string;
  description?: string;
  minutes: string;
  agentIds: string[];
  published: boolean;
}

/** `org set`'s options, as typed. */
export interface OrgSettingChanges {
  bookingsEnabled?: string;
  chatLanguages?: string;
  retentionDays?: string;
  /** `name=points` (the org's own points for a hub rate limit) or `name=default`. */
  limits?: readonly string[];
  /** Whether WebSocket clients without an Origin header (server-to-server) may connect. */
  allowServerClients?: boolean;
}

/** `name=points` items over the org's current limits; `name=default` removes the org's own. */
function parseLimits(current: Record<string, number>, items: readonly string[]): Record<string, number> {
  const limits = { ...current };
  for (const item of items) {
    const match = /^([A-Za-z]+)=(\d{1,7}|default)$/.exec(item.trim());
    const name = match?.[1] ?? '';
    if (!match || !isLimitName(name))
      throw new AdminError(
        `--limit takes name=points (0 turns it off) or name=default, with a name among ${LIMIT_NAMES.join(', ')}; got "${item}".`,
      );
    if (match[2] === 'default') delete limits[name];
    else limits[name] = Number(match[2]);
  }
  return limits;
}

function parseYesNo(value: string): boolean {
  if (value === 'true' || value === 'yes' || value === 'on') return true;
  if (value === 'false' || value === 'no' || value === 'off') return false;
  throw new AdminError(`expected true or false, got "${value}".`);
}

/** `sv-SE,en-US` → the two chat languages, each a BCP 47 tag. */
export function parseLanguages(value: string): string[] {
  const tags = value.split(/[\s,]+/).filter(Boolean);
  if (tags.length < 1 || tags.length > 2 || tags.some((t) => !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(t)))
    throw new AdminError('languages are one or two BCP 47 tags, e.g. sv-SE,en-US.');
  return tags;
}

/** The operations the CLI runs; each resolves to a line to print. */
export const admin = {
  async addOrg(store: Store, id: string, name: string, origins: readonly string[]): Promise<string> {
    const existing = await store.getOrg(id);
    const record = orgRecord(id, name, [...(existing?.allowedOrigins ?? []), ...origins]);
    await store.putOrg(record);
    return `${existing ? 'updated' : 'created'} org ${record.id} (${record.name}); origins: ${record.allowedOrigins.join(' ') || 'none'}`;
  },
  async listOrgs(store: Store): Promise<string> {
    const orgs = await store.listOrgs();
    return (
      orgs.map((org) => `${org.id}\t${org.name}\t${org.allowedOrigins.join(' ')}`).join('\n') || 'no orgs'
    );
  },
  async addOrigin(store: Store, orgId: string, origin: string): Promise<string> {
    const org = await store.getOrg(orgId);
    if (!org) throw new AdminError(`there is no org "${orgId}"; add it first (org add).`);
    await store.putOrg(orgRecord(org.id, org.name, [...org.allowedOrigins, origin]));
    return `org ${org.id} allows ${checkOrigin(origin)}`;
  },
  async removeOrigin(store: Store, orgId: string, origin: string): Promise<string> {
    const org = await store.getOrg(orgId);
    if (!org) throw new AdminError(`there is no org "${orgId}".`);
    if (!org.allowedOrigins.includes(origin)) throw new AdminError(`org ${orgId} does not allow ${origin}.`);
    await store.putOrg({ ...org, allowedOrigins: org.allowedOrigins.filter((o) => o !== origin) });
    return `org ${org.id} no longer allows ${origin}`;
  },
  async addQueue(store: Store, spec: QueueSpec): Promise<string> {
    const record = queueRecord(spec);
    return `${put(await store.putQueue(record), 'queue', spec.orgId)} queue ${record.orgId}/${record.id} (${record.name})`;
  },
  async addAgent(store: Store, spec: AgentSpec, password: string): Promise<string> {
    const record = agentRecord(spec);
    const passwordHash = await hashPassword(checkPassword(password));
    return `${put(await store.putAgent({ ...record, passwordHash }), 'agent', spec.orgId)} agent ${record.orgId}/${record.id} (${record.name})`;
  },
  /** Creates or replaces a booking service with the agents who offer it. */
  async setService(store: Store, spec: ServiceSpec): Promise<string> {
    if (!(await store.getOrg(spec.orgId)))
      throw new AdminError(`there is no org "${spec.orgId}"; add it first (org add).`);
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(spec.id))
      throw new AdminError('a service id is lower-case letters, digits and -.');
    const minutes = Number(spec.minutes);
    if (!Number.isInteger(minutes) || minutes < 5 || minutes > 480)
      throw new AdminError('--minutes takes a whole number of minutes from 5 to 480.');
    for (const agentId of spec.agentIds) {
      if (!(await store.getAgent(spec.orgId, agentId)))
        throw new AdminError(`there is no agent ${spec.orgId}/${agentId}.`);
    }
    const existing = await store.bookings.getBookingService(spec.orgId, spec.id);
    const position = existing?.position ?? (await store.bookings.listBookingServices(spec.orgId)).length;
    await store.bookings.putBookingService({
      id: spec.id,
      orgId: spec.orgId,
      name: spec.name || existing?.name || spec.id,
      description: spec.description ?? existing?.description ?? '',
      durationMinutes: minutes,
      published: spec.published,
      position,
      agentIds: [...new Set(spec.agentIds)],
    });
    return `${existing ? 'updated' : 'created'} service ${spec.orgId}/${spec.id} (${minutes} min, ${spec.agentIds.join(' ') || 'no agents'})`;
  },
  /** Sets an agent's working hours for bookings, in the agent's own time zone. */
  async setWorkingHours(
    store: Store,
    orgId: string,
    agentId: string,
    timeZone: string,
    hours: string,
  ): Promise<string> {
    if (!(await store.getAgent(orgId, agentId)))
      throw new AdminError(`there is no agent ${orgId}/${agentId}.`);
    if (!DateTime.local().setZone(timeZone).isValid)
      throw new AdminError(`"${timeZone}" is no IANA time zone.`);
    const periods = parseOpeningHours(hours);
    await store.bookings.putWorkingHours({ orgId, agentId, timeZone, periods });
    return `agent ${orgId}/${agentId} works ${hours} (${timeZone})`;
  },
  /** Lets an org answer to another name too: the account id of the vendor a shop switches from. */
  async setAlias(store: Store, orgId: string, alias: string): Promise<string> {
    if (!(await store.getOrg(orgId)))
      throw new AdminError(`there is no org "${orgId}"; add it first (org add).`);
    if (!/^[\w.:-]{1,128}$/.test(alias))
      throw new AdminError('an alias is up to 128 letters, digits and . : _ -.');
    await store.setOrgAlias(alias, orgId);
    return `org ${orgId} also answers to ${alias.toLowerCase()}`;
  },
  async removeAlias(store: Store, alias: string): Promise<string> {
    await store.setOrgAlias(alias, null);
    return `${alias.toLowerCase()} names no org`;
  },
  /** Changes the given org settings and keeps the others. */
  async setOrgSettings(store: Store, orgId: string, changes: OrgSettingChanges): Promise<string> {
    const settings = { ...(await store.getOrgSettings(orgId)) };
    if (changes.bookingsEnabled !== undefined) settings.bookingsEnabled = parseYesNo(changes.bookingsEnabled);
    if (changes.chatLanguages !== undefined) settings.chatLanguages = parseLanguages(changes.chatLanguages);
    if (changes.retentionDays !== undefined) {
      const days = Number(changes.retentionDays);
      if (changes.retentionDays === 'off') delete settings.retentionDays;
      else if (Number.isInteger(days) && days >= 1 && days <= 3650) settings.retentionDays = days;
      else throw new AdminError('--retention-days takes a whole number of days from 1 to 3650, or "off".');
    }
    if (changes.limits?.length) settings.limits = parseLimits(settings.limits ?? {}, changes.limits);
    if (settings.limits && Object.keys(settings.limits).length === 0) delete settings.limits;
    if (changes.allowServerClients !== undefined) {
      if (changes.allowServerClients) settings.allowServerClients = true;
      else delete settings.allowServerClients;
    }
    put(await store.putOrgSettings(orgId, settings), 'settings', orgId);
    return `org ${orgId} settings: ${JSON.stringify(settings)}`;
  },
  /** Creates or replaces a theme (001's `themeId`) from `name=value` tokens. */
  async setTheme(store: Store, orgId: string, themeId: string, tokens: readonly string[]): Promise<string> {
    const theme: ThemeTokens = {};
    for (const token of tokens) {
      const [name, ...value] = token.split('=');
      if (!(THEME_TOKENS as readonly string[]).includes(name ?? '') || value.length === 0)
        throw new AdminError(`a token is name=value with a name of: ${THEME_TOKENS.join(', ')}.`);
      theme[name as keyof ThemeTokens] = value.join('=');
    }
    if (!themeDeclarations(theme) && tokens.length)
      throw new AdminError('no token value is a colour, length or font.');
    const settings = await store.getOrgSettings(orgId);
    put(
      await store.putOrgSettings(orgId, { ...settings, themes: { ...settings.themes, [themeId]: theme } }),
      'theme',
      orgId,
    );
    return `org ${orgId} theme ${themeId}: ${themeDeclarations(theme) || 'no tokens'}`;
  },
  /** Creates or replaces a widget preset (002). */
  async setPreset(store: Store, orgId: string, preset: string, spec: WidgetPreset): Promise<string> {
    const settings = await store.getOrgSettings(orgId);
    const clean: WidgetPreset = {
      ...(spec.themeId ? { themeId: spec.themeId } : {}),
      ...(spec.languages?.length ? { languages: spec.languages } : {}),
    };
    put(
      await store.putOrgSettings(orgId, { ...settings, presets: { ...settings.presets, [preset]: clean } }),
      'preset',
      orgId,
    );
    return `org ${orgId} preset ${preset}: ${JSON.stringify(clean)}`;
  },
  async setPassword(store: Store, orgId: string, agentId: string, password: string): Promise<string> {
    const hash = await hashPassword(checkPassword(password));
    if (!(await store.setAgentPasswordHash(orgId, agentId, hash)))
      throw new AdminError(`there is no agent ${orgId}/${agentId}.`);
    return `agent ${orgId}/${agentId} has a new password`;
  },
};
