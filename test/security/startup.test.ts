/**
 * Start-up failures against the real `server/main.ts`: each names the path (or port) and the fix,
 * and a hub that cannot bind its port writes nothing to its data directory.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';

/** Runs a hub that is expected to fail; resolves to its exit code and stderr (bounded in time). */
function failingHub(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, TANDEM_DEMO: '1', TANDEM_LOG_FORMAT: 'text', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the hub did not exit; stderr: ${stderr}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('start-up failures', () => {
  let hub: TestHub;
  let scratch: string;
  before(async () => {
    hub = await startTestHub();
    scratch = await mkdtemp(join(tmpdir(), 'tandem-startup-'));
  });
  after(async () => {
    await hub?.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  it('a port clash says so and leaves the data directory untouched', async () => {
    const dataDir = join(scratch, 'clash');
    const { code, stderr } = await failingHub({ PORT: String(hub.port), TANDEM_DATA: dataDir });
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`port ${hub.port} is already in use`));
    assert.match(stderr, /PORT=/);
    await assert.rejects(readdir(dataDir), { code: 'ENOENT' }, 'not even created');
  });

  it('a data directory that is not one names the path and the fix', async () => {
    const file = join(scratch, 'a-file');
    await writeFile(file, 'not a directory');
    const dataDir = join(file, 'data');
    const { code, stderr } = await failingHub({ PORT: '0', TANDEM_DATA: dataDir });
    assert.equal(code, 1);
    assert.ok(stderr.includes(dataDir), stderr);
    assert.match(stderr, /TANDEM_DATA/);
  });

  it('a damaged database names the file and the fix, and is left as it was', async () => {
    const dataDir = join(scratch, 'corrupt');
    await mkdir(dataDir, { recursive: true });
    const garbage = 'this is no SQLite database '.repeat(200);
    await writeFile(join(dataDir, 'tandem.sqlite'), garbage);
    const { code, stderr } = await failingHub({ PORT: '0', TANDEM_DATA: dataDir });
    assert.equal(code, 1);
    assert.ok(stderr.includes(join(dataDir, 'tandem.sqlite')), stderr);
    assert.match(stderr, /backup|move it away/);
    assert.equal(await readFile(join(dataDir, 'tandem.sqlite'), 'utf8'), garbage);
  });

  it('a TANDEM_SECRET too short says how long it must be, names no part of it, and writes nothing', async () => {
    const dataDir = join(scratch, 'short-secret');
    const { code, stderr } = await failingHub({
      PORT: '0',
      TANDEM_DATA: dataDir,
      TANDEM_SECRET: 'hunter2-is-short',
    });
    assert.equal(code, 1);
    assert.match(stderr, /TANDEM_SECRET must be at least 32 characters/);
    assert.ok(!stderr.includes('hunter2'), stderr);
    await assert.rejects(readdir(dataDir), { code: 'ENOENT' }, 'not even created');
  });
});
