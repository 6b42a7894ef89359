/**
 * Hostile origins against a real hub: a page on an origin the org does not allow gets no WebSocket
 * session (an `origin-not-allowed` error frame and close code 4403, before any command runs) and no
 * API answer (403, and its Origin never reflected in CORS headers). Look-alikes of the allowed
 * origins count as hostile. (A request without an Origin header is the limits suite's.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { CloseCode, type ErrorFrame, type HubFrame } from '../../src/protocol/frames.js';
import { startTestHub, type TestHub } from '../support/start-hub.js';
import { TestClient, http } from '../server/client.js';

/** The demo org allows http(s)://localhost, 127.0.0.1 and [::1] on any port; none of these. */
export const HOSTILE_ORIGINS = [
  'http://evil.example',
  'https://evil.example:443',
  'http://localhost.evil.example:3000',
  'http://evil-localhost:3000',
  'http://127.0.0.1.evil.example',
  'http://127.0.0.2:3000',
  'http://0.0.0.0:3000',
  'http://[::2]:3000',
  'http://localhost@evil.example',
  'http://user:pass@localhost:3000',
  'http://localhost:3000/path',
  'http://localhost:3000 http://evil.example',
  'http://localhost:3000, http://evil.example',
  'null',
  'file://',
  'file:///etc/passwd',
  'data:text/html,hi',
  'chrome-extension://abcdefghijklmnop',
  'javascript:alert(1)',
  'ws://localhost:3000',
  'localhost:3000',
  'http://localhost:3000\u0000',
  'x'.repeat(5000),
];

let hub: TestHub | undefined;

before(async () => {
  hub = await startTestHub();
});

after(async () => {
  await hub?.stop();
});

const isError = (frame: HubFrame): frame is ErrorFrame => frame.type === 'error';

/** Connects with `origin`; resolves with what the hub did: a refusal (error frame + close) or a session. */
async function tryConnect(origin: string): Promise<{ error?: string; close?: number; replied: boolean }> {
  let client: TestClient;
  try {
    client = await TestClient.connect(hub!.port, { origin });
  } catch {
    return { replied: false }; // refused at the handshake: as good
  }
  // A command sent at once must not be served.
  client.sendRaw(JSON.stringify({ v: 1, type: 'hello', id: 'h1' }));
  const closed = await client.closed;
  const error = client.frames.find(isError);
  const replied = client.frames.some((frame) => frame.type === 'reply');
  return { ...(error ? { error: error.code } : {}), close: closed.code, replied };
}

describe('hostile origins', () => {
  it('get no WebSocket session', async () => {
    for (const origin of HOSTILE_ORIGINS) {
      const outcome = await tryConnect(origin);
      assert.equal(outcome.replied, false, `${origin.slice(0, 60)} was served`);
      if (outcome.close !== undefined) {
        assert.equal(outcome.close, CloseCode.originNotAllowed, origin.slice(0, 60));
        assert.equal(outcome.error, 'origin-not-allowed', origin.slice(0, 60));
      }
    }
  });

  it('an allowed origin still gets one (the test can fail)', async () => {
    const client = await TestClient.connect(hub!.port, { origin: 'http://localhost:3000' });
    try {
      assert.equal((await client.command({ type: 'hello' })).type, 'reply');
    } finally {
      await client.close();
    }
  });

  it('get 403 from the API, with their origin never reflected', async () => {
    // A header cannot carry a control character: the client refuses to send those.
    for (const origin of HOSTILE_ORIGINS.filter((o) => !o.includes('\u0000'))) {
      for (const path of ['/api/orgs/demo/agents', '/api/orgs/demo/queues/default']) {
        for (const method of ['GET', 'OPTIONS']) {
          const answer = await http(hub!.port, path, {
            method,
            headers: { origin, 'access-control-request-method': 'GET' },
          });
          assert.equal(answer.status, 403, `${method} ${path} from ${origin.slice(0, 60)}`);
          assert.notEqual(answer.headers['access-control-allow-origin'], origin);
          assert.notEqual(answer.headers['access-control-allow-origin'], '*');
          assert.doesNotMatch(answer.body, /Anna|Bjorn|Chen|waiting/);
        }
      }
    }
    const allowed = await http(hub!.port, '/api/orgs/demo/agents', {
      headers: { origin: 'http://localhost:3000' },
    });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers['access-control-allow-origin'], 'http://localhost:3000');
  });
});
