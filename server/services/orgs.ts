/**
 * Orgs (tenants) and the origins each allows to embed its widgets.
 *
 * Patterns are `scheme://host[:port]`; the port may be `*` (any port, including the default) and
 * the host may start with `*.` (any subdomain, not the bare domain). Without a port the pattern
 * matches the scheme's default port only.
 */
import { ErrorCode } from '../../src/protocol/frames.js';
import { HubError } from '../errors.js';
import type { OrgRecord, Store } from '../store/store.js';

interface ParsedOrigin {
  scheme: string;
  host: string;
  port: string;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

function parseOrigin(origin: string): ParsedOrigin | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return null;
  }
  const defaultPort = DEFAULT_PORTS[url.protocol];
  // An Origin is exactly scheme://host[:port]; anything with a path, credentials or an odd
  // scheme is not one a browser would send.
  if (defaultPort === undefined || url.origin !== origin.toLowerCase().replace(/\/$/, '')) return null;
  return { scheme: url.protocol, host: url.hostname, port: url.port || defaultPort };
}

const PATTERN = /^(https?):\/\/(\*\.)?([^:/*]+|\[[0-9a-fA-F:.]+\])(?::(\*|\d{1,5}))?\/?$/;

/** Whether `origin` (as a browser sends it in the Origin header) matches `pattern`. */
export function originMatches(pattern: string, origin: string): boolean {
  const parsed = parseOrigin(origin);
  const match = PATTERN.exec(pattern.trim());
  if (!parsed || !match) return false;
  const [, scheme = '', wildcard, host = '', port] = match;
  if (`${scheme.toLowerCase()}:` !== parsed.scheme) return false;
  const wantedHost = host.toLowerCase();
  const hostOk = wildcard ? parsed.host.endsWith(`.${wantedHost}`) : parsed.host === wantedHost;
  if (!hostOk) return false;
  if (port === '*') return true;
  return (port ?? DEFAULT_PORTS[parsed.scheme]) === parsed.port;
}

export class OrgService {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /**
   * The org, or null: by its id (compared exactly), else by an alias the operator gave it (the
   * account id of the vendor a shop switched from, compared case-insensitively; see `setAlias`).
   * Callers go on with the record's `id`, never with the name they were given.
   */
  async find(orgId: string): Promise<OrgRecord | null> {
    if (orgId.length === 0 || orgId.length > 128) return null;
    return (await this.#store.getOrg(orgId)) ?? this.#store.getOrgByAlias(orgId);
  }

  /** Lets `alias` name the org `orgId` on handshakes and in the API; `null` removes the alias. */
  async setAlias(alias: string, orgId: string | null): Promise<void> {
    if (alias.length === 0 || alias.length > 128) {
      throw new HubError(ErrorCode.invalidArgument, 'An org alias has 1 to 128 characters.');
    }
    if (orgId !== null) await this.require(orgId);
    await this.#store.setOrgAlias(alias, orgId);
  }

  async require(orgId: string): Promise<OrgRecord> {
    const org = await this.find(orgId);
    if (!org)
      throw new HubError(ErrorCode.orgNotFound, `There is no org "${orgId.slice(0, 64)}" on this hub.`);
    return org;
  }

  /**
   * A missing Origin means a non-browser client (curl, a server, a test), which no browser policy
   * protects anyway; browsers always send one on WebSocket and cross-origin requests.
   */
  isOriginAllowed(org: OrgRecord, origin: string | undefined): boolean {
    // (The WebSocket asks `allowsServerClients` first: there a missing Origin is refused by default.)
    if (origin === undefined) return true;
    return org.allowedOrigins.some((pattern) => originMatches(pattern, origin));
  }

  /**
   * Whether the org takes WebSocket clients without an Origin header (server-to-server): only when
   * its operator said so (`org set <org> --allow-server-clients`). A page in a browser always sends one.
   */
  async allowsServerClients(orgId: string): Promise<boolean> {
    return (await this.#store.getOrgSettings(orgId)).allowServerClients === true;
  }
}
