/**
 * Builds the hub into `packages/hub/`, the `tandem-hub` package: the server compiled to JavaScript
 * (`server/main.js`, `server/cli.js`, `server/bin.js` and shared chunks; npm dependencies stay
 * imports, listed in packages/hub/package.json) beside what the hub serves (`dist/cdn/`,
 * `index.html`, `agent.html`, `demo/`, the stories' `storybook-static/`), in the layout the hub reads from its root. `npm start` and
 * production run these files with plain `node`, not tsx.
 *
 * Runs after build:cdn and build:compat (it copies dist/cdn).
 */
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = fileURLToPath(new URL('../packages/hub/', import.meta.url));
const hubPackage = JSON.parse(readFileSync(`${out}package.json`, 'utf8'));

if (!existsSync(`${root}dist/cdn/tandem.js`)) {
  throw new Error('dist/cdn/tandem.js is missing: run `npm run build:cdn` before `npm run build:hub`.');
}

for (const built of ['server', 'dist', 'demo', 'storybook-static', 'index.html', 'agent.html']) {
  rmSync(`${out}${built}`, { recursive: true, force: true });
}

await build({
  absWorkingDir: root,
  entryPoints: { main: 'server/main.ts', cli: 'server/cli.ts', bin: 'server/bin.ts' },
  outdir: `${out}server`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: `node${hubPackage.engines.node.replace(/[^\d.]/g, '')}`,
  // npm dependencies are the package's dependencies, installed beside it.
  packages: 'external',
  sourcemap: true,
  sourcesContent: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});

cpSync(`${root}dist/cdn`, `${out}dist/cdn`, { recursive: true });
cpSync(`${root}demo`, `${out}demo`, { recursive: true });
// The stories (`/stories/`), when built (build:stories runs before this in `npm run build`).
if (existsSync(`${root}storybook-static`)) {
  cpSync(`${root}storybook-static`, `${out}storybook-static`, { recursive: true });
}
for (const page of ['index.html', 'agent.html']) cpSync(`${root}${page}`, `${out}${page}`);
