/**
 * Agent avatars are scoped by org: `/media/agents/<org>/<agent>.svg` draws only that org's agent,
 * and no path reveals the name of another org's agent; the URLs the hub hands out name the org.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { AgentSignInResult } from '../../src/protocol/frames.js';
import { hashPassword } from '../../server/services/passwords.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';
import { TestClient, http } from '../server/client.js';
import { addOtherOrg, writeRows } from '../server/line-kit.js';

describe('avatars across orgs', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub();
    const hash = await hashPassword('olga-pw');
    writeRows(hub.dataDir, (db) => {
      addOtherOrg(
        db,
        { id: 'other', name: 'Other Shop' },
        [
          { id: 'olga', name: 'Olga Secret', photoUrl: '/media/agents/olga.svg' },
          { id: 'anna', name: 'Anna Other', photoUrl: '/media/agents/other/anna.svg' },
        ],
        hash,
      );
    });
  });
  after(async () => hub?.stop());

  const svg = (path: string) => http(hub.port, path);

  it("draws an org's own agent, and nothing of another org's", async () => {
    assert.match((await svg('/media/agents/other/olga.svg')).body, /Olga Secret/);
    assert.match((await svg('/media/agents/demo/anna.svg')).body, /Anna/);
    assert.doesNotMatch((await svg('/media/agents/demo/anna.svg')).body, /Anna Other/);
    assert.match((await svg('/media/agents/other/anna.svg')).body, /Anna Other/);
    for (const path of [
      '/media/agents/demo/olga.svg',
      '/media/agents/olga.svg',
      '/media/agents/nope/olga.svg',
      '/media/agents/other/../demo/anna.svg',
    ]) {
      const res = await svg(path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.body, /Olga|Other/, path);
    }
  });

  it('hands out photo URLs that name the org, also for photos stored before they did', async () => {
    const client = await TestClient.connect(hub.port, { org: 'other' });
    try {
      const { agent } = await client.ok<AgentSignInResult>({
        type: 'agent.signIn',
        agentId: 'olga',
        password: 'olga-pw',
      });
      assert.equal(agent.profile_photo_url, `http://localhost:${hub.port}/media/agents/other/olga.svg`);
      assert.match((await svg(new URL(agent.profile_photo_url).pathname)).body, /Olga Secret/);
    } finally {
      await client.close();
    }
  });
});
