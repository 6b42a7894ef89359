/**
 * Opening-hours transitions reach subscribers by timer, without anything else happening:
 * the feed arms one timer per watched queue at its next opening or closing. Runs the real
 * services on a real (temporary) SQLite store, with node's mocked clock and timers.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, mock } from 'node:test';

import type { QueueState } from '../../src/protocol/frames.js';
import { MemoryBus } from '../../server/bus/memory-bus.js';
import { AgentService } from '../../server/services/agents.js';
import { Presence } from '../../server/services/presence.js';
import { Line } from '../../server/services/line.js';
import { QueueFeed } from '../../server/services/queue-feed.js';
import type { QueueSubscriber } from '../../server/services/queue-feed.js';
import { QueueService } from '../../server/services/queues.js';
import { seedIfEmpty } from '../../server/store/seed.js';
import { SqliteStore } from '../../server/store/sqlite-store.js';

/** Lets queued promise work run (setImmediate is not mocked). */
async function settle(until: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !until(); i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('queue feed', () => {
  let dataDir: string;
  let store: SqliteStore;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tandem-feed-'));
    store = new SqliteStore(dataDir);
    await seedIfEmpty(store);
  });
  after(async () => {
    mock.timers.reset();
    await store?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('pushes the fashion queue closing and opening at its opening-hours instants, across the DST change', async () => {
    // Friday 28 March 2025, 16:59 in Stockholm: one minute before closing.
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: Date.parse('2025-03-28T15:59:00Z') });
    const bus = new MemoryBus();
    const presence = new Presence(bus, 100);
    const agents = new AgentService(store, bus, presence);
    const queues = new QueueService(store, agents, new Line(store));
    const feed = new QueueFeed(queues, bus);
    const pushed: QueueState[] = [];
    const subscriber: QueueSubscriber = { baseUrl: 'http://hub.test', push: (state) => pushed.push(state) };

    try {
      const first = await feed.subscribe(await queues.resolve('demo', 'fashion'), subscriber);
      assert.equal(first.isOpen, true);
      assert.equal(first.nextCloseTime, '2025-03-28T16:00:00.000Z');

      mock.timers.tick(59_000);
      await settle(() => pushed.length > 0);
      assert.equal(pushed.length, 0, 'still open at 16:59:59');

      mock.timers.tick(1_001);
      await settle(() => pushed.length > 0);
      assert.equal(pushed.length, 1);
      assert.equal(pushed[0]!.isOpen, false);
      assert.equal(pushed[0]!.nextOpenTime, '2025-03-29T09:00:00.000Z');

      // To Saturday 10:00 CET: opens.
      mock.timers.tick(Date.parse('2025-03-29T09:00:00Z') - Date.now() + 1);
      await settle(() => pushed.length > 1);
      assert.equal(pushed.length, 2);
      assert.equal(pushed[1]!.isOpen, true);
      assert.equal(pushed[1]!.nextCloseTime, '2025-03-29T13:00:00.000Z');

      // Closes at 14:00 CET, and next opens Monday 09:00 CEST, after the clocks went forward.
      mock.timers.tick(Date.parse('2025-03-29T13:00:00Z') - Date.now() + 1);
      await settle(() => pushed.length > 2);
      assert.equal(pushed[2]!.isOpen, false);
      assert.equal(pushed[2]!.nextOpenTime, '2025-03-31T07:00:00.000Z');

      mock.timers.tick(Date.parse('2025-03-31T07:00:00Z') - Date.now() + 1);
      await settle(() => pushed.length > 3);
      assert.equal(pushed.length, 4);
      assert.equal(pushed[3]!.isOpen, true);

      // Once unsubscribed, no more timers fire for it.
      feed.unsubscribe('demo', 'fashion', subscriber);
      mock.timers.tick(24 * 3_600_000);
      await settle(() => pushed.length > 4);
      assert.equal(pushed.length, 4);
    } finally {
      feed.close();
      presence.close();
      await bus.close();
      mock.timers.reset();
    }
  });
});
