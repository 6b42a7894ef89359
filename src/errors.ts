import { ErrorCode } from './protocol/frames.js';
import type { TandemErrorDetail } from './events/tandem-error.js';

/** The one error type Tandem rejects promises with; `code` is stable, `message` is for people. */
export class TandemError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'TandemError';
    this.code = code;
  }
}

/**
 * The `error` event's `detail` for anything thrown or rejected: a TandemError keeps its code, anything
 * else (a page's callback that threw, a bug) is `internal` with its message.
 */
export function toErrorDetail(error: unknown): TandemErrorDetail {
  if (error instanceof TandemError) return { code: error.code, message: error.message };
  return { code: ErrorCode.internal, message: error instanceof Error ? error.message : String(error) };
}

/** True when `error` is a TandemError with this code. */
export function hasErrorCode(error: unknown, code: ErrorCode): error is TandemError {
  return error instanceof TandemError && error.code === code;
}
