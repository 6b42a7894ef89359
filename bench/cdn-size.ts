/**
 * Size of the CDN file a shop's page loads: raw, gzip (level 9) and brotli (quality 11).
 * Prints figures against the aim; never fails on size.
 *
 *   npm run build && node --import tsx bench/cdn-size.ts
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const AIM_GZIP_KB = 25;
const file = fileURLToPath(new URL('../dist/cdn/tandem.js', import.meta.url));

if (!existsSync(file)) {
  console.error('dist/cdn/tandem.js is missing: run `npm run build` first.');
  process.exit(1);
}

const raw = readFileSync(file);
const gzip = gzipSync(raw, { level: 9 }).length;
const brotli = brotliCompressSync(raw, {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
    [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  },
}).length;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`.padStart(9);
const row = (label: string, bytes: number) =>
  `  ${label.padEnd(8)}${kb(bytes)}  ${String(bytes).padStart(8)} B`;

console.log('dist/cdn/tandem.js (1 KB = 1024 B)');
console.log(row('raw', raw.length));
console.log(row('gzip -9', gzip));
console.log(row('brotli', brotli));
const margin = AIM_GZIP_KB * 1024 - gzip;
console.log(
  `  aim: at most ${AIM_GZIP_KB} KB gzip; ${margin >= 0 ? `${kb(margin).trim()} under` : `${kb(-margin).trim()} over`}`,
);
