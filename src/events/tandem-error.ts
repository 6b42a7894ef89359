import type { ErrorCode } from '../protocol/frames.js';

export interface TandemErrorDetail {
  code: ErrorCode;
  message: string;
  /** With `rate-limited`: whole seconds until the same action may succeed. */
  retryAfter?: number;
}

/** The two names a Tandem error is fired under. */
export type TandemErrorEventName = 'error' | 'tandem-error';

/**
 * An element cannot do its work (hub unreachable, unknown org, origin not allowed, ...). Fired twice
 * with the same detail (see `dispatchTandemError`):
 * - `error`, as the seeds name it. It neither bubbles nor leaves the shadow tree: an `error` event
 *   reaching `window` would be taken for a script error by the page's own error trackers. Listen on
 *   the element. TypeScript types it as DOM's `ErrorEvent` (a name can have one type only).
 * - `tandem-error`, bubbling and composed, typed as this class: listen anywhere, `e.detail.code` compiles.
 */
export class TandemErrorEvent extends CustomEvent<TandemErrorDetail> {
  constructor(detail: TandemErrorDetail, type: TandemErrorEventName = 'error') {
    const bubbles = type === 'tandem-error';
    super(type, { bubbles, composed: bubbles, detail });
  }
}

/** Fires `error` on the element, then the bubbling `tandem-error`, with the same detail. */
export function dispatchTandemError(element: EventTarget, detail: TandemErrorDetail): void {
  element.dispatchEvent(new TandemErrorEvent(detail, 'error'));
  element.dispatchEvent(new TandemErrorEvent(detail, 'tandem-error'));
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tandem-error': TandemErrorEvent;
  }
}
