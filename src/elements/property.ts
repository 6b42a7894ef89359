import type { PropertyDeclaration, ReactiveElement } from 'lit';
import { property as litProperty } from 'lit/decorators.js';
import { isPropertyConverter } from '../attribute-converters.js';

/**
 * Lit's `@property`, made for frameworks. React 19 and Vue 3 set a custom element's property when
 * the element has one by the name the template uses, and otherwise an attribute, which cannot say
 * `false` (React removes it) nor hold an array or a function. So:
 * - every property also answers to its attribute's name (`el['drop-in-enabled'] = false`);
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
    const attribute = options?.attribute;
    if (typeof attribute !== 'string' || attribute === name || attribute in proto) return;
    Object.defineProperty(proto, attribute, {
      get(this: Record<string, unknown>) {
        return this[name];
      },
      set(this: Record<string, unknown>, value: unknown) {
        this[name] = value;
      },
      configurable: true,
    });
  };
}
