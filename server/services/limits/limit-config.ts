/**
 * The hub's rate limits: what each one counts, its default, and how an operator changes it.
 *
 * Each limit allows `points` actions per `seconds` for one key (a visitor, an address, an org, an
 * e-mail, a conversation, an agent). Per-address limits are generous (a shop's visitors may share an
 * office NAT), per-visitor limits strict. `TANDEM_LIMITS` changes them for the whole hub, e.g.
 * `TANDEM_LIMITS="ticketsPerVisitor=5/600,newVisitorsPerIp=300"` (points, or points/seconds), or
 * `TANDEM_LIMITS=off` turns every limit off; `npm run hub -- org set <org> --limit name=points`
 * changes the points for one org. A limit with 0 points is off.
 */

export interface LimitRule {
  points: number;
  seconds: number;
}

/** Every limit, with its default and how a refusal names what was counted. */
export const LIMITS = {
  newVisitorsPerIp: { points: 120, seconds: 60, what: 'new visitors from this address' },
  newVisitorsPerOrg: { points: 6000, seconds: 60, what: 'new visitors for this org' },
  ticketsPerVisitor: { points: 10, seconds: 600, what: 'queue joins from this visitor' },
  ticketsPerIp: { points: 120, seconds: 60, what: 'queue joins from this address' },
  ticketsPerOrg: { points: 3000, seconds: 60, what: 'queue joins for this org' },
  conversationsPerVisitor: { points: 10, seconds: 3600, what: 'new conversations from this visitor' },
  conversationsPerIp: { points: 300, seconds: 3600, what: 'new conversations from this address' },
  /** A cap, not a rate: conversations waiting or active at once for one visitor (`seconds` unused). */
  openConversationsPerVisitor: { points: 5, seconds: 0, what: 'open conversations for this visitor' },
  messagesPerVisitor: { points: 60, seconds: 60, what: 'messages from this visitor' },
  messagesPerConversation: { points: 500, seconds: 3600, what: 'visitor messages in this conversation' },
  messagesPerOrg: { points: 20000, seconds: 60, what: 'visitor messages for this org' },
  bookingsPerVisitor: { points: 3, seconds: 86400, what: 'bookings from this visitor' },
  bookingsPerEmail: { points: 3, seconds: 86400, what: 'bookings for this e-mail address' },
  bookingsPerIp: { points: 20, seconds: 86400, what: 'bookings from this address' },
  /** Sign-in attempts not followed by a success; past them the agent is locked out (sign-in-guard.ts). */
  signInFailuresPerAgent: { points: 10, seconds: 900, what: 'failed sign-ins for this agent' },
  signInFailuresPerIp: { points: 50, seconds: 900, what: 'failed sign-ins from this address' },
} as const satisfies Record<string, LimitRule & { what: string }>;

export type LimitName = keyof typeof LIMITS;
export type LimitRules = Record<LimitName, LimitRule>;

export const LIMIT_NAMES = Object.keys(LIMITS) as LimitName[];

export interface SignInLockout {
  /** The first lockout (default 60 s; at most 120). */
  firstSeconds: number;
  /** Each further lockout while failures go on doubles, up to this (default 900 s). */
  maxSeconds: number;
}

export interface LimitConfig {
  rules: LimitRules;
  lockout: SignInLockout;
}

export const DEFAULT_LOCKOUT: SignInLockout = { firstSeconds: 60, maxSeconds: 900 };

export function defaultRules(): LimitRules {
  return Object.fromEntries(
    LIMIT_NAMES.map((name) => [name, { points: LIMITS[name].points, seconds: LIMITS[name].seconds }]),
  ) as LimitRules;
}

export function isLimitName(name: string): name is LimitName {
  return Object.hasOwn(LIMITS, name);
}

/** A mistake in the limits' configuration, reported as its message. */
export class LimitConfigError extends Error {}

const MAX_POINTS = 1_000_000;
const MAX_SECONDS = 30 * 86400;

/**
 * Reads `TANDEM_LIMITS` (comma-separated `name=points` or `name=points/seconds`, or `off`) and
 * `TANDEM_SIGNIN_LOCKOUT_SECONDS` / `TANDEM_SIGNIN_LOCKOUT_MAX_SECONDS`.
 */
export function limitConfigFromEnv(env: NodeJS.ProcessEnv): LimitConfig {
  const rules = defaultRules();
  const raw = (env['TANDEM_LIMITS'] ?? '').trim();
  if (raw === 'off') for (const name of LIMIT_NAMES) rules[name].points = 0;
  else if (raw !== '') {
    for (const item of raw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const match = /^([A-Za-z]+)=(\d+)(?:\/(\d+))?$/.exec(item);
      const name = match?.[1] ?? '';
      if (!match || !isLimitName(name))
        throw new LimitConfigError(
          `TANDEM_LIMITS: "${item}" is not name=points or name=points/seconds with a name among ${LIMIT_NAMES.join(', ')}.`,
        );
      const points = Number(match[2]);
      const seconds = match[3] === undefined ? rules[name].seconds : Number(match[3]);
      if (points > MAX_POINTS || seconds > MAX_SECONDS || (seconds === 0 && LIMITS[name].seconds > 0))
        throw new LimitConfigError(
          `TANDEM_LIMITS: "${item}" is out of range (points up to ${MAX_POINTS}, seconds 1 to ${MAX_SECONDS}).`,
        );
      rules[name] = { points, seconds };
    }
  }
  const seconds = (name: string, fallback: number, max: number): number => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0 || parsed > max)
      throw new LimitConfigError(
        `${name} must be a number of seconds above 0 and at most ${max}, not "${value}".`,
      );
    return parsed;
  };
  const firstSeconds = seconds('TANDEM_SIGNIN_LOCKOUT_SECONDS', DEFAULT_LOCKOUT.firstSeconds, 120);
  const maxSeconds = Math.max(
    firstSeconds,
    seconds('TANDEM_SIGNIN_LOCKOUT_MAX_SECONDS', DEFAULT_LOCKOUT.maxSeconds, 86400),
  );
  return { rules, lockout: { firstSeconds, maxSeconds } };
}
