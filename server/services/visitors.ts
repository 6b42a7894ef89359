/**
 * Visitors: an opaque `v_…` token per visitor and org. A hello that presents a valid token keeps
 * it; anything else (no token, unknown, another org's, an agent token) gets a new one.
 */
import { randomUUID } from 'node:crypto';

import type { Store } from '../store/store.js';
import { TokenPrefix, hashToken, looksLike, newToken } from './tokens.js';

export interface Visitor {
  id: string;
  token: string;
}

export class VisitorService {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** `beforeNew` runs (and may refuse, by throwing) before a new identity is made. */
  async identify(
    orgId: string,
    presented: string | undefined,
    beforeNew?: () => Promise<unknown>,
  ): Promise<Visitor> {
    if (looksLike(TokenPrefix.visitor, presented)) {
      const known = await this.#store.findVisitorByTokenHash(hashToken(presented));
      if (known && known.orgId === orgId) return { id: known.id, token: presented };
    }
    await beforeNew?.();
    const token = newToken(TokenPrefix.visitor);
    const id = randomUUID();
    await this.#store.createVisitor({
      id,
      orgId,
      tokenHash: hashToken(token),
      createdAt: new Date().toISOString(),
    });
    return { id, token };
  }
}
