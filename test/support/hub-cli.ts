/**
 * The operator's CLI (`npm run hub -- …`) on a test hub's own data directory, as an operator runs it
 * beside a running hub (SQLite's WAL lets both share the file): each command in turn, then the store
 * is closed. What the hub reads only at start (themes, agents, services) needs `hub.restart()` after.
 */
import { runCli } from '../../server/cli.js';
import { SqliteStore } from '../../server/store/sqlite-store.js';
import type { TestHub } from './start-hub.js';

/** Runs each command (its argv) against the hub's store; resolves to what each printed. */
export async function runHubCli(hub: Pick<TestHub, 'dataDir'>, ...commands: string[][]): Promise<string[]> {
  const store = new SqliteStore(hub.dataDir);
  try {
    const printed: string[] = [];
    for (const argv of commands) printed.push(await runCli(argv, store));
    return printed;
  } finally {
    await store.close();
  }
}
