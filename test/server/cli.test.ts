/**
 * The operator's CLI (`npm run hub -- ...`) writes what a hub then serves: an org with its
 * origins, a queue, an agent who can sign in. Mistakes are refused with a message, nothing written.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { AdminError } from '../../server/admin.js';
import { runCli } from '../../server/cli.js';
import { startHub } from '../../server/hub.js';
import type { Hub } from '../../server/hub.js';
import { SqliteStore } from '../../server/store/sqlite-store.js';
import type { QueueState } from '../../src/protocol/frames.js';
import { TestClient } from './client.js';

describe('the operator CLI', () => {
  let dataDir: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tandem-cli-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('sets up an org, a queue and an agent that a hub then serves', async () => {
    const store = new SqliteStore(dataDir);
    const run = (...args: string[]) => runCli(args, store);
    assert.match(
      await run('org', 'add', 'acme', '--name', 'Acme', '--origin', 'https://acme.example'),
      /created org acme/,
    );
    assert.match(await run('origin', 'add', 'acme', 'http://localhost:*'), /allows/);
    assert.match(
      await run(
        'queue',
        'add',
        'acme',
        'sales',
        '--name',
        'Sales',
        '--hours',
        'mon-sun=00:00-24:00',
        '--tag',
        'sales',
      ),
      /created queue acme\/sales/,
    );
    assert.match(
      await run('agent', 'add', 'acme', 'dora', '--name', 'Dora', '--tag', 'sales', '--password', 'pw-1234'),
      /created agent/,
    );
    assert.match(await run('agent', 'password', 'acme', 'dora', '--password', 'pw-5678'), /new password/);
    await assert.rejects(run('queue', 'add', 'nobody', 'q'), AdminError);
    await assert.rejects(run('origin', 'add', 'acme', 'ftp://nope'), AdminError);
    await assert.rejects(run('queue', 'add', 'acme', 'bad', '--hours', 'someday'), AdminError);
    assert.equal(await store.getQueue('acme', 'bad'), null, 'nothing written for a mistake');
    assert.match(await run('org', 'list'), /^acme\tAcme\thttps:\/\/acme.example http:\/\/localhost:\*$/);
    await store.close();

    const hub: Hub = await startHub({ port: 0, dataDir });
    try {
      const client = await TestClient.connect(hub.port, { org: 'acme', origin: 'http://localhost:3000' });
      await client.ok({ type: 'agent.signIn', agentId: 'dora', password: 'pw-5678' });
      const { queue } = await client.ok<{ queue: QueueState }>({ type: 'queue.subscribe', queue: 'sales' });
      assert.deepEqual(
        queue.agents.map((agent) => agent.id),
        ['dora'],
      );
      await client.close();
      const refused = await TestClient.connect(hub.port, { org: 'demo' });
      assert.equal((await refused.closed).code, 4404, "no demo org: the CLI made this store an operator's");
    } finally {
      await hub.close();
    }
  });
});
