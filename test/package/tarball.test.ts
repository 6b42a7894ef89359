/**
 * The packed tarball, as the registry would serve it: publint (package.json against what the
 * tarball holds) and @arethetypeswrong/cli (every entry's types resolve, for ESM consumers: the
 * package is ESM only) find no problem.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, pack, tool } from '../support/packed.js';

let dir: string;
let tarball: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tandem-pack-'));
  tarball = await pack(REPO_ROOT, dir);
});
after(() => rm(dir, { recursive: true, force: true }));

test('publint finds nothing in the tarball', async () => {
  const { code, output } = await tool('node_modules/publint/src/cli.js', ['--strict', tarball], dir);
  assert.equal(code, 0, output);
  assert.match(output, /All good!/, output);
});

test('@arethetypeswrong/cli finds no problem for ESM consumers', async () => {
  const { code, output } = await tool(
    'node_modules/@arethetypeswrong/cli/dist/index.js',
    [tarball, '--profile', 'esm-only', '--format', 'ascii'],
    dir,
  );
  // attw exits 1 on any problem outside the ignored resolutions (node10 and require from CJS).
  assert.equal(code, 0, output);
});
