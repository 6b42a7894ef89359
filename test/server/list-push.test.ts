/**
 * ListPush on its own: diffs that rebuild the list, one per tick however many changes, and a
 * client that is not reading gets nothing queued, then one diff to the latest list.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';

import type { ListDiff } from '../../src/protocol/frames.js';
import { applyListDiff } from '../../src/protocol/list-diff.js';
import type { Connection } from '../../server/transport/connection.js';
import { LIST_BACKLOG_BYTES, LIST_TICK_MS, ListPush } from '../../server/transport/list-push.js';

interface Item {
  id: string;
  n: number;
}

/** Lets the pushes' promise chains run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setUp() {
  let list: Item[] = [];
  const sent: ListDiff<Item>[] = [];
  const connection = { id: 'c', closed: false, socket: { bufferedAmount: 0 } };
  const push = new ListPush<Item>(connection as unknown as Connection, {
    read: () => Promise.resolve(list.map((item) => ({ ...item }))),
    idOf: (item) => item.id,
    send: (diff) => sent.push(diff),
  });
  return {
    push,
    sent,
    connection,
    set: (next: Item[]) => {
      list = next;
      push.changed();
    },
  };
}

describe('ListPush', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('sends one diff per tick that turns the client list into the latest one', async () => {
    const { push, sent, set } = setUp();
    const first = await push.snapshot();
    let client = first.list;
    const items = (ns: number[]) => ns.map((n) => ({ id: `t${n}`, n }));
    set(items([1, 2, 3]));
    set(items([1, 2, 3, 4]));
    mock.timers.tick(LIST_TICK_MS);
    await settle();
    assert.equal(sent.length, 1, 'two changes in a tick: one diff');
    set([{ id: 't4', n: 40 }, ...items([1, 3, 5])]);
    mock.timers.tick(LIST_TICK_MS);
    await settle();
    set([]);
    mock.timers.tick(LIST_TICK_MS);
    await settle();
    set(items([7]));
    set(items([7]));
    mock.timers.tick(LIST_TICK_MS);
    await settle();
    mock.timers.tick(LIST_TICK_MS);
    await settle();
    const expected = [[1, 2, 3, 4], [40, 1, 3, 5], [], [7]];
    assert.equal(sent.length, expected.length, 'no diff without a change');
    sent.forEach((diff, i) => {
      assert.equal(diff.seq, first.seq + i + 1);
      client = applyListDiff(client, diff, (item) => item.id);
      assert.deepEqual(
        client.map((item) => item.n),
        expected[i],
      );
    });
    assert.ok(sent[1]!.order, 'a move is told with the order');
    assert.equal(sent[0]!.upsert.length, 4);
  });

  it('queues nothing for a client that is not reading, then sends it the latest list once', async () => {
    const { push, sent, set, connection } = setUp();
    const { list } = await push.snapshot();
    connection.socket.bufferedAmount = LIST_BACKLOG_BYTES + 1;
    for (let n = 1; n <= 100; n++) {
      set(Array.from({ length: n }, (_, i) => ({ id: `t${i}`, n: i })));
      mock.timers.tick(LIST_TICK_MS);
      await settle();
    }
    assert.equal(sent.length, 0);
    connection.socket.bufferedAmount = 0;
    mock.timers.tick(LIST_TICK_MS);
    await settle();
    assert.equal(sent.length, 1);
    assert.equal(applyListDiff(list, sent[0]!, (item) => item.id).length, 100);
  });

  it('stops with its connection', async () => {
    const { push, sent, set, connection } = setUp();
    await push.snapshot();
    connection.closed = true;
    set([{ id: 'a', n: 1 }]);
    mock.timers.tick(LIST_TICK_MS);
    await settle();
    assert.deepEqual(sent, []);
  });
});
