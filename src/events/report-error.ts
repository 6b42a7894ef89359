import { TandemErrorEvent, type TandemErrorDetail } from './tandem-error.js';

/**
 * Tells the page that an element cannot do something: the `error` event on the element, and with
 * `warn` (the page's own mistake, such as an invalid argument) a console warning too.
 */
export function reportError(element: EventTarget, detail: TandemErrorDetail, warn = false): void {
  if (warn) console.warn(`[tandem] ${detail.message}`);
  element.dispatchEvent(new TandemErrorEvent(detail));
}
