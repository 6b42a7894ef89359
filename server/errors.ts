/**
 * An expected failure a client should hear about: it becomes an `error` frame (or an HTTP error)
 * with this code and message. Anything else thrown is a bug and is reported as `internal`.
 */
import type { ErrorCode } from '../src/protocol/frames.js';

export class HubError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'HubError';
    this.code = code;
  }
}
