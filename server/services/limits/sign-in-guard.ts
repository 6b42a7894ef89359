/**
 * Sign-in attempts, per agent and per address: each attempt takes a point before its password is
 * checked, a success gives the agent's points back. Past the limit (about ten for an agent) the key
 * is locked out: first for `lockout.firstSeconds` (at most two minutes), then twice as long each
 * time failures go on after a lockout ended, up to `lockout.maxSeconds`. The right password works
 * again as soon as a lockout ends.
 *
 * A locked-out attempt is refused here, before scrypt runs, so a burst of attempts cannot fill the
 * thread pool and slow every other request down.
 */
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';

import { log } from '../../log.js';
import { addressKey } from './address-key.js';
import type { LimitName } from './limit-config.js';
import { createLimiter, type RateLimits, type SharedLimitStore } from './rate-limits.js';

/** How long lockouts are remembered for the doubling (s): failures that stop this long start over. */
const LOCKOUT_MEMORY_SECONDS = 24 * 60 * 60;

export interface SignInKeys {
  orgId: string;
  agentId: string;
  ip: string;
}

export class SignInGuard {
  readonly #limits: RateLimits;
  /** How many lockouts each key had lately, for the doubling. */
  readonly #lockouts: RateLimiterAbstract;

  constructor(limits: RateLimits, shared?: SharedLimitStore) {
    this.#limits = limits;
    this.#lockouts = createLimiter(
      { points: 1_000_000, duration: LOCKOUT_MEMORY_SECONDS, keyPrefix: 'limit:lockouts' },
      shared,
    );
  }

  /** Takes an attempt for the agent and the address, or throws `RateLimited` when either is locked out. */
  async attempt({ orgId, agentId, ip }: SignInKeys): Promise<void> {
    await this.#attempt('signInFailuresPerAgent', orgId, `agent:${agentId}`);
    await this.#attempt('signInFailuresPerIp', orgId, `ip:${addressKey(ip)}`);
  }

  /** The right password: the agent's failures are forgotten, and the address gets its point back. */
  async succeeded({ orgId, agentId, ip }: SignInKeys): Promise<void> {
    const forget = async (name: LimitName, key: string, all: boolean) => {
      const rule = await this.#limits.rule(name, orgId);
      if (rule.points <= 0) return;
      const limiter = this.#limits.limiter(name, rule);
      const scoped = `${orgId}:${key}`;
      await (all ? limiter.delete(scoped) : limiter.reward(scoped, 1));
      if (all) await this.#lockouts.delete(scoped);
    };
    await Promise.all([
      forget('signInFailuresPerAgent', `agent:${agentId}`, true),
      forget('signInFailuresPerIp', `ip:${addressKey(ip)}`, false),
    ]).catch((error: unknown) => log.warn('sign-in: forgetting failures failed', error));
  }

  async #attempt(name: LimitName, orgId: string, key: string): Promise<void> {
    const rule = await this.#limits.rule(name, orgId);
    if (rule.points <= 0) return;
    const limiter = this.#limits.limiter(name, rule);
    const scoped = `${orgId}:${key}`;
    // Locked out already: refused without counting (the lockout does not grow while it runs).
    const now = await limiter.get(scoped).catch(() => null);
    if (now && now.consumedPoints > rule.points && now.msBeforeNext > 0)
      throw this.#limits.refusal(name, now.msBeforeNext);
    try {
      await limiter.consume(scoped);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        log.warn(`sign-in limit ${name}: counting failed`, rejection);
        return;
      }
      // Several attempts at once may cross the limit together; the one that crossed it locks out.
      if (rejection.consumedPoints !== rule.points + 1)
        throw this.#limits.refusal(name, rejection.msBeforeNext);
      const seconds = await this.#lockoutSeconds(scoped);
      await limiter.block(scoped, seconds);
      log.warn(`sign-in: ${key} of org ${orgId} locked out for ${seconds} s`);
      throw this.#limits.refusal(name, seconds * 1000);
    }
  }

  /** The first lockout's length, doubled for each lockout before it, capped. */
  async #lockoutSeconds(scoped: string): Promise<number> {
    const { firstSeconds, maxSeconds } = this.#limits.config.lockout;
    const earlier = await this.#lockouts
      .consume(scoped)
      .then((res) => res.consumedPoints - 1)
      .catch(() => 0);
    return Math.min(maxSeconds, firstSeconds * 2 ** Math.min(earlier, 20));
  }
}
