import type { ErrorCode } from './protocol/frames.js';

/** The one error type Tandem rejects promises with; `code` is stable, `message` is for people. */
export class TandemError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'TandemError';
    this.code = code;
  }
}
