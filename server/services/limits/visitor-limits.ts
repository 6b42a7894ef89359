/**
 * What a visitor's actions cost against the rate limits (limit-config.ts): a new identity, a queue
 * join, a new conversation, a message, a booking. Each method takes every limit the action counts
 * against, or none: when one refuses, the points already taken are given back. The returned charge
 * gives them back too, for an action that then failed for another reason.
 */
import { addressKey } from './address-key.js';
import type { LimitName } from './limit-config.js';
import type { Charge, RateLimits } from './rate-limits.js';

export class VisitorLimits {
  readonly #limits: RateLimits;

  constructor(limits: RateLimits) {
    this.#limits = limits;
  }

  /** A hello without a token the hub knows: a new visitor identity. */
  newVisitor(orgId: string, ip: string): Promise<Charge> {
    return this.#takeAll(orgId, [
      ['newVisitorsPerIp', addressKey(ip)],
      ['newVisitorsPerOrg', 'org'],
    ]);
  }

  ticket(orgId: string, visitorId: string, ip: string): Promise<Charge> {
    return this.#takeAll(orgId, [
      ['ticketsPerVisitor', visitorId],
      ['ticketsPerIp', addressKey(ip)],
      ['ticketsPerOrg', 'org'],
    ]);
  }

  /** A new conversation (started, or the offline form); `open` counts the visitor's open ones. */
  async conversation(
    orgId: string,
    visitorId: string,
    ip: string,
    open: () => Promise<number>,
  ): Promise<Charge> {
    await this.#limits.cap('openConversationsPerVisitor', orgId, open);
    return this.#takeAll(orgId, [
      ['conversationsPerVisitor', visitorId],
      ['conversationsPerIp', addressKey(ip)],
    ]);
  }

  message(orgId: string, visitorId: string, conversationId: string): Promise<Charge> {
    return this.#takeAll(orgId, [
      ['messagesPerVisitor', visitorId],
      ['messagesPerConversation', conversationId],
      ['messagesPerOrg', 'org'],
    ]);
  }

  booking(orgId: string, visitorId: string, email: string, ip: string): Promise<Charge> {
    return this.#takeAll(orgId, [
      ['bookingsPerVisitor', visitorId],
      ['bookingsPerEmail', email.trim().toLowerCase()],
      ['bookingsPerIp', addressKey(ip)],
    ]);
  }

  async #takeAll(orgId: string, keys: Array<[LimitName, string]>): Promise<Charge> {
    const taken: Charge[] = [];
    const refund = async () => {
      await Promise.all(taken.map((charge) => charge.refund()));
    };
    try {
      for (const [name, key] of keys) {
        if (this.#limits.isOffNow(name, orgId)) continue;
        taken.push(await this.#limits.take(name, orgId, key));
      }
    } catch (error) {
      await refund();
      throw error;
    }
    return { refund };
  }
}
