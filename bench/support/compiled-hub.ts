/**
 * The hub as production runs it: `server/main.ts` compiled to JavaScript by esbuild with the options
 * of scripts/build-hub.mjs (one bundle, npm packages left as imports, no `keepNames`, so no `__name`
 * calls), run with plain `node` rather than through tsx. Built into `.tmp/bench-hub/` of the checkout
 * it compiles, where `node_modules` resolves as from the repository; the chat path needs none of
 * the files the hub serves, so only the server is built.
 *
 * `baselineHub()` does the same for an earlier commit (git archive into a temporary directory), so a
 * bench can run the hub from before and after a change side by side in one run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { build } from 'esbuild';

import { REPO_ROOT } from './processes.js';

/** Compiles `root`'s server/main.ts; the path of the `main.js` to run with node. */
export async function compileHub(root = REPO_ROOT): Promise<string> {
  const out = join(root, '.tmp', 'bench-hub', 'server');
  const engines = JSON.parse(readFileSync(join(REPO_ROOT, 'packages', 'hub', 'package.json'), 'utf8'))
    .engines as { node: string };
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'server/main.ts' },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${engines.node.replace(/[^\d.]/g, '')}`,
    packages: 'external',
    sourcemap: true,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  });
  return join(out, 'main.js');
}

/**
 * The hub `npm run build` wrote into packages/hub (the `tandem-hub` package: the compiled server
 * beside dist/cdn, the demo pages and the stories), the very files production runs; undefined when
 * it was not built. For the benches that load pages from the hub.
 */
export function builtHub(): string | undefined {
  const main = join(REPO_ROOT, 'packages', 'hub', 'server', 'main.js');
  return existsSync(main) ? main : undefined;
}

/** How a bench says which hub it ran: the built package, or the source through tsx. */
export function hubLabel(compiled: string | undefined): string {
  return compiled
    ? `hub: packages/hub, compiled by \`npm run build\` at ${statSync(compiled).mtime.toISOString()}`
    : 'hub: from source through tsx (run `npm run build` to measure the compiled hub)';
}

/**
 * The commit just before the first one whose change to `path` added or removed `marker` (git's
 * pickaxe), or `rev` when given, exported into a temporary directory that shares this checkout's
 * node_modules, its hub compiled; the path of its `main.js`, or null when there is no such commit.
 */
export async function baselineHub(marker: string, path: string, rev?: string): Promise<string | null> {
  const root = baselineRoot(marker, path, rev);
  return root ? compileHub(root) : null;
}

/** The same commit's sources, exported as `baselineHub` does (not compiled); null without one. */
export function baselineRoot(marker: string, path: string, rev?: string): string | null {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  let sha: string;
  try {
    if (rev) sha = git('rev-parse', rev);
    else {
      const first = git('log', '--format=%H', '--reverse', '-S', marker, '--', path).split('\n')[0];
      if (!first) return null;
      sha = git('rev-parse', `${first}^`);
    }
  } catch {
    return null;
  }
  const dir = join(tmpdir(), `tandem-baseline-hub-${sha.slice(0, 12)}`);
  if (!existsSync(join(dir, 'server', 'main.ts'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C "${dir}"`], { cwd: REPO_ROOT });
  }
  if (!existsSync(join(dir, 'node_modules')))
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}
