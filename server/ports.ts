/**
 * What differs between one hub process and several, behind ports that `startHub` takes:
 *
 *   store       the record: SQLite (embedded) | Postgres
 *   bus         fan-out between services and connections: memory | Redis pub/sub
 *   presence    which agents are here, entries that expire: memory | Redis
 *   departures  which parties of tickets and calls are here, and their grace periods as timers
 *               that fire once in the cluster: this process's timers | due entries in Redis
 *   lock        the cluster-wide turn on an org's line and on a conversation (several only)
 *   replies     command replies remembered by (org, party, command id) (several only)
 *
 * `embeddedPorts` is the default: one process, SQLite in the data directory, everything else in
 * memory, exactly as a hub without configuration has always run. server/cluster/ports.ts builds
 * the ports of a hub that shares Postgres and Redis with others.
 */
import type { Bus } from './bus/bus.js';
import { MemoryBus } from './bus/memory-bus.js';
import type { PartyWatch } from './services/departures.js';
import { Departures } from './services/departures.js';
import type { ClusterLock } from './services/line.js';
import type { AgentPresence } from './services/presence.js';
import { DEFAULT_PRESENCE_GRACE_MS, Presence } from './services/presence.js';
import { lockDataDir } from './store/data-dir-lock.js';
import { SqliteStore } from './store/sqlite-store.js';
import { explainStoreError } from './store/startup-errors.js';
import type { Store } from './store/store.js';
import type { ReplyMemory } from './transport/replies.js';
import type { SharedLimitStore } from './services/limits/rate-limits.js';

export interface HubPorts {
  /** `embedded` (SQLite and memory) or `cluster` (Postgres and Redis), for logs and /readyz. */
  kind: 'embedded' | 'cluster';
  store: Store;
  bus: Bus;
  presence: AgentPresence;
  departures: PartyWatch;
  /** Present when other processes share the store. */
  lock?: ClusterLock;
  replies?: ReplyMemory;
  /** Where rate limits count when processes share them (several only; else each process in memory). */
  limitStore?: SharedLimitStore;
  /** Rejects when the store or the bus cannot be reached (readiness). */
  check(): Promise<void>;
  /** Closes what the ports hold besides the store and the bus (which the hub closes last). */
  close(): Promise<void>;
}

/** Throws a ConfigError naming the path and the fix when the data directory or its database is unusable. */
export function embeddedPorts(options: { dataDir: string; presenceGraceMs?: number }): HubPorts {
  let unlock: () => void;
  try {
    unlock = lockDataDir(options.dataDir);
  } catch (error) {
    throw explainStoreError(error, options.dataDir);
  }
  let store: SqliteStore;
  try {
    store = new SqliteStore(options.dataDir);
  } catch (error) {
    unlock();
    throw explainStoreError(error, options.dataDir);
  }
  const bus = new MemoryBus();
  return {
    kind: 'embedded',
    store,
    bus,
    presence: new Presence(bus, options.presenceGraceMs ?? DEFAULT_PRESENCE_GRACE_MS),
    departures: new Departures(),
    check: () => store.ping(),
    close: async () => unlock(),
  };
}
