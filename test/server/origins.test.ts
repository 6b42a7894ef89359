/** Origin patterns, pure. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { originMatches } from '../../server/services/orgs.js';

describe('origin patterns', () => {
  it('matches any port with :*', () => {
    assert.equal(originMatches('http://localhost:*', 'http://localhost:5173'), true);
    assert.equal(originMatches('http://localhost:*', 'http://localhost'), true);
    assert.equal(originMatches('http://[::1]:*', 'http://[::1]:8080'), true);
    assert.equal(originMatches('http://127.0.0.1:*', 'http://127.0.0.1:3000'), true);
  });

  it('keeps scheme and host apart', () => {
    assert.equal(originMatches('http://localhost:*', 'https://localhost:5173'), false);
    assert.equal(originMatches('http://localhost:*', 'http://localhost.evil.com:5173'), false);
    assert.equal(originMatches('http://localhost:*', 'http://evil.com'), false);
  });

  it('matches the default port only when no port is given', () => {
    assert.equal(originMatches('https://shop.example.com', 'https://shop.example.com'), true);
    assert.equal(originMatches('https://shop.example.com', 'https://shop.example.com:8443'), false);
    assert.equal(originMatches('https://shop.example.com:8443', 'https://shop.example.com:8443'), true);
  });

  it('matches subdomains with *., but not the bare domain', () => {
    assert.equal(originMatches('https://*.example.com', 'https://a.b.example.com'), true);
    assert.equal(originMatches('https://*.example.com', 'https://example.com'), false);
    assert.equal(originMatches('https://*.example.com', 'https://badexample.com'), false);
  });

  it('refuses what is not an origin', () => {
    for (const origin of [
      'null',
      '',
      'localhost:3000',
      'http://localhost:3000/path',
      'file:///etc',
      'http://u:p@localhost:3000',
    ]) {
      assert.equal(originMatches('http://localhost:*', origin), false, origin);
    }
  });
});
