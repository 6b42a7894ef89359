/**
 * Visitors: an opaque `v_…` token per visitor and org. A hello that presents a token the hub knows
 * keeps it; anything else (no token, unknown, another org's, an agent token, one idle too long) gets a
 * new one.
 *
 * Nothing is written for a visitor who only looks: a new identity is a signed token
 * (visitor-tokens.ts) and an id derived from it, and its row is written when the visitor first acts
 * (joins a queue, starts a chat, books); `record` does that and moves the visitor's last activity on.
 * Until then the signature is how the hub knows the token is its own, so a reconnect is not counted
 * as a new visitor. A token whose visitor has not been active on the hub for `idleMs` (default 30
 * days) has expired.
 */
import { createHash } from 'node:crypto';

import type { Store } from '../store/store.js';
import type { VisitorTokens } from './visitor-tokens.js';
import { TokenPrefix, hashToken, looksLike } from './tokens.js';

export const DEFAULT_VISITOR_IDLE_MS = 30 * 24 * 60 * 60 * 1000;
/** A known visitor's last activity is written at most this often on hello (acts always write it). */
const TOUCH_EVERY_MS = 60 * 60 * 1000;

export interface Visitor {
  id: string;
  token: string;
  /** sha256 of the token, what its row is found by. */
  tokenHash: string;
  /** Whether the visitor's row is written (it acted before). */
  stored: boolean;
}

/**
 * Tokens given out before they were signed end in a tag of their org, so a token of one org
 * presented to another (before anything was stored for it) is not taken as the same visitor there.
 */
function orgTag(orgId: string): string {
  return createHash('sha256').update(`visitor-token\n${orgId}`).digest('hex').slice(0, 8);
}

/** The id of a visitor not written yet: the same for the same token and org, a UUID in shape. */
function idFor(orgId: string, tokenHash: string): string {
  const hex = createHash('sha256').update(`${orgId}\n${tokenHash}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class VisitorService {
  readonly #store: Store;
  readonly #tokens: VisitorTokens;
  readonly #idleMs: number;
  readonly #now: () => number;

  constructor(store: Store, tokens: VisitorTokens, options: { idleMs?: number; now?: () => number } = {}) {
    this.#store = store;
    this.#tokens = tokens;
    this.#idleMs = options.idleMs ?? DEFAULT_VISITOR_IDLE_MS;
    this.#now = options.now ?? Date.now;
  }

  /** `beforeNew` runs (and may refuse, by throwing) before a new identity is given out. */
  async identify(
    orgId: string,
    presented: string | undefined,
    beforeNew?: () => Promise<unknown>,
  ): Promise<Visitor> {
    if (looksLike(TokenPrefix.visitor, presented)) {
      const tokenHash = hashToken(presented);
      const known = await this.#store.findVisitorByTokenHash(tokenHash);
      const now = this.#now();
      if (known && known.orgId === orgId) {
        const lastSeen = Date.parse(known.lastSeenAt ?? known.createdAt);
        if (now - lastSeen <= this.#idleMs) {
          if (now - lastSeen > TOUCH_EVERY_MS)
            await this.#store.touchVisitor(known.id, new Date(now).toISOString());
          return { id: known.id, token: presented, tokenHash, stored: true };
        }
      } else if (!known && this.#tokens.verify(orgId, presented)) {
        // A token this hub gave out to a visitor who has not acted yet: the same visitor, not a new one.
        return { id: idFor(orgId, tokenHash), token: presented, tokenHash, stored: false };
      } else if (!known && presented.endsWith(orgTag(orgId))) {
        // An unsigned token from before, of a visitor who has not acted yet: kept, so the visitor is
        // not reset, but counted as a new identity (the hub cannot tell it from a made-up one).
        await beforeNew?.();
        return { id: idFor(orgId, tokenHash), token: presented, tokenHash, stored: false };
      }
    }
    await beforeNew?.();
    const token = this.#tokens.issue(orgId);
    const tokenHash = hashToken(token);
    return { id: idFor(orgId, tokenHash), token, tokenHash, stored: false };
  }

  /** The visitor acts: its row is written if it was not, and its last activity is now. */
  async record(orgId: string, visitor: Visitor): Promise<void> {
    const at = new Date(this.#now()).toISOString();
    if (visitor.stored) {
      await this.#store.touchVisitor(visitor.id, at);
      return;
    }
    await this.#store.createVisitor({
      id: visitor.id,
      orgId,
      tokenHash: visitor.tokenHash,
      createdAt: at,
      lastSeenAt: at,
    });
    visitor.stored = true;
  }
}
