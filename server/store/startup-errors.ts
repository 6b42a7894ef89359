/**
 * Start-up failures an operator can fix, told with the path (or port) and the fix instead of a raw
 * driver message: a data directory the hub cannot write, a database file that is no SQLite database
 * or is damaged, a port already taken.
 */
import { ConfigError } from '../cluster/ports.js';

const code = (error: unknown): string => String((error as { code?: unknown } | null)?.code ?? '');

/** Explains a failure to open (or create) the SQLite store in `dataDir`; other errors pass unchanged. */
export function explainStoreError(error: unknown, dataDir: string): unknown {
  if (error instanceof ConfigError) return error;
  const file = `${dataDir}/tandem.sqlite`;
  const why = code(error) || (error instanceof Error ? error.message : String(error));
  if (['EACCES', 'EPERM', 'EROFS', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'].includes(code(error)))
    return new ConfigError(
      `The hub cannot write its data directory ${dataDir} (${why}). Give the user the hub runs as write ` +
        'access to it, or point TANDEM_DATA at a writable directory.',
    );
  if (code(error) === 'ENOTDIR' || code(error) === 'EEXIST')
    return new ConfigError(
      `The data directory ${dataDir} is not a directory (${why}). Point TANDEM_DATA at a directory.`,
    );
  if (['SQLITE_NOTADB', 'SQLITE_CORRUPT'].includes(code(error)))
    return new ConfigError(
      `${file} is not a Tandem database or is damaged (${why}). Restore it from a backup, or move it ` +
        'away to start with an empty database.',
    );
  if (code(error) === 'ENOSPC' || code(error) === 'SQLITE_FULL')
    return new ConfigError(`The disk holding ${dataDir} is full (${why}). Free some space and start again.`);
  return error;
}

/** Explains a failure to listen on the port; other errors pass unchanged. */
export function explainListenError(error: unknown, port: number, host: string | undefined): unknown {
  const where = host ? `${host}:${port}` : `port ${port}`;
  if (code(error) === 'EADDRINUSE')
    return new ConfigError(
      `${where} is already in use by another process. Stop that process, or start the hub on another port (PORT=…).`,
    );
  if (code(error) === 'EACCES')
    return new ConfigError(
      `The hub may not listen on ${where} (EACCES): ports below 1024 need privileges. Use a higher port (PORT=…).`,
    );
  if (code(error) === 'EADDRNOTAVAIL')
    return new ConfigError(
      `${host ?? 'The host'} is no address of this machine (EADDRNOTAVAIL). Check HOST.`,
    );
  return error;
}
