/**
 * Registers a custom element once. The CDN file and an npm copy of Tandem may both load on one page;
 * the first definition wins and the second is a no-op instead of a DOMException.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
