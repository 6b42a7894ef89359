/**
 * Bad input never hurts the hub: every malformed frame gets an error frame with the right code,
 * the connection stays usable, and a few hundred garbage frames do not take the process down.
 * Also the schemas on their own (parseClientFrame).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { ErrorFrame, HubFrame } from '../../src/protocol/frames.js';
import { MAX_FRAME_BYTES, parseClientFrame } from '../../server/protocol/validate.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';
import { TestClient, http } from './client.js';

const isError = (frame: HubFrame): frame is ErrorFrame => frame.type === 'error';

describe('parseClientFrame', () => {
  it('accepts every command shape', () => {
    const frames = [
      { v: 1, type: 'hello', id: 'a' },
      { v: 1, type: 'hello', id: 'a', visitorToken: 'v_x', agentToken: 'a_y' },
      { v: 1, type: 'agent.signIn', id: 'a', agentId: 'anna', password: 'demo' },
      { v: 1, type: 'agent.signOut', id: 'a' },
      { v: 1, type: 'agent.setStatus', id: 'a', status: 'busy' },
      { v: 1, type: 'queue.subscribe', id: 'a', queue: 'Fashion' },
      { v: 1, type: 'queue.unsubscribe', id: 'a', queueId: 'fashion' },
      { v: 1, type: 'ping', id: 'x'.repeat(64) },
      { v: 1, type: 'ticket.join', id: 'a', queue: 'default' },
      {
        v: 1,
        type: 'ticket.join',
        id: 'a',
        queue: 'Fashion',
        data: { firstName: 'Joe', externalId: 123, nested: { list: [1, 'two', null] } },
        trackingTags: [
          { key: 'segment', value: 'premium' },
          { key: 'visits', value: 3.5 },
          { key: 'returning', value: false },
          { key: 'note', value: 'ö'.repeat(512) },
        ],
        callAgentId: 'anna',
        productIds: ['ITM-BLUE-SHIRT', 'EXT-RED-PANTS'],
        agentTags: ['fashion-support'],
        rejoinTicketId: 't1',
      },
      { v: 1, type: 'ticket.leave', id: 'a', ticketId: 't1' },
      { v: 1, type: 'ticket.resume', id: 'a', ticketId: 't1' },
      { v: 1, type: 'ticket.update', id: 'a', ticketId: 't1', data: {}, trackingTags: [] },
      { v: 1, type: 'tickets.watch', id: 'a' },
      { v: 1, type: 'call.accept', id: 'a' },
      { v: 1, type: 'call.accept', id: 'a', ticketId: 't1' },
      { v: 1, type: 'call.transfer', id: 'a', callId: 'c1', agentId: 'chen' },
      { v: 1, type: 'call.transfer', id: 'a', callId: 'c1', queue: 'Fashion' },
      { v: 1, type: 'call.hangup', id: 'a', callId: 'c1' },
      {
        v: 1,
        type: 'call.signal',
        id: 'a',
        callId: 'c1',
        signal: { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n'.repeat(4000) } },
      },
      {
        v: 1,
        type: 'call.signal',
        id: 'a',
        callId: 'c1',
        signal: {
          kind: 'candidate',
          candidate: { candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 },
        },
      },
      {
        v: 1,
        type: 'call.signal',
        id: 'a',
        callId: 'c1',
        signal: { kind: 'candidate', candidate: { candidate: '', sdpMid: null, sdpMLineIndex: null } },
      },
      { v: 1, type: 'call.signal', id: 'a', callId: 'c1', signal: { kind: 'candidate', candidate: null } },
      { v: 1, type: 'call.media', id: 'a', callId: 'c1', audio: false, video: true },
      ...chatFrames(),
    ];
    for (const frame of frames) {
      const parsed = parseClientFrame(JSON.stringify(frame));
      assert.deepEqual(parsed, { ok: true, frame }, JSON.stringify(frame));
    }
  });

  it('names the code, and the id when it could read one', () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['{not json', 'bad-frame', undefined],
      ['[1,2]', 'bad-frame', undefined],
      ['"text"', 'bad-frame', undefined],
      ['null', 'bad-frame', undefined],
      ['{"type":"ping","id":"a"}', 'bad-frame', 'a'],
      ['{"v":2,"type":"ping","id":"a"}', 'unsupported-version', 'a'],
      ['{"v":"1","type":"ping","id":"a"}', 'unsupported-version', 'a'],
      ['{"v":1,"type":"teleport","id":"a"}', 'unknown-type', 'a'],
      ['{"v":1,"type":"toString","id":"a"}', 'unknown-type', 'a'],
      ['{"v":1,"type":7,"id":"a"}', 'bad-frame', 'a'],
      ['{"v":1,"type":"ping","id":"a","extra":true}', 'bad-frame', 'a'],
      ['{"v":1,"type":"ping","id":"a","__proto__":{}}', 'bad-frame', 'a'],
      ['{"v":1,"type":"ping","id":""}', 'bad-frame', undefined],
      [`{"v":1,"type":"ping","id":"${'x'.repeat(65)}"}`, 'bad-frame', undefined],
      ['{"v":1,"type":"ping"}', 'bad-frame', undefined],
      ['{"v":1,"type":"agent.setStatus","id":"a","status":"away"}', 'bad-frame', 'a'],
      ['{"v":1,"type":"agent.signIn","id":"a","agentId":"anna"}', 'bad-frame', 'a'],
      [`{"v":1,"type":"queue.subscribe","id":"a","queue":"${'q'.repeat(129)}"}`, 'bad-frame', 'a'],
      [' '.repeat(MAX_FRAME_BYTES + 1), 'frame-too-large', undefined],
      ...[...badCallFrames(), ...badChatFrames()].map((frame): [string, string, string | undefined] => [
        JSON.stringify(frame),
        'bad-frame',
        'a',
      ]),
    ];
    for (const [text, code, re] of cases) {
      const parsed = parseClientFrame(text);
      assert.equal(parsed.ok, false, text.slice(0, 80));
      if (parsed.ok) continue;
      assert.equal(parsed.code, code, text.slice(0, 80));
      assert.equal(parsed.re, re, text.slice(0, 80));
      assert.ok(parsed.message.length > 0 && parsed.message.length <= 200);
    }
  });
});

describe('hub on bad input', () => {
  let hub: TestHub;
  let client: TestClient;

  before(async () => {
    hub = await startTestHub();
    client = await TestClient.connect(hub.port);
  });
  after(async () => {
    await client?.close();
    await hub?.stop();
  });

  /** Sends a raw frame, expects one error frame with `code`, then checks the connection still answers. */
  async function expectError(
    data: string | Buffer,
    code: string,
    options: { binary?: boolean; re?: string } = {},
  ) {
    const mark = client.frames.length;
    client.sendRaw(data, options.binary ?? false);
    const error = await client.waitFor(isError, mark);
    assert.equal(error.code, code);
    assert.equal(error.re, options.re);
    assert.ok(error.message.length > 0);
    assert.deepEqual(await client.ok({ type: 'ping' }), {}, 'the connection still answers');
  }

  it('answers malformed JSON with bad-frame', () => expectError('{"v":1,"type":', 'bad-frame'));
  it('answers an unknown type with unknown-type', () =>
    expectError('{"v":1,"type":"teleport","id":"t1"}', 'unknown-type', { re: 't1' }));
  it('answers a frame nested 30,000 deep with bad-frame, before anything walks it', async () => {
    const deep = `{"v":${'['.repeat(30_000)}1${']'.repeat(30_000)},"type":"ping","id":"t9"}`;
    await expectError(deep, 'bad-frame');
    // Brackets inside strings are text, not nesting: this frame reaches the queue lookup.
    const answer = await client.command({ type: 'queue.subscribe', queue: '[[[[{{{{\\"'.repeat(10) });
    assert.equal(answer.type === 'error' && answer.code, 'not-found');
  });
  it('answers a wrong version with unsupported-version', () =>
    expectError('{"v":2,"type":"ping","id":"t2"}', 'unsupported-version', { re: 't2' }));
  it('answers extra keys with bad-frame', () =>
    expectError('{"v":1,"type":"ping","id":"t3","admin":true}', 'bad-frame', { re: 't3' }));
  it('answers a 70 KiB frame with frame-too-large', () =>
    expectError(
      JSON.stringify({ v: 1, type: 'queue.subscribe', id: 't4', queue: 'x'.repeat(70 * 1024) }),
      'frame-too-large',
      {
        re: 't4',
      },
    ));
  it('answers a frame of multi-byte characters over the byte limit with frame-too-large', () =>
    expectError(
      JSON.stringify({ v: 1, type: 'ping', id: 't5', pad: 'ö'.repeat(40 * 1024) }),
      'frame-too-large',
      { re: 't5' },
    ));
  it('answers a ticket.join with 21 tracking tags with bad-frame', () =>
    expectError(
      JSON.stringify({
        v: 1,
        type: 'ticket.join',
        id: 't6',
        queue: 'default',
        trackingTags: Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, value: i })),
      }),
      'bad-frame',
      { re: 't6' },
    ));
  it('answers a 2 KB tracking tag string and a nested tag value with bad-frame', async () => {
    for (const [id, value] of [
      ['t7', 'x'.repeat(2048)],
      ['t8', { nested: true }],
    ] as const) {
      await expectError(
        JSON.stringify({
          v: 1,
          type: 'ticket.join',
          id,
          queue: 'default',
          trackingTags: [{ key: 'k', value }],
        }),
        'bad-frame',
        { re: id },
      );
    }
  });
  it('answers a binary frame with bad-frame', () =>
    expectError(Buffer.from('{"v":1,"type":"ping","id":"b"}'), 'bad-frame', { binary: true }));
  it('answers invalid UTF-8 with bad-frame', () =>
    expectError(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'bad-frame'));

  it('survives a few hundred random and garbage frames, answering every one', async () => {
    const random = mulberry32(0x7a4de3);
    const frames = Array.from({ length: 400 }, () => garbage(random));
    const mark = client.frames.length;
    for (const frame of frames) client.sendRaw(frame.data, frame.binary);
    const final = await client.command({ type: 'ping' });
    assert.equal(final.type, 'reply');
    // Frames are handled in order, one answer each, so every one was answered before the ping.
    const answers = client.frames.slice(mark).filter((f) => f.type === 'reply' || f.type === 'error');
    assert.equal(answers.length, frames.length + 1);
    assert.equal(
      answers.filter((f) => f.type === 'error' && f.code === 'internal').length,
      0,
      'no garbage reaches a handler as a bug',
    );
    const health = await http(hub.port, '/api/health');
    assert.equal(health.status, 200);
  });

  it('closes only the offending socket when a frame exceeds the 1 MiB transport limit', async () => {
    const victim = await TestClient.connect(hub.port);
    victim.sendRaw('x'.repeat(1024 * 1024 + 16));
    assert.equal((await victim.closed).code, 1009);
    assert.deepEqual(await client.ok({ type: 'ping' }), {});
  });
});

/** Call frames that break a limit or a shape, each with id "a". */
function badCallFrames(): Array<Record<string, unknown>> {
  const join = (extra: Record<string, unknown>) => ({
    v: 1,
    type: 'ticket.join',
    id: 'a',
    queue: 'default',
    ...extra,
  });
  const tags = (count: number) => Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: i }));
  const signal = (value: unknown) => ({ v: 1, type: 'call.signal', id: 'a', callId: 'c1', signal: value });
  return [
    join({ trackingTags: tags(21) }),
    join({ trackingTags: [{ key: 'big', value: 'x'.repeat(2048) }] }),
    // 1025 bytes of UTF-8 in 513 characters.
    join({ trackingTags: [{ key: 'big', value: 'x' + 'ö'.repeat(512) }] }),
    join({ trackingTags: [{ key: 'nested', value: { a: 1 } }] }),
    join({ trackingTags: [{ key: 'list', value: [1] }] }),
    join({ trackingTags: [{ key: 'nothing', value: null }] }),
    join({ trackingTags: [{ key: '', value: 1 }] }),
    join({ trackingTags: [{ key: 'k'.repeat(257), value: 1 }] }),
    join({ trackingTags: [{ key: 'k', value: 1, extra: true }] }),
    join({ data: [1, 2] }),
    join({ data: 'text' }),
    join({ data: { blob: 'x'.repeat(17 * 1024) } }),
    join({ data: JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)) as unknown }),
    join({ productIds: Array.from({ length: 51 }, (_, i) => `p${i}`) }),
    join({ productIds: ['p'.repeat(201)] }),
    join({ agentTags: [7] }),
    join({ callAgentId: 'x'.repeat(65) }),
    join({ queue: undefined }),
    { v: 1, type: 'ticket.leave', id: 'a' },
    { v: 1, type: 'ticket.update', id: 'a', ticketId: 't1', trackingTags: tags(21) },
    { v: 1, type: 'tickets.watch', id: 'a', all: true },
    { v: 1, type: 'call.transfer', id: 'a', callId: 'c1' },
    { v: 1, type: 'call.transfer', id: 'a', callId: 'c1', agentId: 'chen', queue: 'Fashion' },
    { v: 1, type: 'call.media', id: 'a', callId: 'c1', audio: 'off', video: true },
    signal({ kind: 'description', description: { type: 'pranswer', sdp: 'v=0' } }),
    signal({ kind: 'description', description: { type: 'offer', sdp: 'x'.repeat(33 * 1024) } }),
    signal({ kind: 'description', description: { type: 'offer', sdp: 'v=0' }, candidate: null }),
    signal({ kind: 'candidate', candidate: { candidate: 'x'.repeat(1025), sdpMid: '0', sdpMLineIndex: 0 } }),
    signal({
      kind: 'candidate',
      candidate: { candidate: 'c', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'u' },
    }),
    signal({ kind: 'candidate', candidate: { candidate: 'c', sdpMid: '0', sdpMLineIndex: 1.5 } }),
    signal({ kind: 'candidate' }),
    signal({ kind: 'bye' }),
  ];
}

/** A small seeded PRNG, so a failing fuzz run can be replayed exactly. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function garbage(random: () => number): { data: string | Buffer; binary: boolean } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const types = [
    'hello',
    'ping',
    'queue.subscribe',
    'queue.unsubscribe',
    'agent.setStatus',
    'agent.signOut',
    'nope',
    '',
    'constructor',
  ];
  const values = [
    null,
    true,
    0,
    -1,
    1e308,
    'default',
    'Fashion',
    '',
    'x'.repeat(300),
    [],
    {},
    { a: [1] },
    '\u0000',
    '🙂',
  ];
  const bytes = () =>
    Buffer.from(Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256)));
  switch (Math.floor(random() * 8)) {
    case 0:
      return { data: bytes(), binary: true };
    case 1:
      return { data: bytes(), binary: false };
    case 2:
      return { data: '['.repeat(5000), binary: false };
    case 3: {
      const frame = JSON.stringify({ v: 1, type: pick(types), id: `f${Math.floor(random() * 1e6)}` });
      return { data: frame.slice(0, Math.floor(random() * frame.length)), binary: false };
    }
    default: {
      const frame: Record<string, unknown> = { v: pick([1, 1, 1, 2, '1', null]), type: pick(types) };
      if (random() < 0.9) frame['id'] = pick([`f${Math.floor(random() * 1e6)}`, '', 42, 'x'.repeat(80)]);
      for (const key of ['queue', 'queueId', 'status', 'visitorToken', 'agentToken', 'extra']) {
        if (random() < 0.3) frame[key] = pick(values);
      }
      return { data: JSON.stringify(frame), binary: false };
    }
  }
}

/** One of each chat command, with and without its optional fields. */
function chatFrames(): Array<Record<string, unknown>> {
  const c = 'c1';
  return [
    { v: 1, type: 'chat.start', id: 'a', queue: 'default', scope: '' },
    {
      v: 1,
      type: 'chat.start',
      id: 'a',
      queue: 'default',
      scope: 'shop',
      visitorInfo: { name: 'Ada', email: 'ada@example.com', phone: '+46701234567', notes: '' },
      preset: 'blue',
      locale: 'sv-SE',
    },
    { v: 1, type: 'chat.restore', id: 'a', scope: 'shop' },
    { v: 1, type: 'chat.send', id: 'a', conversationId: c, messageId: 'm1', text: 'x'.repeat(4000) },
    { v: 1, type: 'chat.send', id: 'a', conversationId: c, messageId: 'm1', text: '>cs .brand Toyota' },
    { v: 1, type: 'chat.history', id: 'a', conversationId: c, afterSeq: 0 },
    { v: 1, type: 'chat.typing', id: 'a', conversationId: c, typing: false },
    { v: 1, type: 'chat.read', id: 'a', conversationId: c, seq: 12 },
    { v: 1, type: 'chat.visitorInfo', id: 'a', conversationId: c, visitorInfo: {} },
    { v: 1, type: 'chat.end', id: 'a', conversationId: c },
    {
      v: 1,
      type: 'chat.offlineMessage',
      id: 'a',
      queue: 'default',
      scope: 'shop',
      name: 'Ada',
      email: 'ada@example.com',
      text: 'Call me',
    },
    { v: 1, type: 'chats.watch', id: 'a' },
    { v: 1, type: 'chat.accept', id: 'a' },
    { v: 1, type: 'chat.accept', id: 'a', conversationId: c },
    { v: 1, type: 'chat.assign', id: 'a', conversationId: c, agentId: 'chen' },
  ];
}

/** Chat frames the schemas refuse: each with the id `a`. */
function badChatFrames(): Array<Record<string, unknown>> {
  const c = 'c1';
  return [
    { v: 1, type: 'chat.start', id: 'a', queue: 'default' },
    { v: 1, type: 'chat.start', id: 'a', queue: 'default', scope: 's', visitorInfo: { age: 3 } },
    { v: 1, type: 'chat.start', id: 'a', queue: 'default', scope: 's', visitorInfo: { name: 7 } },
    { v: 1, type: 'chat.restore', id: 'a', scope: 'x'.repeat(129) },
    { v: 1, type: 'chat.send', id: 'a', conversationId: c, messageId: 'm1', text: '' },
    { v: 1, type: 'chat.send', id: 'a', conversationId: c, messageId: 'm1', text: 'x'.repeat(4001) },
    { v: 1, type: 'chat.send', id: 'a', conversationId: c, messageId: '', text: 'hi' },
    { v: 1, type: 'chat.send', id: 'a', conversationId: c, text: 'hi' },
    { v: 1, type: 'chat.history', id: 'a', conversationId: c, afterSeq: -1 },
    { v: 1, type: 'chat.history', id: 'a', conversationId: c, afterSeq: 0.5 },
    { v: 1, type: 'chat.history', id: 'a', conversationId: c, afterSeq: '3' },
    { v: 1, type: 'chat.typing', id: 'a', conversationId: c, typing: 'yes' },
    { v: 1, type: 'chat.read', id: 'a', conversationId: c },
    { v: 1, type: 'chat.visitorInfo', id: 'a', conversationId: c, visitorInfo: { notes: 'x'.repeat(2001) } },
    { v: 1, type: 'chat.end', id: 'a', conversationId: c, reason: 'bye' },
    {
      v: 1,
      type: 'chat.offlineMessage',
      id: 'a',
      queue: 'default',
      scope: 's',
      name: '',
      email: 'a@b.c',
      text: 'x',
    },
    { v: 1, type: 'chat.offlineMessage', id: 'a', queue: 'default', scope: 's', name: 'A', email: 'a@b.c' },
    { v: 1, type: 'chats.watch', id: 'a', all: true },
    { v: 1, type: 'chat.accept', id: 'a', conversationId: '' },
    { v: 1, type: 'chat.assign', id: 'a', conversationId: c },
  ];
}
