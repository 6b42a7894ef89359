/**
 * Signed visitor tokens: `v_` + a random part + a MAC over ('visitor', org, random part) made with the
 * hub's secret. The hub recognises a token it gave out without a row in the store, so a visitor who
 * has not acted yet comes back as the same visitor (and is not counted as a new one) on every page
 * view; the MAC also binds the token to its org. Changing the secret makes the tokens of visitors
 * who never acted unrecognised; a visitor who acted is found by its row, whatever the secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { TokenPrefix, newToken } from './tokens.js';

/** The random part: `newToken`'s 32 random bytes, base64url. */
const RANDOM_CHARS = 43;
/** HMAC-SHA256 cut to 16 bytes (128 bits), base64url. */
const MAC_BYTES = 16;
const MAC_CHARS = Math.ceil((MAC_BYTES * 4) / 3);
const SIGNED_LENGTH = TokenPrefix.visitor.length + RANDOM_CHARS + MAC_CHARS;

export class VisitorTokens {
  readonly #key: Buffer;

  /** `secret`: the hub's secret (TANDEM_SECRET, or the one kept in the store). */
  constructor(secret: string) {
    this.#key = Buffer.from(secret, 'utf8');
  }

  /** A new token for a visitor of this org. */
  issue(orgId: string): string {
    const random = newToken(TokenPrefix.visitor).slice(TokenPrefix.visitor.length);
    return `${TokenPrefix.visitor}${random}${this.#mac(orgId, random).toString('base64url')}`;
  }

  /** Whether the token was given out by a hub with this secret, for this org. */
  verify(orgId: string, token: string): boolean {
    if (token.length !== SIGNED_LENGTH || !token.startsWith(TokenPrefix.visitor)) return false;
    const random = token.slice(TokenPrefix.visitor.length, TokenPrefix.visitor.length + RANDOM_CHARS);
    // Compared as text: base64url's last character carries spare bits, so decoding would let
    // several spellings of one MAC pass (several tokens, thus ids, for one signature).
    const presented = Buffer.from(token.slice(-MAC_CHARS), 'utf8');
    const expected = Buffer.from(this.#mac(orgId, random).toString('base64url'), 'utf8');
    return presented.length === expected.length && timingSafeEqual(presented, expected);
  }

  #mac(orgId: string, random: string): Buffer {
    // JSON keeps the fields apart whatever characters an org id holds.
    return createHmac('sha256', this.#key)
      .update(JSON.stringify(['visitor', orgId, random]))
      .digest()
      .subarray(0, MAC_BYTES);
  }
}
