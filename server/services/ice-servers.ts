/**
 * ICE servers for the calls' RTCPeerConnections, from the hub's configuration.
 *
 * TURN uses the TURN REST scheme (coturn's `use-auth-secret`): the username is
 * `<unix expiry>:<user id>` and the credential base64(HMAC-SHA1(secret, username)), so the TURN
 * server can check it with the shared secret alone, and the secret itself never leaves the hub.
 * With nothing configured the list is empty: host candidates connect peers on one machine or LAN.
 */
import { createHmac } from 'node:crypto';

import type { IceServer } from '../../src/protocol/frames.js';

export interface IceConfig {
  stunUrls?: string[];
  turnUrls?: string[];
  turnSecret?: string;
  /** How long TURN credentials stay valid; default 3600. */
  turnTtlSeconds?: number;
}

export const DEFAULT_TURN_TTL_SECONDS = 3600;

/** The TURN REST credential for a username. */
export function turnCredential(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username, 'utf8').digest('base64');
}

export class IceServers {
  readonly #stun: string[];
  readonly #turn: string[];
  readonly #secret: string | null;
  readonly #ttlSeconds: number;

  constructor(config: IceConfig = {}) {
    this.#stun = config.stunUrls?.filter((url) => url.length > 0) ?? [];
    const secret = config.turnSecret ?? '';
    // TURN without a secret could only hand out credentials the server would refuse.
    this.#secret = secret.length > 0 ? secret : null;
    this.#turn = this.#secret === null ? [] : (config.turnUrls?.filter((url) => url.length > 0) ?? []);
    this.#ttlSeconds = config.turnTtlSeconds ?? DEFAULT_TURN_TTL_SECONDS;
  }

  /** Whether TURN URLs were given but cannot be used (no secret), for a start-up warning. */
  static turnIgnored(config: IceConfig): boolean {
    return (config.turnUrls?.length ?? 0) > 0 && !config.turnSecret;
  }

  /** The servers for one party; `userId` ends up in the TURN server's logs, so it is no token. */
  forUser(userId: string, now: number = Date.now()): IceServer[] {
    const servers: IceServer[] = [];
    if (this.#stun.length > 0) servers.push({ urls: [...this.#stun] });
    if (this.#secret !== null && this.#turn.length > 0) {
      const expiry = Math.floor(now / 1000) + this.#ttlSeconds;
      const username = `${expiry}:${userId}`;
      servers.push({ urls: [...this.#turn], username, credential: turnCredential(this.#secret, username) });
    }
    return servers;
  }
}
