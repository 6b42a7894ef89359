import { dispatchTandemError, type TandemErrorDetail } from './tandem-error.js';

/**
 * Tells the page that an element cannot do something: `error` and `tandem-error` on the element, and
 * with `warn` (the page's own mistake, such as an invalid argument) a console warning too.
 */
export function reportError(element: EventTarget, detail: TandemErrorDetail, warn = false): void {
  if (warn) console.warn(`[tandem] ${detail.message}`);
  dispatchTandemError(element, detail);
}
