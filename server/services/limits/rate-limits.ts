/**
 * The hub's rate limits (limit-config.ts says which), counted with rate-limiter-flexible: in memory
 * for one process (each key forgotten when its window ends, so memory stays bounded by the keys
 * active in a window), in Redis when processes share one (the same limit holds across the
 * cluster; while Redis is unreachable each process counts on its own in memory).
 *
 * A refused action throws `RateLimited`: an error frame with code `rate-limited` and `retryAfter`
 * in seconds; nothing else changes.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';

import { ErrorCode } from '../../../src/protocol/frames.js';
import { HubError } from '../../errors.js';
import { log } from '../../log.js';
import { LIMITS, isLimitName } from './limit-config.js';
import type { LimitConfig, LimitName, LimitRule } from './limit-config.js';

/** Refused by a rate limit; `retryAfter` is in whole seconds. */
export class RateLimited extends HubError {
  readonly retryAfter: number;

  constructor(what: string, retryAfter: number, message = `Too many ${what}; try again in ${retryAfter} s.`) {
    super(ErrorCode.rateLimited, message);
    this.retryAfter = retryAfter;
  }
}

/** What a taken point can be given back with, when the action it paid for did not happen. */
export interface Charge {
  refund(): Promise<void>;
}

const FREE: Charge = { refund: async () => undefined };

/** Where the counts live when several processes share them. */
export interface SharedLimitStore {
  redis: Redis;
  prefix: string;
}

/**
 * A limiter that counts in this process, or in Redis when the count is shared by several processes
 * (with one in memory standing in while Redis cannot be reached).
 */
export function createLimiter(
  options: { points: number; duration: number; keyPrefix: string },
  shared: SharedLimitStore | undefined,
): RateLimiterAbstract {
  return shared
    ? new RateLimiterRedis({
        ...options,
        keyPrefix: `${shared.prefix}${options.keyPrefix}`,
        storeClient: shared.redis,
        insuranceLimiter: new RateLimiterMemory(options),
      })
    : new RateLimiterMemory(options);
}

export interface RateLimitsOptions {
  shared?: SharedLimitStore;
  /** The org's own points for some limits (`org set --limit`); read often, so kept briefly. */
  orgPoints?: (orgId: string) => Promise<Partial<Record<string, number>>>;
}

/** How long an org's own limits are kept before they are read again (ms). */
const ORG_POINTS_TTL_MS = 10_000;
const NO_POINTS: Partial<Record<string, number>> = Object.freeze({});

export const retryAfterOf = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export class RateLimits {
  readonly config: LimitConfig;
  readonly #options: RateLimitsOptions;
  readonly #limiters = new Map<string, RateLimiterAbstract>();
  readonly #orgPoints = new Map<string, { at: number; points: Partial<Record<string, number>> }>();

  constructor(config: LimitConfig, options: RateLimitsOptions = {}) {
    this.config = config;
    this.#options = options;
  }

  /** The rule in force for an org: the hub's, with the org's own points when it set them. */
  async rule(name: LimitName, orgId: string): Promise<LimitRule> {
    return this.#ruleWith(name, this.#knownPointsOf(orgId) ?? (await this.#pointsOf(orgId)));
  }

  #ruleWith(name: LimitName, orgPoints: Partial<Record<string, number>>): LimitRule {
    const rule = this.config.rules[name];
    const points = orgPoints[name];
    return typeof points === 'number' ? { ...rule, points } : rule;
  }

  /**
   * Takes one point of `name` for `key` in the org, or throws `RateLimited` when none is left.
   * A limit with 0 points is off.
   */
  async take(name: LimitName, orgId: string, key: string): Promise<Charge> {
    // Every message takes three: the rule comes without waiting when the org's points are known.
    const known = this.#knownPointsOf(orgId);
    const rule = known ? this.#ruleWith(name, known) : await this.rule(name, orgId);
    if (rule.points <= 0 || rule.seconds <= 0) return FREE;
    const limiter = this.limiter(name, rule);
    const scoped = `${orgId}:${key}`;
    try {
      await limiter.consume(scoped);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw this.refusal(name, rejection.msBeforeNext);
      // The store failed and no insurance answered: let the action through rather than refuse everyone.
      log.warn(`rate limit ${name}: counting failed`, rejection);
      return FREE;
    }
    return {
      refund: () =>
        limiter.reward(scoped, 1).then(
          () => undefined,
          () => undefined,
        ),
    };
  }

  /**
   * Whether `name` is off for the org by what is known now (no waiting): a caller then need not
   * `take` it, which saves every message three awaits when limits are off.
   */
  isOffNow(name: LimitName, orgId: string): boolean {
    const known = this.#knownPointsOf(orgId);
    if (!known) return false;
    const rule = this.#ruleWith(name, known);
    return rule.points <= 0 || rule.seconds <= 0;
  }

  /** Refuses when `count` already reaches the cap `name` (a cap, not a rate). */
  async cap(name: LimitName, orgId: string, count: () => Promise<number>): Promise<void> {
    const { points } = await this.rule(name, orgId);
    if (points <= 0) return;
    // A cap frees up when one ends, not with time: the retry hint is a minute.
    if ((await count()) >= points)
      throw new RateLimited(
        LIMITS[name].what,
        60,
        `Too many ${LIMITS[name].what} (at most ${points}); end one, or try again later.`,
      );
  }

  /** The limiter counting `name` under `rule` (one per distinct rule, made once). */
  limiter(name: LimitName, rule: LimitRule): RateLimiterAbstract {
    const id = `${name}:${rule.points}:${rule.seconds}`;
    let limiter = this.#limiters.get(id);
    if (!limiter) {
      limiter = createLimiter(
        { points: rule.points, duration: rule.seconds, keyPrefix: `limit:${id}` },
        this.#options.shared,
      );
      this.#limiters.set(id, limiter);
    }
    return limiter;
  }

  refusal(name: LimitName, msBeforeNext: number): RateLimited {
    return new RateLimited(LIMITS[name].what, retryAfterOf(msBeforeNext));
  }

  /** The org's own points when known now (none to read, or read recently), else undefined. */
  #knownPointsOf(orgId: string): Partial<Record<string, number>> | undefined {
    if (!this.#options.orgPoints) return NO_POINTS;
    const cached = this.#orgPoints.get(orgId);
    return cached && Date.now() - cached.at < ORG_POINTS_TTL_MS ? cached.points : undefined;
  }

  async #pointsOf(orgId: string): Promise<Partial<Record<string, number>>> {
    const read = this.#options.orgPoints;
    if (!read) return NO_POINTS;
    const cached = this.#orgPoints.get(orgId);
    const now = Date.now();
    if (cached && now - cached.at < ORG_POINTS_TTL_MS) return cached.points;
    const raw = await read(orgId).catch(() => ({}));
    const points = Object.fromEntries(Object.entries(raw).filter(([name]) => isLimitName(name)));
    this.#orgPoints.set(orgId, { at: now, points });
    return points;
  }
}
