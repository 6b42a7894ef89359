/**
 * Logging to stderr, so stdout stays reserved for the start-up lines tools wait for.
 * Set TANDEM_LOG=debug for more, TANDEM_LOG=silent for nothing. TANDEM_LOG_FORMAT=json writes
 * one JSON object per line (`time`, `level`, `msg`, and `detail` or `error`), for log collectors.
 */
const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = keyof typeof levels;

function threshold(): number {
  const wanted = process.env['TANDEM_LOG'];
  return wanted && wanted in levels ? levels[wanted as Level] : levels.info;
}

const minimum = threshold();
const json = process.env['TANDEM_LOG_FORMAT'] === 'json';

function describe(detail: unknown): string {
  if (detail instanceof Error) return detail.stack ?? `${detail.name}: ${detail.message}`;
  if (typeof detail === 'string') return detail;
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}

function jsonLine(level: Exclude<Level, 'silent'>, message: string, detail: unknown): string {
  const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg: message };
  if (detail instanceof Error)
    entry['error'] = { name: detail.name, message: detail.message, stack: detail.stack };
  else if (detail !== undefined) entry['detail'] = typeof detail === 'string' ? detail : describe(detail);
  return `${JSON.stringify(entry)}\n`;
}

function write(level: Exclude<Level, 'silent'>, message: string, detail?: unknown): void {
  if (levels[level] < minimum) return;
  if (json) {
    process.stderr.write(jsonLine(level, message, detail));
    return;
  }
  const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}`;
  process.stderr.write(detail === undefined ? `${line}\n` : `${line} ${describe(detail)}\n`);
}

export const log = {
  debug: (message: string, detail?: unknown) => write('debug', message, detail),
  info: (message: string, detail?: unknown) => write('info', message, detail),
  warn: (message: string, detail?: unknown) => write('warn', message, detail),
  error: (message: string, detail?: unknown) => write('error', message, detail),
};
