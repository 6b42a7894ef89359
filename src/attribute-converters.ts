import type { ComplexAttributeConverter } from 'lit';

/**
 * An attribute converter that also converts what a framework sets as the property: React and Vue
 * set a custom element's property whenever it has one, with whatever the template holds (a string
 * from `triggers="always smart"`, `false`, `"false"`, an array). `TandemElement` runs `fromProperty`
 * on every property set, so a property set from code means the same as the attribute.
 */
export interface PropertyConverter<T> extends ComplexAttributeConverter<T> {
  fromProperty(value: unknown): T;
}

const FALSE_WORDS = /^(false|0|no|off)$/i;

/** A boolean that is off by default: the attribute turns it on, except `"false"` (or `"0"`, `"no"`, `"off"`). */
export const flag: PropertyConverter<boolean> = {
  fromAttribute: (value) => value !== null && !FALSE_WORDS.test(value.trim()),
  toAttribute: (value) => (value ? '' : null),
  fromProperty: (value) => (typeof value === 'string' ? !FALSE_WORDS.test(value.trim()) : Boolean(value)),
};

/**
 * A boolean whose default is true, as the seeds fix it (`dropInEnabled`, `allowFirstPartyCookies`):
 * the attribute turns it off with "false" (or "0"); absent, it stays on. As a property, `null` and
 * `undefined` go back to the default.
 */
export const defaultTrueBoolean: PropertyConverter<boolean> = {
  fromAttribute: (value) => value === null || !FALSE_WORDS.test(value.trim()),
  toAttribute: (value) => (value ? null : 'false'),
  fromProperty: (value) =>
    value === null ||
    value === undefined ||
    (typeof value === 'string' ? !FALSE_WORDS.test(value.trim()) : Boolean(value)),
};

/**
 * A boolean that may be left to someone else (the org's setting): no attribute is `null`, `"false"`
 * is false, any other value (or none) is true.
 */
export const optionalBoolean: PropertyConverter<boolean | null> = {
  fromAttribute: (value) => (value === null ? null : !FALSE_WORDS.test(value.trim())),
  toAttribute: (value) => (value === null ? null : String(value)),
  fromProperty: (value) =>
    value === null || value === undefined
      ? null
      : typeof value === 'string'
        ? !FALSE_WORDS.test(value.trim())
        : Boolean(value),
};

/**
 * A list in one attribute, separated by spaces or commas: `triggers="always, queue-link"`. As a
 * property: an array, or the same string.
 */
export const wordList: PropertyConverter<string[]> = {
  fromAttribute: (value) => (value ?? '').split(/[\s,]+/).filter(Boolean),
  toAttribute: (value) => value.join(' '),
  fromProperty: (value) =>
    Array.isArray(value)
      ? value.map(String).filter(Boolean)
      : typeof value === 'string'
        ? wordList.fromAttribute!(value, undefined)
        : [],
};

/** A number: the attribute's text, or a number or numeric string as the property; anything else is 0. */
export const count: PropertyConverter<number> = {
  fromAttribute: (value) => count.fromProperty(value),
  toAttribute: (value) => String(value),
  fromProperty: (value) => {
    const number =
      typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : 0;
    return Number.isFinite(number) ? number : 0;
  },
};

/** True when `converter` converts property values too. */
export function isPropertyConverter(converter: unknown): converter is PropertyConverter<unknown> {
  return typeof (converter as PropertyConverter<unknown> | undefined)?.fromProperty === 'function';
}
