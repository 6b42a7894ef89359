/**
 * Lru on its own: bounded by its limit, the oldest keys go first, and a key used recently outlives
 * half the limit's worth of new keys, whichever generation the hit found it in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Lru } from '../../server/transport/lru.js';

/** The keys of 0..n-1 still held. */
function held(lru: Lru<number, string>, n: number): number[] {
  const keys: number[] = [];
  for (let k = 0; k < n; k++) if (lru.get(k) !== undefined) keys.push(k);
  return keys;
}

describe('Lru', () => {
  it('returns what was set, and undefined for what was not', () => {
    const lru = new Lru<string, number>(4);
    lru.set('a', 1);
    lru.set('b', 2);
    assert.equal(lru.get('a'), 1);
    assert.equal(lru.get('b'), 2);
    assert.equal(lru.get('c'), undefined);
    lru.set('a', 3);
    assert.equal(lru.get('a'), 3, 'a second set replaces the value');
    assert.equal(lru.size, 2);
  });

  it('never holds more than its limit, and keeps at least the newest half of it, dropping the oldest keys', () => {
    const lru = new Lru<number, string>(8);
    for (let k = 0; k < 20; k++) {
      lru.set(k, `v${k}`);
      assert.ok(lru.size <= 8, `${lru.size} keys after ${k + 1}`);
    }
    const kept = held(lru, 20);
    assert.ok(kept.length >= 4, `kept ${kept.length}`);
    assert.deepEqual(
      kept,
      Array.from({ length: kept.length }, (_, i) => 20 - kept.length + i),
      'the newest',
    );
  });

  it('keeps a key that is read over and over while new keys stream past', () => {
    const lru = new Lru<number, string>(10);
    lru.set(-1, 'hot');
    for (let k = 0; k < 1000; k++) {
      lru.set(k, `v${k}`);
      assert.equal(lru.get(-1), 'hot', `lost the hot key after ${k + 1} new keys`);
      assert.ok(lru.size <= 10);
    }
  });

  for (const use of ['read', 'written'] as const) {
    it(`keeps a key just ${use}, young or old, while fewer than half the limit in new keys come`, () => {
      for (let written = 1; written <= 30; written++) {
        const fill = () => {
          const lru = new Lru<number, string>(10);
          for (let k = 0; k < written; k++) lru.set(k, `v${k}`);
          return lru;
        };
        // Every key still held, from the oldest to the newest: each use saves it for 4 more keys.
        for (const key of held(fill(), written)) {
          const lru = fill();
          if (use === 'read') assert.equal(lru.get(key), `v${key}`);
          else lru.set(key, 'again');
          for (let k = 100; k < 104; k++) lru.set(k, `v${k}`);
          assert.ok(lru.get(key) !== undefined, `key ${key} of ${written} went after 4 new keys`);
        }
      }
    });
  }

  it('answers the latest value of a key written again after it aged, and forgets it everywhere on delete', () => {
    const lru = new Lru<string, number>(4);
    lru.set('a', 1);
    lru.set('b', 2); // 'a' and 'b' are the old generation now
    lru.set('a', 3);
    assert.equal(lru.get('a'), 3);
    assert.equal(lru.size, 2);
    lru.set('c', 4); // 'a' (3) and 'c' are the old generation now
    assert.equal(lru.get('a'), 3);
    lru.set('a', 5);
    lru.delete('a');
    assert.equal(lru.get('a'), undefined);
    assert.ok(lru.size <= 4);
  });

  it('forgets deleted and cleared keys', () => {
    const lru = new Lru<string, number>(4);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.delete('a');
    assert.equal(lru.get('a'), undefined);
    assert.equal(lru.size, 1);
    lru.clear();
    assert.equal(lru.get('b'), undefined);
    assert.equal(lru.size, 0);
  });

  it('works with a limit of one', () => {
    const lru = new Lru<string, number>(1);
    lru.set('a', 1);
    assert.equal(lru.get('a'), 1);
    lru.set('b', 2);
    assert.equal(lru.get('a'), undefined);
    assert.equal(lru.get('b'), 2);
  });
});
