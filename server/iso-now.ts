/**
 * The time now as an ISO 8601 string, made once per millisecond: `new Date().toISOString()`
 * costs about half a microsecond, and the chat path stamps every message with it.
 */
let lastMs = Number.NaN;
let lastIso = '';

export function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}
