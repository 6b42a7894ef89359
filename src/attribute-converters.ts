import type { ComplexAttributeConverter } from 'lit';

/**
 * A boolean whose default is true, as the seeds fix it (`dropInEnabled`, `allowFirstPartyCookies`):
 * the attribute turns it off with "false" (or "0"); absent, it stays on.
 */
export const defaultTrueBoolean: ComplexAttributeConverter<boolean> = {
  fromAttribute: (value) => value === null || !/^(false|0|no|off)$/i.test(value.trim()),
  toAttribute: (value) => (value ? null : 'false'),
};

/** A list in one attribute, separated by spaces or commas: `triggers="always, queue-link"`. */
export const wordList: ComplexAttributeConverter<string[]> = {
  fromAttribute: (value) => (value ?? '').split(/[\s,]+/).filter(Boolean),
  toAttribute: (value) => value.join(' '),
};

/**
 * A boolean that may be left to someone else (the org's setting): no attribute is `null`, `"false"`
 * is false, any other value (or none) is true.
 */
export const optionalBoolean = {
  fromAttribute: (value: string | null): boolean | null => (value === null ? null : value !== 'false'),
  toAttribute: (value: boolean | null): string | null => (value === null ? null : String(value)),
};
