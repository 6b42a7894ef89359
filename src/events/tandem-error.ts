import type { ErrorCode } from '../protocol/frames.js';

export interface TandemErrorDetail {
  code: ErrorCode;
  message: string;
  /** With `rate-limited`: whole seconds until the same action may succeed. */
  retryAfter?: number;
}

/**
 * `error`: the element cannot do its work (hub unreachable, unknown org, origin not allowed, ...).
 *
 * Unlike the other events it neither bubbles nor leaves the shadow tree: an `error` event reaching
 * `window` would be taken for a script error by the page's own error trackers. Listen on the element.
 * Not added to HTMLElementEventMap, where `error` is already an ErrorEvent.
 */
export class TandemErrorEvent extends CustomEvent<TandemErrorDetail> {
  constructor(detail: TandemErrorDetail) {
    super('error', { bubbles: false, composed: false, detail });
  }
}
