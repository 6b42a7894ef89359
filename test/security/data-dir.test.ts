/**
 * One hub process per SQLite data directory: a second is refused with a message that says what to do,
 * and a lock left by a process that is gone is taken over. Two hubs on one directory would split
 * visitors and agents silently; the second must not start, whether it is a `startHub` in the same
 * process or another `server/main.ts`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { startHub } from '../../server/hub.js';
import { startTestHub } from '../support/start-hub.js';
import { http } from '../server/client.js';

/** Runs `server/main.ts` on `dataDir` until it exits (or 30 s pass); resolves with its exit code and stderr. */
function runSecondHub(dataDir: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, PORT: '0', TANDEM_DATA: dataDir, TANDEM_DEMO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('one hub per SQLite data directory', () => {
  it('refuses a second hub on the data directory another hub runs on, and frees it when that hub stops', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tandem-lock-'));
    try {
      const first = await startHub({ port: 0, dataDir });
      await assert.rejects(
        startHub({ port: 0, dataDir }),
        /Another hub \(process \d+\) already runs on the data directory/,
      );
      await first.close();
      const second = await startHub({ port: 0, dataDir });
      await second.close();
      // A lock left by a process that is gone (a crash) is taken over.
      await writeFile(join(dataDir, 'hub.lock'), '999999999');
      const third = await startHub({ port: 0, dataDir });
      await third.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("refuses a second hub process on a running hub's data directory; the first keeps serving", async () => {
    const hub = await startTestHub();
    try {
      const second = await runSecondHub(hub.dataDir);
      assert.notEqual(second.code, 0);
      assert.match(second.stderr, /Another hub \(process \d+\) already runs on the data directory/);
      assert.doesNotMatch(second.stderr, /\n\s+at /, 'a message, not a stack trace');
      assert.equal((await http(hub.port, '/healthz')).status, 200);
    } finally {
      await hub.stop();
    }
  });
});
