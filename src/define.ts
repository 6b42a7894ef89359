import { trustedTypesAllow } from './trusted-types-guard.js';

/**
 * Registers a custom element once. The CDN file and an npm copy of Tandem may both load on one page;
 * the first definition wins and the second is a no-op instead of a DOMException. On a page whose CSP
 * refused Tandem's Trusted Types policy nothing is defined: the guard reports it on the elements.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (!trustedTypesAllow(tag)) return;
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
