/**
 * Hostile frames against a real hub process: frames nested tens of thousands deep and frames over the
 * size limit are answered with `bad-frame` / `frame-too-large` before validation, the connection and
 * the hub keep serving, and the hub's log does not grow a stack trace per frame.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { ErrorFrame, HubFrame } from '../../src/protocol/frames.js';
import { startTestHub, type TestHub } from '../support/start-hub.js';
import { TestClient } from '../server/client.js';

const isError = (frame: HubFrame): frame is ErrorFrame => frame.type === 'error';

/** How many hostile frames of each kind one connection sends. */
const BURST = 100;

let hub: TestHub | undefined;
/** The hub's stderr, as start-hub echoes it with TANDEM_TEST_HUB_LOG=1 (captured here, not printed). */
let hubLog = '';
const write = process.stderr.write.bind(process.stderr);

before(async () => {
  const echo = process.env['TANDEM_TEST_HUB_LOG'];
  process.env['TANDEM_TEST_HUB_LOG'] = '1';
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    hubLog += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return echo === '1' ? write(chunk, ...rest) : true;
  }) as typeof process.stderr.write;
  try {
    hub = await startTestHub();
  } finally {
    if (echo === undefined) delete process.env['TANDEM_TEST_HUB_LOG'];
    else process.env['TANDEM_TEST_HUB_LOG'] = echo;
  }
});

after(async () => {
  await hub?.stop();
  process.stderr.write = write;
});

/** `[[[…]]]` nested `depth` deep. */
function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** Sends `raw` and waits for the next error frame on `client`. */
async function errorFor(client: TestClient, raw: string): Promise<ErrorFrame> {
  const mark = client.frames.length;
  client.sendRaw(raw);
  return client.waitFor(isError, mark);
}

describe('deep and oversized frames', () => {
  it('answers a 30,000-deep frame with bad-frame, wherever the nesting is, and keeps serving', async () => {
    const client = await TestClient.connect(hub!.port, { origin: 'http://localhost:3000' });
    try {
      for (const raw of [
        `{"v":${nested(30_000)},"type":"hello","id":"d1"}`,
        `{"v":1,"type":"chat.send","id":"d2","conversationId":"x","messageId":"m","text":${nested(30_000)}}`,
        `{"v":1,"type":"ticket.join","id":"d3","queue":"default","data":{"a":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}`,
        nested(30_000),
      ]) {
        const error = await errorFor(client, raw);
        assert.equal(error.code, 'bad-frame', raw.slice(0, 60));
      }
      // The same connection still works.
      const reply = await client.command({ type: 'hello' });
      assert.equal(reply.type, 'reply');
    } finally {
      await client.close();
    }
  });

  it('answers a frame over the size limit with frame-too-large, naming its id, and keeps serving', async () => {
    const client = await TestClient.connect(hub!.port, { origin: 'http://localhost:3000' });
    try {
      const big = JSON.stringify({ v: 1, type: 'hello', id: 'big1', pad: 'x'.repeat(70 * 1024) });
      const error = await errorFor(client, big);
      assert.equal(error.code, 'frame-too-large');
      assert.equal(error.re, 'big1');
      const reply = await client.command({ type: 'hello' });
      assert.equal(reply.type, 'reply');
    } finally {
      await client.close();
    }
  });

  it(`takes ${BURST} of each without a stack trace per frame, and other clients are served throughout`, async () => {
    const before = hubLog.length;
    const attacker = await TestClient.connect(hub!.port, { origin: 'http://localhost:3000' });
    const bystander = await TestClient.connect(hub!.port, { origin: 'http://localhost:3000' });
    try {
      const deep = `{"v":1,"type":"hello","id":"x","v2":${nested(30_000)}}`;
      const large = JSON.stringify({ v: 1, type: 'hello', id: 'y', pad: 'x'.repeat(100 * 1024) });
      const mark = attacker.frames.length;
      for (let i = 0; i < BURST; i++) {
        attacker.sendRaw(deep);
        attacker.sendRaw(large);
      }
      assert.equal((await bystander.command({ type: 'hello' })).type, 'reply');
      // Every hostile frame got its error, in order, and nothing else came back.
      await attacker.waitFor(() => attacker.frames.length - mark >= 2 * BURST, mark);
      const answers = attacker.frames.slice(mark);
      assert.equal(answers.length, 2 * BURST);
      const codes = answers.map((frame) => (isError(frame) ? frame.code : frame.type));
      assert.deepEqual(new Set(codes), new Set(['bad-frame', 'frame-too-large']));
      assert.equal((await attacker.command({ type: 'hello' })).type, 'reply');
      const logged = hubLog.slice(before);
      assert.doesNotMatch(logged, /\n\s+at /, 'no stack trace in the hub log');
      assert.ok(
        logged.split('\n').length < BURST,
        `the log does not grow a line per frame:\n${logged.slice(0, 2000)}`,
      );
    } finally {
      await attacker.close();
      await bystander.close();
    }
  });
});
