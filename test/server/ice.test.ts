/**
 * ICE servers handed to the parties of a call: STUN as configured, TURN with time-limited TURN
 * REST credentials a TURN server can verify with the shared secret, which itself never leaves
 * the hub.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import type { CallInfo, CallResult, HelloResult } from '../../src/protocol/frames.js';
import { IceServers } from '../../server/services/ice-servers.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';
import { TestClient } from './client.js';
import { callState, joinQueue } from './line-kit.js';

const SECRET = 'turn-shared-secret-for-tests';
const TTL_SECONDS = 600;

/** Checks one party's TURN entry; resolves to its user id. */
function checkTurn(call: CallInfo, nowSeconds: number): string {
  assert.equal(call.iceServers.length, 2);
  const [stun, turn] = call.iceServers;
  assert.deepEqual(stun, { urls: ['stun:stun.example.test:3478'] });
  assert.deepEqual(turn?.urls, ['turn:turn.example.test:3478?transport=udp', 'turns:turn.example.test:5349']);
  const username = turn?.username ?? '';
  const match = /^(\d+):(.+)$/.exec(username);
  assert.ok(match, `username "${username}" is <unix expiry>:<user id>`);
  const expiry = Number(match[1]);
  assert.ok(expiry > nowSeconds, 'expires in the future');
  assert.ok(expiry <= nowSeconds + TTL_SECONDS + 60, 'after about the configured TTL');
  const expected = createHmac('sha1', SECRET).update(username).digest('base64');
  assert.equal(turn?.credential, expected, 'base64(HMAC-SHA1(secret, username))');
  return match[2]!;
}

describe('ICE servers', () => {
  let hub: TestHub;

  before(async () => {
    hub = await startTestHub({
      stunUrls: ['stun:stun.example.test:3478'],
      turnUrls: ['turn:turn.example.test:3478?transport=udp', 'turns:turn.example.test:5349'],
      turnSecret: SECRET,
      turnTtlSeconds: TTL_SECONDS,
    });
  });
  after(async () => {
    await hub?.stop();
  });

  it('gives each party of a call STUN and its own TURN REST credentials, never the secret', async () => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const visitor = await TestClient.connect(hub.port);
    await visitor.ok<HelloResult>({ type: 'hello' });
    await joinQueue(visitor, 'default');
    const agent = await TestClient.connect(hub.port);
    await agent.ok({ type: 'agent.signIn', agentId: 'anna', password: 'demo' });
    const agentCall = (await agent.ok<CallResult>({ type: 'call.accept' })).call;
    const visitorCall = await callState(visitor, (c) => c.callId === agentCall.callId);

    const agentUser = checkTurn(agentCall, nowSeconds);
    const visitorUser = checkTurn(visitorCall, nowSeconds);
    assert.notEqual(agentUser, visitorUser, 'credentials per party');
    assert.ok(!visitorUser.includes('v_'), 'no visitor token in a TURN username');

    for (const client of [visitor, agent]) {
      const wire = JSON.stringify(client.frames);
      assert.ok(!wire.includes(SECRET), 'the secret never goes out');
    }
    await Promise.all([visitor.close(), agent.close()]);
  });
});

describe('IceServers', () => {
  it('is empty without configuration: host candidates only', () => {
    assert.deepEqual(new IceServers().forUser('u'), []);
    assert.deepEqual(new IceServers({ stunUrls: [], turnUrls: [] }).forUser('u'), []);
  });

  it('leaves TURN out without a secret, and says so', () => {
    const config = { stunUrls: ['stun:a'], turnUrls: ['turn:b'] };
    assert.deepEqual(new IceServers(config).forUser('u'), [{ urls: ['stun:a'] }]);
    assert.equal(IceServers.turnIgnored(config), true);
    assert.equal(IceServers.turnIgnored({ ...config, turnSecret: 's' }), false);
  });

  it('makes the expiry from the clock and the TTL', () => {
    const servers = new IceServers({ turnUrls: ['turn:b'], turnSecret: 's', turnTtlSeconds: 60 });
    const [turn] = servers.forUser('agent.anna', Date.parse('2025-01-01T00:00:00Z'));
    assert.equal(turn?.username, `${Date.parse('2025-01-01T00:01:00Z') / 1000}:agent.anna`);
  });
});
