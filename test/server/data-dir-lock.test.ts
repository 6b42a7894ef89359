/**
 * One hub process per SQLite data directory: a second is refused with a message that says what to do,
 * and a lock left by a process that is gone is taken over.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { startHub } from '../../server/hub.js';

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
});
