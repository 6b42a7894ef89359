#!/usr/bin/env node
// Makes sure a Chromium the tests can start is installed. Quiet when one is found.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { findChromium } from './chromium-path.mjs';

if (findChromium()) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version');
const aptGet = ['/usr/bin/apt-get', '/bin/apt-get'].find((p) => existsSync(p));

if (isRoot && isDebian && aptGet) {
  console.log('ensure-chromium: Chromium not found; installing the Debian package "chromium"');
  const run = (args, env) => {
    const r = spawnSync(aptGet, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    if (r.status !== 0) {
      console.error(`ensure-chromium: apt-get ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
      process.exit(1);
    }
  };
  run(['update']);
  run(['install', '-y', 'chromium'], { DEBIAN_FRONTEND: 'noninteractive' });
  const found = findChromium();
  if (!found) {
    console.error('ensure-chromium: apt-get installed chromium but no executable was found');
    process.exit(1);
  }
  console.log(`ensure-chromium: using ${found}`);
  process.exit(0);
}

console.error(`ensure-chromium: no Chromium found (looked at $CHROME_PATH, /usr/bin/chromium,
/usr/bin/chromium-browser, /usr/bin/google-chrome). The browser tests need one. Either:
  - on Debian or Ubuntu:  sudo apt-get install chromium
  - or point CHROME_PATH at a Chromium or Chrome executable:  CHROME_PATH=/path/to/chrome npm test`);
process.exit(1);
