/**
 * The hub's secret, one per deployment and the same in every process of a cluster: what visitor
 * tokens are signed with (services/visitor-tokens.ts). `TANDEM_SECRET` when the operator sets it;
 * otherwise made once (32 random bytes) and kept in the store, where every other process finds it.
 * Read once at start, never per connection.
 */
import { randomBytes } from 'node:crypto';

import { ConfigError } from './cluster/ports.js';
import type { Store } from './store/store.js';

/** Shorter secrets are refused: 32 characters of base64 carry 192 bits. */
export const MIN_SECRET_LENGTH = 32;
/** The name the generated secret is kept under in the store. */
const STORED_NAME = 'hub';

/** `TANDEM_SECRET`, checked; undefined when unset (the store's is used). */
export function hubSecretFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const secret = env['TANDEM_SECRET'];
  if (secret === undefined || secret === '') return undefined;
  if (secret.length < MIN_SECRET_LENGTH)
    throw new ConfigError(
      `TANDEM_SECRET must be at least ${MIN_SECRET_LENGTH} characters long (it has ${secret.length}); ` +
        'make one with `openssl rand -base64 32`, or leave it unset for one kept in the store.',
    );
  return secret;
}

/** The secret given, or the one kept in the store (made there by the first process to start). */
export async function hubSecret(store: Store, given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  return store.hubSecret(STORED_NAME, randomBytes(32).toString('base64url'));
}
