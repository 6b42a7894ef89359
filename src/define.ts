import { trustedTypesAllow } from './trusted-types-guard.js';

/**
 * Where the elements meet the page's custom element registry. Tags are taken first come, first
 * served: Tandem registers under its names only when they are free, and says so when another
 * library holds one. Every class can be registered under another name
 * (`customElements.define('my-chat', ChatWidget)`, with the classes from `tandem/classes.js`), and
 * the elements that create others (the calls widget's booking card, the overlay's calls widget,
 * the smart trigger's overlay) create them under whatever name their class has.
 */

/** Marks Tandem's classes across copies of Tandem on one page (the CDN file and an npm copy). */
const TANDEM = Symbol.for('tandem.element');

/** Tags given to classes that had to be registered by Tandem itself (see `tagOf`). */
const ownTags = new WeakMap<CustomElementConstructor, string>();

function isTandemClass(ctor: CustomElementConstructor): boolean {
  return TANDEM in ctor;
}

/** Marks `ctor` as one of Tandem's (TandemElement does, for every element). */
export function markTandemClass(ctor: object): void {
  Object.defineProperty(ctor, TANDEM, { value: true });
}

/**
 * Registers a custom element once. The CDN file and an npm copy of Tandem may both load on one
 * page: the first definition wins and the second is a no-op. When another library holds the tag,
 * Tandem leaves it alone and logs how to register Tandem's element under another name.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return; // server rendering: nothing to register
  // On a page whose CSP refused Tandem's Trusted Types policy nothing is defined: the guard reports it.
  if (!trustedTypesAllow(tag)) return;
  const existing = customElements.get(tag);
  if (!existing) {
    if (!customElements.getName?.(ctor)) customElements.define(tag, ctor);
    return;
  }
  if (existing === ctor || isTandemClass(existing)) return;
  console.error(
    `[tandem] <${tag}> is already defined by another script, so Tandem's ${ctor.name} is not registered ` +
      `under that name and <${tag}> on this page is not Tandem's. Register Tandem's under a name of ` +
      `your own: import { ${ctor.name} } from 'tandem/classes.js'; customElements.define('my-${tag}', ${ctor.name}).`,
  );
}

/**
 * The tag `ctor` answers to, for an element that creates another: the name it is registered under,
 * else its default name when free, else `tandem-<default>` (registered here, once).
 */
export function tagOf(ctor: CustomElementConstructor, defaultTag: string): string {
  const registered = customElements.getName?.(ctor) ?? ownTags.get(ctor);
  if (registered) return registered;
  let tag = defaultTag;
  for (let n = 1; customElements.get(tag); n++) tag = `tandem-${defaultTag}${n > 1 ? `-${n}` : ''}`;
  customElements.define(tag, ctor);
  ownTags.set(ctor, tag);
  return tag;
}
