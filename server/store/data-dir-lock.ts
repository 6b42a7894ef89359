/**
 * One hub per SQLite data directory: a second process on the same directory would run beside the
 * first, each with its own view of the line, and silently split the visitors between them. The lock
 * is a file holding the owner's process id; a lock whose process is gone (a crash, kill -9) is taken
 * over. Several processes share PostgreSQL and Redis instead.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ConfigError } from '../cluster/ports.js';

const LOCK_FILE = 'hub.lock';

/** Takes the directory's lock; resolves to its release. Throws a ConfigError while another hub holds it. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new ConfigError(
          `Another hub (process ${owner}) already runs on the data directory ${dataDir}. Stop it, or give ` +
            'this hub its own TANDEM_DATA; several hub processes share PostgreSQL and Redis instead ' +
            '(TANDEM_DATABASE_URL and TANDEM_REDIS_URL).',
        );
      }
      unlinkSync(path); // Its owner is gone: the lock is stale.
    }
  }
  return () => {
    try {
      if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
    } catch {
      // Already gone: nothing to release.
    }
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
