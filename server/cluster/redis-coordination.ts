/**
 * What hub processes coordinate through Redis (ioredis), besides the bus:
 *
 * - Who is here. Each process counts its own connections per party and writes one entry per
 *   (party, process) into the party's hash; a party is here while its hash has any entry. Each
 *   process also keeps a heartbeat (`procs`, a sorted set of expiry times, as centrifuge's presence
 *   keeps client expiries); a process that stops beating (kill -9) is swept by any other one: its
 *   entries go, and the parties that leaves with none are handed to `onAbsent`.
 * - Timers that fire once in the cluster: due times in a sorted set, claimed atomically by
 *   whichever process polls first (a Lua script removes what it returns), so a grace period that
 *   began on a process that died still ends, on another.
 * - Agent presence (present agents per org, with a grace after the last connection anywhere) and
 *   command replies remembered by (org, party, command id) with a time to live.
 *
 * Every key starts with the cluster's prefix, so several clusters (or test runs) share one Redis.
 */
import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';

import type { Bus } from '../bus/bus.js';
import { log } from '../log.js';
import type { DepartureJudge, Party, PartyWatch } from '../services/departures.js';
import type { AgentPresence } from '../services/presence.js';
import type { RememberedReply } from '../transport/connection.js';
import type { ReplyMemory } from '../transport/replies.js';

const ATTACH = `
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return 1`;

const DETACH = `
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if n <= 0 then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('SREM', KEYS[2], ARGV[2])
end
return redis.call('HLEN', KEYS[1])`;

/** KEYS[1] procs; ARGV[1] now, ARGV[2] prefix. Returns the members left with no entry. */
const SWEEP = `
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local absent = {}
for _, pid in ipairs(dead) do
  local members = redis.call('SMEMBERS', ARGV[2] .. 'proc:' .. pid)
  for _, m in ipairs(members) do
    local hash = ARGV[2] .. 'party:' .. m
    redis.call('HDEL', hash, pid)
    if redis.call('HLEN', hash) == 0 then table.insert(absent, m) end
  end
  redis.call('DEL', ARGV[2] .. 'proc:' .. pid)
  redis.call('ZREM', KEYS[1], pid)
end
return absent`;

const CLAIM = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
for _, m in ipairs(due) do redis.call('ZREM', KEYS[1], m) end
return due`;

export interface CoordinatorOptions {
  /** How long a process that stopped beating counts as alive (ms). */
  processTtlMs?: number;
  /** How often due timers are claimed (ms). */
  pollMs?: number;
}

type Handler = (name: string) => Promise<void> | void;

export class RedisCoordinator {
  readonly redis: Redis;
  readonly prefix: string;
  readonly processId = randomUUID();
  readonly #ttlMs: number;
  readonly #onDue = new Map<string, Handler>();
  readonly #onAbsent = new Map<string, Handler>();
  readonly #intervals: NodeJS.Timeout[] = [];
  #closed = false;

  constructor(url: string, prefix: string, options: CoordinatorOptions = {}) {
    this.prefix = prefix;
    this.#ttlMs = options.processTtlMs ?? 10_000;
    this.redis = new Redis(url, { maxRetriesPerRequest: 3 });
    this.redis.on('error', (error: Error) => log.warn('redis connection', error.message));
    this.redis.defineCommand('tandemAttach', { numberOfKeys: 3, lua: ATTACH });
    this.redis.defineCommand('tandemDetach', { numberOfKeys: 2, lua: DETACH });
    this.redis.defineCommand('tandemSweep', { numberOfKeys: 1, lua: SWEEP });
    this.redis.defineCommand('tandemClaim', { numberOfKeys: 1, lua: CLAIM });
    const every = (ms: number, work: () => Promise<void>, what: string) => {
      let running = false;
      const timer = setInterval(() => {
        if (running || this.#closed) return;
        running = true;
        work()
          .catch((error: unknown) =>
            log.warn(`redis ${what} failed`, error instanceof Error ? error.message : error),
          )
          .finally(() => (running = false));
      }, ms);
      timer.unref();
      this.#intervals.push(timer);
    };
    every(Math.max(Math.floor(this.#ttlMs / 3), 50), () => this.#beat(), 'heartbeat');
    every(options.pollMs ?? 100, () => this.#claim(), 'timer poll');
    every(Math.min(1000, this.#ttlMs), () => this.#sweep(), 'sweep');
  }

  async start(): Promise<void> {
    await this.#beat();
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  key(name: string): string {
    return this.prefix + name;
  }

  onDue(kind: string, handler: Handler): void {
    this.#onDue.set(kind, handler);
  }

  onAbsent(space: string, handler: Handler): void {
    this.#onAbsent.set(space, handler);
  }

  /** This process now has a connection for `name` in `space`. */
  async attach(space: string, name: string): Promise<void> {
    const member = `${space}|${name}`;
    await this.#call('tandemAttach', [
      this.key(`party:${member}`),
      this.key(`proc:${this.processId}`),
      this.key('procs'),
      this.processId,
      member,
      Date.now() + this.#ttlMs,
    ]);
  }

  /** This process has no connection for it any more; resolves to whether any process still has. */
  async detach(space: string, name: string): Promise<boolean> {
    const member = `${space}|${name}`;
    const left = await this.#call('tandemDetach', [
      this.key(`party:${member}`),
      this.key(`proc:${this.processId}`),
      this.processId,
      member,
    ]);
    return Number(left) > 0;
  }

  async isHere(space: string, name: string): Promise<boolean> {
    return (await this.redis.hlen(this.key(`party:${space}|${name}`))) > 0;
  }

  async schedule(kind: string, name: string, dueMs: number): Promise<void> {
    await this.redis.zadd(this.key('timers'), dueMs, `${kind}|${name}`);
  }

  async cancel(kind: string, name: string): Promise<void> {
    await this.redis.zrem(this.key('timers'), `${kind}|${name}`);
  }

  /** Stops beating and polling; the entries of this process are swept by the others. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#intervals) clearInterval(timer);
    // Expired now: the next sweep of another process takes this process's parties as gone (each
    // still with its grace), instead of waiting for the heartbeat to lapse.
    await this.redis.zadd(this.key('procs'), 0, this.processId).catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
  }

  async #call(command: string, args: Array<string | number>): Promise<unknown> {
    // defineCommand adds the method at run time; ioredis types do not know it.
    const fn = (this.redis as unknown as Record<string, (...a: Array<string | number>) => Promise<unknown>>)[
      command
    ];
    if (!fn) throw new Error(`no redis command ${command}`);
    return fn.apply(this.redis, args);
  }

  async #beat(): Promise<void> {
    await this.redis.zadd(this.key('procs'), Date.now() + this.#ttlMs, this.processId);
  }

  async #claim(): Promise<void> {
    const due = (await this.#call('tandemClaim', [this.key('timers'), Date.now()])) as string[];
    for (const entry of due) {
      const cut = entry.indexOf('|');
      const handler = this.#onDue.get(entry.slice(0, cut));
      if (!handler) continue;
      Promise.resolve()
        .then(() => handler(entry.slice(cut + 1)))
        .catch((error: unknown) => log.error(`due timer ${entry} failed`, error));
    }
  }

  async #sweep(): Promise<void> {
    const absent = (await this.#call('tandemSweep', [
      this.key('procs'),
      Date.now(),
      this.prefix,
    ])) as string[];
    for (const member of absent) {
      const cut = member.indexOf('|');
      const handler = this.#onAbsent.get(member.slice(0, cut));
      if (!handler) continue;
      log.info(`a hub process went away; ${member} has no connection left`);
      Promise.resolve()
        .then(() => handler(member.slice(cut + 1)))
        .catch((error: unknown) => log.error(`${member}: handling its absence failed`, error));
    }
  }
}

/** Runs work on one key one at a time, in order (so Redis sees a party's attach before its detach). */
class Chains {
  readonly #tails = new Map<string, Promise<unknown>>();

  run(key: string, work: () => Promise<void>): void {
    const tail = (this.#tails.get(key) ?? Promise.resolve())
      .then(work)
      .catch((error: unknown) =>
        log.warn(`cluster state of ${key}`, error instanceof Error ? error.message : error),
      );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
  }
}

const partyKey = (party: Party): string => JSON.stringify([party.orgId, party.kind, party.id]);

function parseParty(key: string): Party | null {
  try {
    const value: unknown = JSON.parse(key);
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [orgId, kind, id] = value as unknown[];
    if (typeof orgId !== 'string' || typeof id !== 'string') return null;
    if (kind !== 'visitor' && kind !== 'agent') return null;
    return { orgId, kind, id };
  } catch {
    return null;
  }
}

/** Departures across processes: presence in Redis, each grace a due timer any process may fire. */
export class RedisPartyWatch implements PartyWatch {
  readonly #coordinator: RedisCoordinator;
  readonly #local = new Map<string, number>();
  readonly #chains = new Chains();
  #judge: DepartureJudge | null = null;
  #closed = false;

  constructor(coordinator: RedisCoordinator) {
    this.#coordinator = coordinator;
    coordinator.onDue('gone', (key) => this.#due(key));
    coordinator.onAbsent('party', (key) => {
      const party = parseParty(key);
      if (party) this.#chains.run(key, () => this.#away(party));
    });
  }

  judgeWith(judge: DepartureJudge): void {
    this.#judge = judge;
  }

  attach(party: Party): void {
    const key = partyKey(party);
    const count = (this.#local.get(key) ?? 0) + 1;
    this.#local.set(key, count);
    if (count !== 1) return;
    const c = this.#coordinator;
    this.#chains.run(key, async () => {
      await c.attach('party', key);
      await c.redis.hdel(c.key('away'), key);
      await c.cancel('gone', key);
    });
  }

  detach(party: Party): void {
    // Closing: sockets going now mean nobody left; the other processes sweep this one's parties.
    if (this.#closed) return;
    const key = partyKey(party);
    const count = (this.#local.get(key) ?? 0) - 1;
    if (count < 0) return;
    if (count > 0) {
      this.#local.set(key, count);
      return;
    }
    this.#local.delete(key);
    this.#chains.run(key, async () => {
      if (!(await this.#coordinator.detach('party', key))) await this.#away(party);
    });
  }

  review(party: Party): void {
    this.#chains.run(partyKey(party), () => this.#review(party));
  }

  close(): void {
    this.#closed = true;
  }

  /** The party has no connection in any process: its grace counts from now (unless it did already). */
  async #away(party: Party): Promise<void> {
    const c = this.#coordinator;
    await c.redis.hsetnx(c.key('away'), partyKey(party), String(Date.now()));
    await this.#review(party);
  }

  async #review(party: Party): Promise<void> {
    const judge = this.#judge;
    if (this.#closed || !judge) return;
    const c = this.#coordinator;
    const key = partyKey(party);
    if (await c.isHere('party', key)) {
      await c.cancel('gone', key);
      return;
    }
    if (judge.prepare) await judge.prepare(party);
    const grace = judge.graceFor(party);
    if (grace === null) {
      await c.cancel('gone', key);
      await c.redis.hdel(c.key('away'), key);
      return;
    }
    await c.redis.hsetnx(c.key('away'), key, String(Date.now()));
    const since = Number(await c.redis.hget(c.key('away'), key));
    await c.schedule('gone', key, since + grace);
  }

  async #due(key: string): Promise<void> {
    const judge = this.#judge;
    const party = parseParty(key);
    if (this.#closed || !judge || !party) return;
    const c = this.#coordinator;
    const awayMs = async (): Promise<number | null> => {
      if (await c.isHere('party', key)) return null;
      const since = await c.redis.hget(c.key('away'), key);
      return since === null ? null : Date.now() - Number(since);
    };
    await judge.gone(party, awayMs);
    // Re-armed for whatever is still at stake (nothing, once the judge acted).
    this.review(party);
  }
}

/** Agents present in any process, with a grace after their last connection anywhere. */
export class RedisPresence implements AgentPresence {
  readonly #coordinator: RedisCoordinator;
  readonly #bus: Bus;
  readonly #graceMs: number;
  readonly #local = new Map<string, number>();
  readonly #present = new Map<string, Set<string>>();
  readonly #chains = new Chains();
  #closed = false;

  constructor(coordinator: RedisCoordinator, bus: Bus, graceMs: number) {
    this.#coordinator = coordinator;
    this.#bus = bus;
    this.#graceMs = graceMs;
    coordinator.onDue('presence', (key) => this.#expire(key));
    coordinator.onAbsent('agent', (key) => coordinator.schedule('presence', key, Date.now() + this.#graceMs));
  }

  isPresent(orgId: string, agentId: string): boolean {
    return (
      (this.#local.get(agentKey(orgId, agentId)) ?? 0) > 0 ||
      (this.#present.get(orgId)?.has(agentId) ?? false)
    );
  }

  async fresh(orgId: string): Promise<void> {
    const c = this.#coordinator;
    this.#present.set(orgId, new Set(await c.redis.smembers(c.key(`present:${orgId}`))));
  }

  attach(orgId: string, agentId: string): void {
    const key = agentKey(orgId, agentId);
    const count = (this.#local.get(key) ?? 0) + 1;
    this.#local.set(key, count);
    if (count !== 1) return;
    const c = this.#coordinator;
    this.#chains.run(key, async () => {
      await c.attach('agent', key);
      await c.cancel('presence', key);
      if ((await c.redis.sadd(c.key(`present:${orgId}`), agentId)) === 1) {
        this.#present.get(orgId)?.add(agentId);
        await this.#bus.publish('agent.changed', { orgId, agentId });
      }
    });
  }

  detach(orgId: string, agentId: string): void {
    if (this.#closed) return;
    const key = agentKey(orgId, agentId);
    const count = (this.#local.get(key) ?? 0) - 1;
    if (count < 0) return;
    if (count > 0) {
      this.#local.set(key, count);
      return;
    }
    this.#local.delete(key);
    const c = this.#coordinator;
    this.#chains.run(key, async () => {
      if (!(await c.detach('agent', key))) await c.schedule('presence', key, Date.now() + this.#graceMs);
    });
  }

  close(): void {
    this.#closed = true;
    this.#present.clear();
  }

  async #expire(key: string): Promise<void> {
    const c = this.#coordinator;
    if (await c.isHere('agent', key)) return;
    const [orgId, agentId] = JSON.parse(key) as [string, string];
    if ((await c.redis.srem(c.key(`present:${orgId}`), agentId)) === 1) {
      this.#present.get(orgId)?.delete(agentId);
      await this.#bus.publish('agent.changed', { orgId, agentId });
    }
  }
}

const agentKey = (orgId: string, agentId: string): string => JSON.stringify([orgId, agentId]);

/** Command replies remembered across processes for `ttlSeconds`. */
export class RedisReplies implements ReplyMemory {
  readonly #coordinator: RedisCoordinator;
  readonly #ttlSeconds: number;

  constructor(coordinator: RedisCoordinator, ttlSeconds = 600) {
    this.#coordinator = coordinator;
    this.#ttlSeconds = ttlSeconds;
  }

  async get(key: string): Promise<RememberedReply | undefined> {
    const text = await this.#coordinator.redis.get(this.#coordinator.key(`reply:${key}`));
    // Written by `set` below from a typed reply.
    return text === null ? undefined : (JSON.parse(text) as RememberedReply);
  }

  async set(key: string, reply: RememberedReply): Promise<void> {
    await this.#coordinator.redis.set(
      this.#coordinator.key(`reply:${key}`),
      JSON.stringify(reply),
      'EX',
      this.#ttlSeconds,
    );
  }
}
