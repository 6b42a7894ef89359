/**
 * The ports of a hub process that shares PostgreSQL (the record) and Redis (fan-out, presence,
 * timers, replies) with other hub processes: see server/ports.ts for what each port is.
 */
import { log } from '../log.js';
import type { HubPorts } from '../ports.js';
import { DEFAULT_PRESENCE_GRACE_MS } from '../services/presence.js';
import { PostgresStore } from '../store/postgres-store.js';
import { RedisBus } from './redis-bus.js';
import { RedisCoordinator, RedisPartyWatch, RedisPresence, RedisReplies } from './redis-coordination.js';

export interface ClusterConfig {
  databaseUrl: string;
  redisUrl: string;
  /** Prefix of every Redis key and channel (default `tandem:`): several clusters on one Redis. */
  redisPrefix?: string;
  presenceGraceMs?: number;
  /** How long a process that stopped answering (kill -9) still counts as alive (ms, default 10000). */
  processTtlMs?: number;
}

/** Connects to both (Postgres migrated); rejects, having closed what it opened, if either fails. */
export async function openClusterPorts(config: ClusterConfig): Promise<HubPorts> {
  const prefix = config.redisPrefix ?? 'tandem:';
  const store = await PostgresStore.open(config.databaseUrl);
  let bus: RedisBus | undefined;
  let coordinator: RedisCoordinator | undefined;
  try {
    bus = new RedisBus(config.redisUrl, prefix);
    coordinator = new RedisCoordinator(config.redisUrl, prefix, {
      ...(config.processTtlMs === undefined ? {} : { processTtlMs: config.processTtlMs }),
    });
    await Promise.all([bus.ready(), coordinator.start()]);
  } catch (error) {
    await coordinator?.close();
    await bus?.close();
    await store.close();
    throw error;
  }
  const ready = { bus, coordinator };
  log.info(`cluster process ${coordinator.processId}: Postgres and Redis reachable`);
  return {
    kind: 'cluster',
    store,
    bus,
    presence: new RedisPresence(coordinator, bus, config.presenceGraceMs ?? DEFAULT_PRESENCE_GRACE_MS),
    departures: new RedisPartyWatch(coordinator),
    lock: store,
    replies: new RedisReplies(coordinator),
    limitStore: { redis: coordinator.redis, prefix },
    async check() {
      await Promise.all([store.ping(), ready.bus.ping(), ready.coordinator.ping()]);
    },
    close: () => ready.coordinator.close(),
  };
}

/** A configuration mistake: reported as its message alone, without a stack. */
export class ConfigError extends Error {}

/**
 * The cluster configuration from the environment: both URLs, or neither (the embedded default).
 * One without the other is a mistake the hub refuses to start with.
 */
export function clusterConfigFromEnv(env: NodeJS.ProcessEnv): Omit<ClusterConfig, 'presenceGraceMs'> | null {
  const databaseUrl = env['TANDEM_DATABASE_URL'] ?? '';
  const redisUrl = env['TANDEM_REDIS_URL'] ?? '';
  if (databaseUrl === '' && redisUrl === '') return null;
  if (databaseUrl === '' || redisUrl === '') {
    const missing = databaseUrl === '' ? 'TANDEM_DATABASE_URL' : 'TANDEM_REDIS_URL';
    const given = databaseUrl === '' ? 'TANDEM_REDIS_URL' : 'TANDEM_DATABASE_URL';
    throw new ConfigError(
      `${given} is set but ${missing} is not. Several hub processes need both (Postgres for the record, ` +
        'Redis for presence, fan-out and timers); set both, or neither for one process on SQLite.',
    );
  }
  if (!/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError('TANDEM_DATABASE_URL must be a postgres:// (or postgresql://) URL.');
  if (!/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError('TANDEM_REDIS_URL must be a redis:// (or rediss://) URL.');
  const prefix = env['TANDEM_REDIS_PREFIX'];
  return { databaseUrl, redisUrl, ...(prefix ? { redisPrefix: prefix } : {}) };
}
