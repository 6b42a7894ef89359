/**
 * Video commerce relayed by a real hub between the two parties of a running call: each side sends
 * only its own kinds, nobody else hears it, product data of the wrong shape is refused, and nothing
 * is relayed outside a running call.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import type { CallInfo, CallResult, CommerceMessage, ProductData } from '../../src/protocol/frames.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';
import { errorCode, joinQueue, pool, settledFrames } from './line-kit.js';

const shirt: ProductData = {
  id: 'p1',
  name: 'Wool overshirt',
  brand: 'Nordic Threads',
  images: ['/media/shirt.svg'],
  price: { current: 1290, original: 1590, currency: 'SEK' },
  variations: [
    {
      name: 'Navy',
      images: [],
      sizes: [
        { sku: 'SHIRT-NAVY-M', label: 'M', inStock: true, stock: 4 },
        { sku: 'SHIRT-NAVY-L', label: 'L', inStock: false },
      ],
    },
  ],
};

describe('commerce relay', () => {
  let hub: TestHub;
  const parties = pool(() => hub.port);

  beforeEach(async () => {
    hub = await startTestHub({ presenceGraceMs: 100, callGraceMs: 60_000, visitorGraceMs: 60_000 });
  });
  afterEach(async () => {
    await parties.closeAll();
    await hub?.stop();
  });

  it('relays requests to the visitor and answers to the agent, and to nobody else', async () => {
    const visitor = await parties.visitor();
    const ticket = await joinQueue(visitor.client, 'default', { productIds: ['ITM-BLUE-SHIRT'] });
    const anna = await parties.agent('anna');
    const bystander = await parties.visitor();
    const call: CallInfo = (
      await anna.client.ok<CallResult>({ type: 'call.accept', ticketId: ticket.ticketId })
    ).call;

    const ask: CommerceMessage = { kind: 'cart.add', requestId: 'r1', sku: 'SHIRT-NAVY-M', productId: 'p1' };
    const visitorMark = visitor.client.frames.length;
    assert.deepEqual(await anna.client.ok({ type: 'call.commerce', callId: call.callId, message: ask }), {});
    const relayed = await visitor.client.waitFor((f) => f.type === 'call.commerce', visitorMark);
    assert.deepEqual(relayed, { v: 1, type: 'call.commerce', callId: call.callId, message: ask });

    const answers: CommerceMessage[] = [
      { kind: 'product', product: shirt },
      { kind: 'cart.reply', requestId: 'r1', ok: true },
      {
        kind: 'cart',
        lines: [
          { sku: 'SHIRT-NAVY-M', quantity: 1, productId: 'p1', name: 'Wool overshirt', price: shirt.price },
        ],
      },
      { kind: 'page', url: 'http://shop.test/checkout', title: 'Checkout' },
      { kind: 'checkout' },
    ];
    const annaMark = anna.client.frames.length;
    for (const message of answers) {
      await visitor.client.ok({ type: 'call.commerce', callId: call.callId, message });
    }
    await anna.client.waitFor((f) => f.type === 'call.commerce' && f.message.kind === 'checkout', annaMark);
    const heard = anna.client.frames
      .slice(annaMark)
      .flatMap((f) => (f.type === 'call.commerce' ? [f.message] : []));
    assert.deepEqual(heard, answers, 'every answer, in order');
    assert.deepEqual(await settledFrames(bystander.client, ['call.commerce']), []);
  });

  it('refuses the wrong side, the wrong shape and strangers to the call', async () => {
    const visitor = await parties.visitor();
    const ticket = await joinQueue(visitor.client, 'default');
    const anna = await parties.agent('anna');
    const chen = await parties.agent('chen');
    const call = (await anna.client.ok<CallResult>({ type: 'call.accept', ticketId: ticket.ticketId })).call;
    const callId = call.callId;

    // The visitor's page answers; it does not put things in carts.
    const cartAdd = { kind: 'cart.add', requestId: 'r1', sku: 'X', productId: null } as CommerceMessage;
    assert.equal(
      await errorCode(visitor.client, { type: 'call.commerce', callId, message: cartAdd }),
      'bad-frame',
    );
    assert.equal(
      await errorCode(anna.client, { type: 'call.commerce', callId, message: { kind: 'cart', lines: [] } }),
      'bad-frame',
    );
    const noPrice = {
      kind: 'product',
      product: { ...shirt, price: undefined },
    } as unknown as CommerceMessage;
    assert.equal(
      await errorCode(visitor.client, { type: 'call.commerce', callId, message: noPrice }),
      'bad-frame',
    );
    const lowerCurrency = {
      kind: 'product',
      product: { ...shirt, price: { current: 1, currency: 'sek' } },
    } as CommerceMessage;
    assert.equal(
      await errorCode(visitor.client, { type: 'call.commerce', callId, message: lowerCurrency }),
      'bad-frame',
    );
    assert.equal(
      await errorCode(chen.client, {
        type: 'call.commerce',
        callId,
        message: { kind: 'navigate', url: '/' },
      }),
      'not-found',
    );

    await anna.client.ok({ type: 'call.hangup', callId });
    assert.equal(
      await errorCode(anna.client, {
        type: 'call.commerce',
        callId,
        message: { kind: 'navigate', url: '/' },
      }),
      'conflict',
      'the call has ended',
    );
  });
});
