/**
 * Size of the CDN files: the launcher a shop's page loads (`tandem.js`, against the aim), and each
 * chunk it may load later; raw, gzip (level 9) and brotli (quality 11). Beside it, the one-file
 * baseline, the one-file build from before the launcher (built once from git, or TANDEM_BASELINE_CDN). Prints figures; never
 * fails on size. bench/page-weight.ts measures what a page really loads before the visitor acts.
 *
 *   npm run build && node --import tsx bench/cdn-size.ts
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { oneFileCdnBaseline } from './support/baseline-build.js';

const AIM_GZIP_KB = 10;
const file = fileURLToPath(new URL('../dist/cdn/tandem.js', import.meta.url));

if (!existsSync(file)) {
  console.error('dist/cdn/tandem.js is missing: run `npm run build` first.');
  process.exit(1);
}

const sizes = (path: string) => {
  const raw = readFileSync(path);
  const gzip = gzipSync(raw, { level: 9 }).length;
  const brotli = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  }).length;
  return { raw: raw.length, gzip, brotli };
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`.padStart(10);
const row = (label: string, s: { raw: number; gzip: number; brotli: number }) =>
  console.log(`  ${label.padEnd(44)}${kb(s.raw)}${kb(s.gzip)}${kb(s.brotli)}`);

console.log('CDN files (1 KB = 1024 B)');
console.log(`  ${''.padEnd(44)}${'raw'.padStart(10)}${'gzip -9'.padStart(10)}${'brotli'.padStart(10)}`);
const baseline = join(oneFileCdnBaseline() ?? '.tmp/no-baseline', 'tandem.js');
if (existsSync(baseline)) row('baseline tandem.js (one file)', sizes(baseline));
const launcher = sizes(file);
row('tandem.js (launcher)', launcher);
const chunksDir = fileURLToPath(new URL('../dist/cdn/chunks', import.meta.url));
const chunks = existsSync(chunksDir)
  ? readdirSync(chunksDir)
      .filter((f) => f.endsWith('.js'))
      .sort()
  : [];
let total = { ...launcher };
for (const chunk of chunks) {
  const s = sizes(join(chunksDir, chunk));
  row(`  chunks/${chunk}`, s);
  total = { raw: total.raw + s.raw, gzip: total.gzip + s.gzip, brotli: total.brotli + s.brotli };
}
row('everything (launcher + all chunks)', total);
const margin = AIM_GZIP_KB * 1024 - launcher.gzip;
console.log(
  `  launcher aim: at most ${AIM_GZIP_KB} KB gzip; ${margin >= 0 ? `${kb(margin).trim()} under` : `${kb(-margin).trim()} over`}`,
);
