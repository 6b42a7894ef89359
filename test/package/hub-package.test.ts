/**
 * The `tandem-hub` package (packages/hub, built by `npm run build:hub`), packed and installed into a
 * shop's project: its `tandem-hub` command starts a hub from the compiled JavaScript, which serves
 * tandem.js and the console, and runs the operator CLI. Its dependencies are links to this
 * repository's (no network); that the bundle needs nothing else is checked on its imports.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { REPO_ROOT, installPacked } from '../support/packed.js';

const HUB_DIR = join(REPO_ROOT, 'packages', 'hub');
let dir: string;
let bin: string;

interface PackageJson {
  version: string;
  engines: { node: string };
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as PackageJson;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tandem-shop-'));
  await installPacked(HUB_DIR, 'tandem-hub', dir);
  // What npm does for a package's `bin`.
  const installed = await readJson(join(dir, 'node_modules', 'tandem-hub', 'package.json'));
  await mkdir(join(dir, 'node_modules', '.bin'), { recursive: true });
  bin = join(dir, 'node_modules', '.bin', 'tandem-hub');
  await symlink(join('..', 'tandem-hub', installed.bin['tandem-hub']!), bin);
});
after(() => rm(dir, { recursive: true, force: true }));

test('declares every package its compiled files import, at the versions the repository tests', async () => {
  const hub = await readJson(join(HUB_DIR, 'package.json'));
  const root = await readJson(join(REPO_ROOT, 'package.json'));
  assert.equal(hub.version, root.version);
  for (const [name, range] of Object.entries(hub.dependencies)) {
    assert.equal(range, root.dependencies[name] ?? root.devDependencies[name], name);
  }
  const serverDir = join(dir, 'node_modules', 'tandem-hub', 'server');
  const files = (await readdir(serverDir, { recursive: true })).filter((f) => f.endsWith('.js'));
  const imported = new Set<string>();
  for (const file of files) {
    const source = await readFile(join(serverDir, file), 'utf8');
    for (const [, specifier] of source.matchAll(/(?:^|\n)\s*import[^'"]*['"]([^'"./][^'"]*)['"]/g)) {
      const name = specifier!.startsWith('@')
        ? specifier!.split('/').slice(0, 2).join('/')
        : specifier!.split('/')[0]!;
      if (!specifier!.startsWith('node:') && !builtinModules.includes(name)) imported.add(name);
    }
  }
  assert.ok(imported.size > 0);
  for (const name of imported) assert.ok(hub.dependencies[name], `${name} is imported but not a dependency`);
});

test('tandem-hub starts a hub from the compiled files, serving tandem.js and the console', async () => {
  const data = join(dir, 'data');
  const child = spawn(process.execPath, [bin], {
    cwd: dir,
    env: { ...process.env, PORT: '0', TANDEM_DATA: data, TANDEM_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        const ready = /Tandem hub listening on (http:\/\/localhost:\d+)/.exec(line);
        if (ready) resolve(ready[1]!);
      });
      child.once('exit', (code) => reject(new Error(`tandem-hub exited with ${code}: ${stderr}`)));
    });
    const script = await fetch(`${url}/tandem.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    assert.ok((await script.text()).includes('calls-widget'));
    assert.equal((await fetch(`${url}/agent.html`)).status, 200);
    assert.equal(await (await fetch(`${url}/healthz`)).text(), 'ok\n');
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }

  // With a command, the same command is the operator CLI, on the same data directory.
  const { stdout } = await promisify(execFile)(process.execPath, [bin, 'org', 'list'], {
    cwd: dir,
    env: { ...process.env, TANDEM_DATA: data },
  });
  assert.match(stdout, /demo/);
});
