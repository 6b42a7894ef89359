import { ErrorCode } from './protocol/frames.js';
import type { TandemErrorDetail } from './events/tandem-error.js';

/** The one error type Tandem rejects promises with; `code` is stable, `message` is for people. */
export class TandemError extends Error {
  readonly code: ErrorCode;
  /** With `rate-limited`: whole seconds until the same action may succeed. */
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, retryAfter?: number) {
    super(message);
    this.name = 'TandemError';
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/**
 * The `error` event's `detail` for anything thrown or rejected: a TandemError keeps its code, anything
 * else (a page's callback that threw, a bug) is `internal` with its message.
 */
export function toErrorDetail(error: unknown): TandemErrorDetail {
  if (error instanceof TandemError)
    return error.retryAfter === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, retryAfter: error.retryAfter };
  return { code: ErrorCode.internal, message: error instanceof Error ? error.message : String(error) };
}

/** True when `error` is a TandemError with this code. */
export function hasErrorCode(error: unknown, code: ErrorCode): error is TandemError {
  return error instanceof TandemError && error.code === code;
}
