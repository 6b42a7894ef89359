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
import type { HelloResult, QueueState } from '../../src/protocol/frames.js';
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

  it("sets an org's widget settings and aliases, which every hello then carries", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-cli-settings-'));
    try {
      const store = new SqliteStore(dir);
      const run = (...args: string[]) => runCli(args, store);
      await run('org', 'add', 'acme', '--origin', 'http://localhost:*');
      assert.match(
        await run(
          'org',
          'set',
          'acme',
          '--bookings-enabled',
          'true',
          '--chat-languages',
          'sv-SE,en-US',
          '--retention-days',
          '30',
        ),
        /"bookingsEnabled":true/,
      );
      assert.match(
        await run(
          'theme',
          'set',
          'acme',
          'autumn',
          '--token',
          'color-accent=#a0522d',
          '--token',
          'radius=4px',
        ),
        /--tandem-color-accent: #a0522d; --tandem-radius: 4px;/,
      );
      assert.match(
        await run('preset', 'set', 'acme', 'support', '--theme', 'autumn', '--chat-languages', 'en-US'),
        /support/,
      );
      assert.match(
        await run('org', 'alias', 'acme', 'B0A3F4D2-9C1E-4C59-8F3A-2D7E6B1A0C9F'),
        /also answers to/,
      );
      await assert.rejects(run('org', 'set', 'acme', '--retention-days', 'forever'), AdminError);
      await assert.rejects(
        run('theme', 'set', 'acme', 'bad', '--token', 'color-accent=red;}body{x:y'),
        AdminError,
      );
      await assert.rejects(run('org', 'set', 'nobody', '--bookings-enabled', 'true'), AdminError);
      assert.equal((await store.getOrgSettings('acme')).retentionDays, 30);
      await store.close();

      const hub: Hub = await startHub({ port: 0, dataDir: dir });
      try {
        // The vendor's account id names the org on the handshake; the hello carries the settings, not the retention.
        const client = await TestClient.connect(hub.port, {
          org: 'b0a3f4d2-9c1e-4c59-8f3a-2d7e6b1a0c9f',
          origin: 'http://localhost:3000',
        });
        const hello = await client.ok<HelloResult>({ type: 'hello' });
        assert.deepEqual(hello.settings, {
          bookingsEnabled: true,
          chatLanguages: ['sv-SE', 'en-US'],
          themes: { autumn: { 'color-accent': '#a0522d', radius: '4px' } },
          presets: { support: { themeId: 'autumn', languages: ['en-US'] } },
        });
        await client.close();
      } finally {
        await hub.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  it('creates agents with passwords and changes them: the old one stops working, mistakes write nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-cli-agents-'));
    try {
      const store = new SqliteStore(dir);
      const run = (...args: string[]) => runCli(args, store);
      await run('org', 'add', 'acme', '--origin', 'http://localhost:*');
      await run('agent', 'add', 'acme', 'erik', '--name', 'Erik Eng', '--password', 'first-pw');
      assert.equal(
        (await store.getAgent('acme', 'erik'))?.photoUrl,
        '/media/agents/acme/erik.svg',
        'an avatar of its org',
      );
      await assert.rejects(run('agent', 'add', 'acme', 'nopw'), /password/);
      await assert.rejects(run('agent', 'add', 'acme', 'short', '--password', 'x'), /at least 4/);
      await assert.rejects(run('agent', 'add', 'nobody', 'erik', '--password', 'first-pw'), AdminError);
      await assert.rejects(
        run('agent', 'password', 'acme', 'ghost', '--password', 'whatever'),
        /no agent acme\/ghost/,
      );
      assert.equal(await store.getAgent('acme', 'nopw'), null, 'nothing written for a mistake');
      assert.match(await run('agent', 'password', 'acme', 'erik', '--password', 'second-pw'), /new password/);
      await store.close();

      const hub: Hub = await startHub({ port: 0, dataDir: dir, seedDemo: false });
      try {
        const client = await TestClient.connect(hub.port, { org: 'acme' });
        const old = await client.command({ type: 'agent.signIn', agentId: 'erik', password: 'first-pw' });
        assert.equal(old.type === 'error' && old.code, 'bad-credentials');
        await client.ok({ type: 'agent.signIn', agentId: 'erik', password: 'second-pw' });
        await client.close();
      } finally {
        await hub.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("sets an org's own rate limits and whether it takes server-to-server clients, refusing unknown limits", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-cli-limits-'));
    try {
      const store = new SqliteStore(dir);
      const run = (...args: string[]) => runCli(args, store);
      await run('org', 'add', 'acme');
      await run(
        'org',
        'set',
        'acme',
        '--limit',
        'ticketsPerVisitor=20',
        '--limit',
        'messagesPerVisitor=0',
        '--allow-server-clients',
      );
      assert.deepEqual(await store.getOrgSettings('acme'), {
        limits: { ticketsPerVisitor: 20, messagesPerVisitor: 0 },
        allowServerClients: true,
      });
      await run('org', 'set', 'acme', '--limit', 'ticketsPerVisitor=default', '--refuse-server-clients');
      assert.deepEqual(await store.getOrgSettings('acme'), { limits: { messagesPerVisitor: 0 } });
      await assert.rejects(
        run('org', 'set', 'acme', '--limit', 'noSuchLimit=3'),
        /--limit takes name=points/,
      );
      await assert.rejects(run('org', 'set', 'acme', '--limit', 'ticketsPerVisitor=lots'), AdminError);
      assert.deepEqual(await store.getOrgSettings('acme'), { limits: { messagesPerVisitor: 0 } });
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
