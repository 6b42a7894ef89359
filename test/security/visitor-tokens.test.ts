/**
 * Signed visitor tokens against real hubs: the secret they are signed with is the deployment's
 * (TANDEM_SECRET, or one made once and kept in the store), so another hub with the same secret
 * knows a visitor who has not acted yet and a hub with another does not; unsigned tokens from
 * before are kept (and counted); a data directory from before the secret table starts and keeps
 * its visitors. Most hubs here count one new visitor per address, so a hello counted as new after
 * that is refused: that is how a test sees whether a hello was counted.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';

import type { HelloResult } from '../../src/protocol/frames.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub, TestHubOptions } from '../support/start-hub.js';
import { TestClient } from '../server/client.js';
import { writeRows } from '../server/line-kit.js';

const ONE_NEW_VISITOR = 'newVisitorsPerIp=1/600';
const SECRET = randomBytes(32).toString('base64url');
const REFUSED = 'error: rate-limited';

/** The token a hello is answered with, or `error: <code>`. */
async function hello(hub: TestHub, token?: string): Promise<string> {
  const client = await TestClient.connect(hub.port);
  try {
    const answer = await client.command(
      token === undefined ? { type: 'hello' } : { type: 'hello', visitorToken: token },
    );
    return answer.type === 'reply' ? (answer.result as HelloResult).visitorToken : `error: ${answer.code}`;
  } finally {
    await client.close();
  }
}

/** A visitor token as hubs gave them out before they were signed: random, then a tag of the org. */
function unsignedToken(orgId: string): string {
  const tag = createHash('sha256').update(`visitor-token\n${orgId}`).digest('hex').slice(0, 8);
  return `v_${randomBytes(32).toString('base64url')}${tag}`;
}

describe('signed visitor tokens: the secret, tokens from before, data from before', () => {
  const hubs: TestHub[] = [];
  const start = async (options: TestHubOptions = {}) => {
    const hub = await startTestHub({ limits: ONE_NEW_VISITOR, ...options });
    hubs.push(hub);
    return hub;
  };
  after(async () => {
    await Promise.all(hubs.map((hub) => hub.stop()));
  });

  it('is known to another hub with the same TANDEM_SECRET, and not to a hub with another secret', async () => {
    const [first, same, other] = await Promise.all([
      start({ secret: SECRET }),
      start({ secret: SECRET }),
      start(),
    ]);
    const token = await hello(first);
    assert.match(token, /^v_[A-Za-z0-9_-]{20,200}$/);

    assert.notEqual(await hello(same), REFUSED, "the hub's one new visitor");
    assert.equal(await hello(same, token), token, 'the same visitor, not counted');

    assert.notEqual(await hello(other), REFUSED, "the hub's one new visitor");
    assert.equal(await hello(other, token), REFUSED, 'counted as new: another secret');
  });

  it('keeps the secret it made at first start, so a visitor who only looked is the same after a restart', async () => {
    const hub = await start();
    const token = await hello(hub);
    await hub.restart();
    assert.notEqual(await hello(hub), REFUSED, "the restarted hub's one new visitor");
    assert.equal(await hello(hub, token), token);
  });

  it('keeps an unsigned token from before for its org, counted as a new visitor each time', async () => {
    const hub = await start();
    const token = unsignedToken('demo');
    assert.equal(await hello(hub, token), token, 'the visitor is not reset');
    assert.equal(await hello(hub, token), REFUSED, 'but counted: the hub cannot tell it from a made-up one');
  });

  it('starts on a data directory from before the secret table and keeps its visitors', async () => {
    const hub = await start({ limits: 'off' });
    const acted = await hello(hub);
    const client = await TestClient.connect(hub.port);
    await client.ok({ type: 'hello', visitorToken: acted });
    await client.ok({ type: 'ticket.join', queue: 'default' });
    await client.close();
    const onlyLooked = await hello(hub);
    // What a data directory written before the migration looks like (the hub read its secret at start).
    writeRows(hub.dataDir, (db) => db.exec('DROP TABLE hub_secrets; DELETE FROM migrations WHERE id = 9;'));
    await hub.restart();

    const back = await TestClient.connect(hub.port);
    try {
      const result = await back.ok<HelloResult>({ type: 'hello', visitorToken: acted });
      assert.equal(result.visitorToken, acted, 'a visitor who acted is found by its row');
      const frame = await back.waitFor((f) => f.type === 'ticket.state');
      assert.equal(frame.type === 'ticket.state' && frame.ticket.status, 'waiting', 'with its ticket');
    } finally {
      await back.close();
    }
    // The secret is new (as if it was changed): a visitor who never acted gets a new identity.
    assert.notEqual(await hello(hub, onlyLooked), onlyLooked);
    writeRows(hub.dataDir, (db) => {
      assert.equal(db.prepare('SELECT COUNT(*) FROM hub_secrets').pluck().get(), 1);
    });
  });
});
