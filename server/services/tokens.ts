/**
 * Opaque bearer tokens. Each kind has its own prefix and its own table, so a visitor token can
 * never pass as an agent token or the other way round; only a sha256 of a token is stored.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TokenPrefix = { visitor: 'v_', agent: 'a_' } as const;
export type TokenPrefix = (typeof TokenPrefix)[keyof typeof TokenPrefix];

/** 32 random bytes, base64url, behind the kind's prefix. */
export function newToken(prefix: TokenPrefix): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** What the store keeps and looks tokens up by. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether a presented string has the shape of a token of this kind (cheap check before lookup). */
export function looksLike(prefix: TokenPrefix, token: string | undefined): token is string {
  return token !== undefined && token.startsWith(prefix) && /^[A-Za-z0-9_-]{20,200}$/.test(token);
}
