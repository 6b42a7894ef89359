import type { PropertyDeclaration, ReactiveElement } from 'lit';
import { property as litProperty } from 'lit/decorators.js';
import { isPropertyConverter } from '../attribute-converters.js';

/**
 * Lit's `@property`, made for frameworks. React 19 and Vue 3 set a custom element's property when
 * the element has one by the name the template uses, and otherwise an attribute, which cannot say
 * `false` (React removes it) nor hold an array or a function. So:
 * - every property also answers to its attribute's name (`el['drop-in-enabled'] = false`) and to
 *   its own name in kebab-case (`el['tracking-tags'] = tags`);
 * - a converter that converts property values too (`PropertyConverter`) runs on every set, so
 *   `languages = 'sv-SE en-US'` is a list and `dropInEnabled = 'false'` is false.
 */
export function property(options?: PropertyDeclaration) {
  return (proto: object, name: string): void => {
    (litProperty(options) as (proto: ReactiveElement, name: string) => void)(proto as ReactiveElement, name);
    const converter = options?.converter;
    const accessor = Object.getOwnPropertyDescriptor(proto, name);
    if (accessor?.set && isPropertyConverter(converter)) {
      const set = accessor.set;
      Object.defineProperty(proto, name, {
        ...accessor,
        set(this: object, value: unknown) {
          set.call(this, converter.fromProperty(value));
        },
      });
    }
    // The attribute's name, and the kebab-case name Vue templates use for a property without one
    // (`:tracking-tags="tags"` for `trackingTags`).
    const attribute = options?.attribute;
    if (typeof attribute === 'string') defineAlias(proto, attribute, name);
    defineAlias(proto, kebabCase(name), name);
  };
}

/** `trackingTags` → `tracking-tags`. */
function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** Makes `alias` get and set the property `name`, unless the names are the same or `alias` is taken. */
export function defineAlias(proto: object, alias: string, name: string): void {
  if (alias === name || alias in proto) return;
  Object.defineProperty(proto, alias, {
    get(this: Record<string, unknown>) {
      return this[name];
    },
    set(this: Record<string, unknown>, value: unknown) {
      this[name] = value;
    },
    configurable: true,
  });
}
