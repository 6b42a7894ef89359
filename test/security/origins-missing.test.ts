/**
 * A WebSocket without an Origin header (no browser sends one like that: a script, a server) is
 * refused with `origin-not-allowed` and close code 4403, unless the org's operator allowed
 * server-to-server clients with the CLI; a page's Origin is checked as always.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { runHubCli } from '../support/hub-cli.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';
import { TestClient } from '../server/client.js';

describe('a WebSocket without an Origin', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub();
  });
  after(async () => hub?.stop());

  const cli = (...argv: string[]) => runHubCli(hub, argv);

  it('is refused by default with origin-not-allowed, saying how to allow it', async () => {
    const client = await TestClient.connect(hub.port, { origin: null });
    const error = await client.waitFor((frame) => frame.type === 'error');
    assert.equal(error.type === 'error' && error.code, 'origin-not-allowed');
    assert.match(error.type === 'error' ? error.message : '', /--allow-server-clients/);
    assert.equal((await client.closed).code, 4403);
  });

  it('is taken once the org allows server clients, and refused again when it no longer does', async () => {
    await cli('org', 'set', 'demo', '--allow-server-clients');
    const client = await TestClient.connect(hub.port, { origin: null });
    await client.ok({ type: 'hello' });
    // A browser page of an origin the org does not list is still refused.
    const foreign = await TestClient.connect(hub.port, { origin: 'https://evil.example' });
    assert.equal((await foreign.closed).code, 4403);
    await client.close();

    await cli('org', 'set', 'demo', '--refuse-server-clients');
    const refused = await TestClient.connect(hub.port, { origin: null });
    assert.equal((await refused.closed).code, 4403);
  });

  it("keeps the setting to the org's operators: widgets never see it", async () => {
    await cli('org', 'set', 'demo', '--allow-server-clients', '--limit', 'ticketsPerVisitor=20');
    const client = await TestClient.connect(hub.port);
    const hello = await client.ok<{ settings: Record<string, unknown> }>({ type: 'hello' });
    assert.equal('allowServerClients' in hello.settings, false);
    assert.equal('limits' in hello.settings, false);
    await client.close();
  });
});
