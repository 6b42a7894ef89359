/**
 * The hub's HTTP side: the JSON API with per-org CORS, the CDN files (compressed, cached, revalidated), pages, static files,
 * agent photos, and 404 for everything else (including attempts to leave the served folders).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import type { CallAgent, QueueState } from '../../src/protocol/frames.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';
import { TestClient, http } from './client.js';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ALLOWED = 'http://localhost:5173';
const REFUSED = 'https://evil.example';

describe('hub over HTTP', () => {
  let hub: TestHub;

  before(async () => {
    hub = await startTestHub({ presenceGraceMs: 100 });
  });
  after(async () => {
    await hub?.stop();
  });

  it('reports health', async () => {
    const res = await http(hub.port, '/api/health');
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { ok: true });
    assert.match(res.headers['content-type'] ?? '', /^application\/json/);
  });

  it('serves a queue state by id, slug or name, reflecting an allowed Origin', async () => {
    const res = await http(hub.port, '/api/orgs/demo/queues/FASHION', { headers: { Origin: ALLOWED } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], ALLOWED);
    assert.match(res.headers['vary'] ?? '', /Origin/);
    const state = JSON.parse(res.body) as QueueState;
    assert.equal(state.queueId, 'fashion');
    assert.equal(state.timeZone, 'Europe/Stockholm');
    const byName = JSON.parse((await http(hub.port, '/api/orgs/demo/queues/Support')).body) as QueueState;
    assert.equal(byName.queueId, 'default');
  });

  it('refuses an Origin the org does not allow, without CORS headers', async () => {
    const res = await http(hub.port, '/api/orgs/demo/queues/default', { headers: { Origin: REFUSED } });
    assert.equal(res.status, 403);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.equal(JSON.parse(res.body).code, 'origin-not-allowed');
  });

  it('answers preflights for allowed origins only', async () => {
    const allowed = await http(hub.port, '/api/orgs/demo/agents', {
      method: 'OPTIONS',
      headers: {
        Origin: ALLOWED,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers['access-control-allow-origin'], ALLOWED);
    assert.match(allowed.headers['access-control-allow-methods'] ?? '', /GET/);
    assert.equal(allowed.headers['access-control-allow-headers'], 'content-type');

    const refused = await http(hub.port, '/api/orgs/demo/agents', {
      method: 'OPTIONS',
      headers: { Origin: REFUSED, 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
  });

  it('answers unknown orgs, queues and endpoints with 404 JSON', async () => {
    const org = await http(hub.port, '/api/orgs/nope/queues/default');
    assert.equal(org.status, 404);
    assert.equal(JSON.parse(org.body).code, 'org-not-found');
    const queue = await http(hub.port, '/api/orgs/demo/queues/nope');
    assert.equal(queue.status, 404);
    assert.equal(JSON.parse(queue.body).code, 'not-found');
    for (const path of [
      '/api/nope',
      '/api/orgs/demo',
      '/api/orgs/demo/queues/',
      '/api/orgs/%E0%A4%A/agents',
    ]) {
      const res = await http(hub.port, path);
      assert.equal(res.status, 404, path);
      assert.equal(JSON.parse(res.body).code, 'not-found', path);
    }
    const post = await http(hub.port, '/api/orgs/demo/agents', { method: 'POST' });
    assert.equal(post.status, 404);
  });

  it('lists the online agents of the org with absolute photo URLs', async () => {
    assert.deepEqual(JSON.parse((await http(hub.port, '/api/orgs/demo/agents')).body), []);
    const chen = await TestClient.connect(hub.port);
    try {
      await chen.ok({ type: 'agent.signIn', agentId: 'chen', password: 'demo' });
      const agents = JSON.parse((await http(hub.port, '/api/orgs/demo/agents')).body) as CallAgent[];
      assert.deepEqual(agents, [
        {
          id: 'chen',
          name: 'Chen Wei',
          status: 'online',
          tags: ['fashion-support', 'electronics'],
          profile_photo_url: `http://localhost:${hub.port}/media/agents/demo/chen.svg`,
        },
      ]);
    } finally {
      await chen.close();
    }
  });

  it('serves /tandem.js to any origin, or says how to build it', async () => {
    const res = await http(hub.port, '/tandem.js', { headers: { Origin: REFUSED } });
    assert.equal(res.headers['access-control-allow-origin'], '*');
    const built = existsSync(join(REPO_ROOT, 'dist', 'cdn', 'tandem.js'));
    if (built) {
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'public, max-age=300');
      assert.match(String(res.headers['etag']), /^"[\w-]+"$/);
    } else {
      assert.equal(res.status, 404);
      assert.match(res.body, /npm run build/);
    }
  });

  it('sends the CDN files brotli- or gzip-compressed as the browser accepts, the same bytes once decoded', async (t) => {
    if (!existsSync(join(REPO_ROOT, 'dist', 'cdn', 'tandem.js.br'))) return t.skip('not built');
    const plain = await http(hub.port, '/tandem.js');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers['vary'], 'Accept-Encoding');
    const cases: Array<[string, string | undefined]> = [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip;q=0.8', 'gzip'],
      ['identity', undefined],
      ['*', 'br'],
    ];
    for (const [accept, expected] of cases) {
      const res = await http(hub.port, '/tandem.js', { headers: { 'Accept-Encoding': accept } });
      assert.equal(res.status, 200, accept);
      assert.equal(res.headers['content-encoding'], expected, accept);
      assert.equal(res.headers['vary'], 'Accept-Encoding', accept);
      assert.equal(Number(res.headers['content-length']), res.raw.length, accept);
      const decoded =
        expected === 'br'
          ? brotliDecompressSync(res.raw)
          : expected === 'gzip'
            ? gunzipSync(res.raw)
            : res.raw;
      assert.ok(decoded.equals(plain.raw), accept);
      assert.ok(res.raw.length <= plain.raw.length, accept);
    }
  });

  it('revalidates the entry by ETag: 304 without a body while it is unchanged', async (t) => {
    if (!existsSync(join(REPO_ROOT, 'dist', 'cdn', 'tandem.js'))) return t.skip('not built');
    for (const accept of ['br', '']) {
      const first = await http(hub.port, '/tandem.js', { headers: { 'Accept-Encoding': accept } });
      const etag = String(first.headers['etag']);
      const again = await http(hub.port, '/tandem.js', {
        headers: { 'Accept-Encoding': accept, 'If-None-Match': etag, Origin: REFUSED },
      });
      assert.equal(again.status, 304, accept);
      assert.equal(again.body, '');
      assert.equal(again.headers['etag'], etag);
      assert.equal(again.headers['access-control-allow-origin'], '*');
      assert.equal(again.headers['cache-control'], 'public, max-age=300');
      const other = await http(hub.port, '/tandem.js', { headers: { 'If-None-Match': '"other"' } });
      assert.equal(other.status, 200);
    }
    // The compressed and the plain file are different representations: different ETags.
    const br = await http(hub.port, '/tandem.js', { headers: { 'Accept-Encoding': 'br' } });
    const plain = await http(hub.port, '/tandem.js');
    assert.notEqual(br.headers['etag'], plain.headers['etag']);
  });

  it('serves every chunk the launcher imports, immutable, to any origin; nothing else under /chunks', async (t) => {
    const entry = join(REPO_ROOT, 'dist', 'cdn', 'tandem.js');
    if (!existsSync(entry)) return t.skip('not built');
    const chunks = [...new Set(readFileSync(entry, 'utf8').match(/chunks\/[\w.-]+\.js/g) ?? [])];
    assert.ok(chunks.length > 0, 'the launcher names its chunks');
    for (const chunk of chunks) {
      const res = await http(hub.port, `/${chunk}`, {
        headers: { Origin: REFUSED, 'Accept-Encoding': 'gzip' },
      });
      assert.equal(res.status, 200, chunk);
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', chunk);
      assert.equal(res.headers['access-control-allow-origin'], '*', chunk);
      assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8', chunk);
      assert.equal(res.headers['content-encoding'], 'gzip', chunk);
    }
    const missing = await http(hub.port, '/chunks/calls-widget-00000000.js');
    assert.equal(missing.status, 404);
    assert.match(missing.body, /reload/);
    assert.equal((await http(hub.port, '/chunks/../package.json')).status, 404);
    assert.equal((await http(hub.port, '/chunks/%2e%2e%2fpackage.js')).status, 404);
    assert.equal((await http(hub.port, '/chunks/x.js.gz')).status, 404);
  });

  it('serves each vendor facade at /compat/<vendor>.js to any origin, and nothing else there', async () => {
    for (const name of ['bambuser-one-to-one', 'fluxplayer', 'mluvii', 'web1on1', 'onwebchat']) {
      const res = await http(hub.port, `/compat/${name}.js`, { headers: { Origin: REFUSED } });
      assert.equal(res.headers['access-control-allow-origin'], '*', name);
      if (existsSync(join(REPO_ROOT, 'dist', 'cdn', 'compat', `${name}.js`))) {
        assert.equal(res.status, 200, name);
        assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8', name);
      } else {
        assert.equal(res.status, 404, name);
        assert.match(res.body, /npm run build/);
      }
    }
    assert.equal((await http(hub.port, '/compat/nope.js')).status, 404);
    assert.equal((await http(hub.port, '/compat/../tandem.js')).status, 404);
    assert.equal((await http(hub.port, '/compat/%2e%2e%2fpackage.js')).status, 404);
  });

  it('serves the demo pages when they exist', async () => {
    for (const [path, file] of [
      ['/', 'index.html'],
      ['/agent.html', 'agent.html'],
    ] as const) {
      const res = await http(hub.port, path);
      if (existsSync(join(REPO_ROOT, file))) {
        assert.equal(res.status, 200, path);
        assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
      } else {
        assert.equal(res.status, 404, path);
      }
    }
  });

  it('lets only its own origin frame the agent console (no clickjacking)', async () => {
    const res = await http(hub.port, '/agent.html');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-security-policy'], "frame-ancestors 'self'");
    assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
  });

  it('serves the Storybook build at /stories/, or says how to build it', async () => {
    const redirect = await http(hub.port, '/stories');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers['location'], '/stories/');
    const index = await http(hub.port, '/stories/');
    if (!existsSync(join(REPO_ROOT, 'storybook-static', 'index.html'))) {
      assert.equal(index.status, 404);
      assert.match(index.body, /npm run build:stories/);
      return;
    }
    assert.equal(index.status, 200);
    assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(index.body, /<title>/);
    const frame = await http(hub.port, '/stories/iframe.html');
    assert.equal(frame.status, 200);
    // Every asset the two pages name is served, with its content type.
    const assets = [
      ...`${index.body}\n${frame.body}`.matchAll(
        /(?:src=|href=|url\()["']?\.?\/?([^"':?#()]+\.(js|css|svg|woff2))"?/g,
      ),
    ];
    assert.ok(assets.length > 0, 'the pages name their assets');
    const types = {
      js: 'text/javascript; charset=utf-8',
      css: 'text/css; charset=utf-8',
      svg: 'image/svg+xml',
      woff2: 'font/woff2',
    };
    for (const [, path, ext] of assets) {
      const res = await http(hub.port, `/stories/${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers['content-type'], types[ext as keyof typeof types], path);
    }
    const list = await http(hub.port, '/stories/index.json');
    assert.equal(list.status, 200);
    assert.equal(list.headers['content-type'], 'application/json; charset=utf-8');
    assert.ok(Object.keys((JSON.parse(list.body) as { entries: object }).entries).length >= 5);
    assert.equal((await http(hub.port, '/stories/nope.js')).status, 404);
    assert.equal((await http(hub.port, '/stories/../package.json')).status, 404);
  });

  it('serves built files under /dist read-only', async (t) => {
    if (!existsSync(join(REPO_ROOT, 'dist', 'cdn', 'tandem.js'))) return t.skip('not built');
    const res = await http(hub.port, '/dist/cdn/tandem.js');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
    const head = await http(hub.port, '/dist/cdn/tandem.js', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });

  it('draws agent photos as SVG initials, and 404s unknown agents', async () => {
    const res = await http(hub.port, '/media/agents/demo/bjorn.svg');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'image/svg+xml');
    assert.match(res.body, /^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(res.body, />BL</);
    assert.match(res.body, /Björn Lind/);
    assert.equal((await http(hub.port, '/media/agents/demo/nobody.svg')).status, 404);
    assert.equal((await http(hub.port, '/media/agents/demo/..%2Fsecret.svg')).status, 404);
    // The path names the org: without it, or under another org, nothing is found.
    assert.equal((await http(hub.port, '/media/agents/bjorn.svg')).status, 404);
    assert.equal((await http(hub.port, '/media/agents/nope/bjorn.svg')).status, 404);
  });

  it('never serves a file outside its folder', async () => {
    for (const path of [
      '/dist/../package.json',
      '/dist/%2e%2e/package.json',
      '/dist/%2E%2E%2Fpackage.json',
      '/dist/..%5Cpackage.json',
      '/stories/../index.html',
      '/stories/%2e%2e/%2e%2e/etc/passwd.html',
      '/stories/%2e%2e/package.json',
      '/stories/..%2F..%2Fserver/main.ts',
      '/dist/%00',
      '/dist/%',
      '/package.json',
      '/server/main.ts',
      '/.data/tandem.sqlite',
      '//etc/passwd',
    ]) {
      const res = await http(hub.port, path);
      assert.equal(res.status, 404, path);
    }
  });

  it('answers everything else with 404 and keeps running', async () => {
    assert.equal((await http(hub.port, '/nope')).status, 404);
    assert.equal((await http(hub.port, '/', { method: 'DELETE' })).status, 404);
    assert.equal((await http(hub.port, '/ws')).status, 404);
    assert.equal((await http(hub.port, '/api/health')).status, 200);
  });
});
