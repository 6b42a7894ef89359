#!/usr/bin/env node
// Installs node_modules when they are missing or older than package-lock.json.
// Runs before node_modules exists, so it uses Node's standard library only.
//
//   node scripts/ensure-deps.mjs          install when needed, quiet otherwise
//   node scripts/ensure-deps.mjs --mark   record the current lock as installed (after a manual `npm install`)
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const modules = join(root, 'node_modules');
const stamp = join(modules, '.tandem-lock-hash');
const lock = join(root, 'package-lock.json');
const hasLock = existsSync(lock);

function currentHash() {
  // Without a lock, package.json is the best statement of what should be installed.
  const source = hasLock ? lock : join(root, 'package.json');
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex');
  return `${hasLock ? 'lock' : 'package'}:${hash}`;
}

const wanted = currentHash();

if (process.argv.includes('--mark')) {
  if (!existsSync(modules)) {
    console.error('ensure-deps: node_modules is missing; run `npm ci` first.');
    process.exit(1);
  }
  writeFileSync(stamp, `${wanted}\n`);
  process.exit(0);
}

const recorded = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
if (existsSync(modules) && recorded === wanted) process.exit(0);

const why = !existsSync(modules)
  ? 'node_modules is missing'
  : recorded === null
    ? 'node_modules was not installed by this script'
    : 'package-lock.json changed since the last install';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Runs npm, saying every 20 seconds how long it has been at it: npm itself prints nothing until it
 * is done when its output is not a terminal, and a first install takes minutes.
 */
function npmRun(args) {
  console.log(`ensure-deps: npm ${args.join(' ')}`);
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const ticker = setInterval(() => console.log(`ensure-deps: still installing (${seconds()} s)...`), 20_000);
  return new Promise((resolve) => {
    const child = spawn(npm, [...args, '--no-audit', '--no-fund'], {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    child.once('error', (error) => {
      clearInterval(ticker);
      console.error(`ensure-deps: could not run npm: ${error.message}`);
      process.exit(1);
    });
    child.once('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) console.log(`ensure-deps: done in ${seconds()} s`);
      resolve(code === 0);
    });
  });
}

console.log(`ensure-deps: ${why}: installing the npm dependencies (a few minutes the first time)`);
let ok = await npmRun(hasLock ? ['ci'] : ['install']);
if (!ok && hasLock) {
  // `npm ci` refuses a lock that lacks optional packages the registry cannot serve (platform builds
  // of rollup this registry does not carry, for one); `npm install` installs the locked versions and
  // skips optional packages it cannot get.
  console.warn('ensure-deps: npm ci failed; trying npm install with the same lock');
  ok = await npmRun(['install']);
}
if (!ok) {
  console.error('ensure-deps: installing the dependencies failed');
  process.exit(1);
}
// `npm install` without a lock writes one: record the hash of what is there now.
writeFileSync(stamp, `${currentHash()}\n`);
