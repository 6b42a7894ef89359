/**
 * Lru on its own: bounded, the old end goes first, and a key used recently outlives more than
 * half the limit's worth of new keys, whether or not the hit moved it.
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

  it('never holds more than its limit, dropping the oldest keys first', () => {
    const lru = new Lru<number, string>(8);
    for (let k = 0; k < 20; k++) lru.set(k, `v${k}`);
    assert.equal(lru.size, 8);
    assert.deepEqual(held(lru, 20), [12, 13, 14, 15, 16, 17, 18, 19]);
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

  it('keeps a key read in the young half as well as one read in the old half', () => {
    for (const readAfter of [0, 2, 4, 5, 7, 9]) {
      const lru = new Lru<number, string>(10);
      for (let k = 0; k < 10; k++) lru.set(k, `v${k}`);
      // The key written `readAfter` keys before the newest, from the young end to the old end.
      const key = 9 - readAfter;
      assert.equal(lru.get(key), `v${key}`);
      // More than half the limit in new keys may push it out; half of it may not.
      for (let k = 100; k < 105; k++) lru.set(k, `v${k}`);
      assert.equal(lru.get(key), `v${key}`, `key ${key} went after 5 new keys`);
    }
  });

  it('counts a write of a held key as a use', () => {
    const lru = new Lru<number, string>(4);
    for (let k = 0; k < 4; k++) lru.set(k, `v${k}`);
    lru.set(0, 'again');
    lru.set(10, 'v10');
    lru.set(11, 'v11');
    assert.equal(lru.get(0), 'again');
    assert.equal(lru.size, 4);
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
