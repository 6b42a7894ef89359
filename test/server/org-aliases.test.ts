/**
 * Org aliases: the account id of the vendor a shop switched from names its Tandem org, on the
 * WebSocket handshake and in the HTTP API alike (both look orgs up through `OrgService.find`).
 * Real services on a real (temporary) SQLite store, and a real hub for the handshake.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { HubError } from '../../server/errors.js';
import { OrgService } from '../../server/services/orgs.js';
import { DEMO_ALIASES, seedIfEmpty } from '../../server/store/seed.js';
import { SqliteStore } from '../../server/store/sqlite-store.js';
import { startTestHub, type TestHub } from '../support/start-hub.js';
import { TestClient } from './client.js';

describe('org aliases', () => {
  let dataDir: string;
  let store: SqliteStore;
  let orgs: OrgService;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tandem-aliases-'));
    store = new SqliteStore(dataDir);
    await seedIfEmpty(store);
    orgs = new OrgService(store);
  });
  after(async () => {
    await store?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('finds the demo org by its seeded aliases, case-insensitively', async () => {
    for (const alias of DEMO_ALIASES) {
      assert.equal((await orgs.find(alias))?.id, 'demo', alias);
      assert.equal((await orgs.find(alias.toUpperCase()))?.id, 'demo', alias.toUpperCase());
    }
    assert.equal(await orgs.find('no-such-alias'), null);
  });

  it('lets the operator add, move and remove an alias; ids stay exact', async () => {
    await orgs.setAlias('A1B2C3D4-0000-4000-8000-000000000001', 'demo');
    assert.equal((await orgs.find('a1b2c3d4-0000-4000-8000-000000000001'))?.id, 'demo');
    await orgs.setAlias('a1b2c3d4-0000-4000-8000-000000000001', null);
    assert.equal(await orgs.find('a1b2c3d4-0000-4000-8000-000000000001'), null);
    assert.equal(await orgs.find('DEMO'), null, 'an id is not an alias of itself');
  });

  it('refuses an alias for an org that does not exist, or an empty one', async () => {
    await assert.rejects(orgs.setAlias('x', 'nope'), HubError);
    await assert.rejects(orgs.setAlias('', 'demo'), HubError);
    assert.equal(await orgs.find('x'), null);
  });
});

describe('org aliases on a running hub', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub();
  });
  after(async () => {
    await hub?.stop();
  });

  it('answers the HTTP API under an alias as under the id', async () => {
    const byId = await fetch(`${hub.url}/api/orgs/demo/queues/default`);
    const byAlias = await fetch(`${hub.url}/api/orgs/YOUR_ORG_ID/queues/default`);
    assert.equal(byId.status, 200);
    assert.equal(byAlias.status, 200);
    const [a, b] = [
      (await byId.json()) as { queueId: string },
      (await byAlias.json()) as { queueId: string },
    ];
    assert.equal(b.queueId, a.queueId);
    assert.equal((await fetch(`${hub.url}/api/orgs/not-an-alias/queues/default`)).status, 404);
  });

  it('accepts a WebSocket under an alias and refuses an unknown one', async () => {
    const client = await TestClient.connect(hub.port, { org: '6F1C2A9E-4B7D-4C3E-9A51-D2E8B0F4C7A3' });
    try {
      const hello = await client.ok<{ visitorToken?: string }>({ type: 'hello' });
      assert.equal(typeof hello.visitorToken, 'string');
    } finally {
      client.socket.close();
    }
    const stranger = await TestClient.connect(hub.port, { org: 'not-an-alias' });
    assert.equal((await stranger.closed).reason, 'org-not-found');
  });
});
