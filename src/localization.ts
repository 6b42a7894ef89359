import type { LocaleModule } from '@lit/localize';
import { configureReentrantLocalization } from '@lit/localize/init/reentrant.js';
import { sourceLocale, targetLocales } from './locales/locale-codes.js';

type TargetLocale = (typeof targetLocales)[number];
export type SupportedLocale = typeof sourceLocale | TargetLocale;

export const supportedLocales: readonly SupportedLocale[] = [sourceLocale, ...targetLocales];

const loaders: Record<TargetLocale, () => Promise<LocaleModule>> = {
  'sv-SE': () => import('./locales/sv-SE.js'),
};

/** Translations that have arrived, and those on their way: one load per locale per page. */
const loaded = new Map<SupportedLocale, LocaleModule>();
const loading = new Map<SupportedLocale, Promise<void>>();

/** The locale `msg()` translates into right now: the element that is rendering sets it (LocaleController). */
let active: SupportedLocale = sourceLocale;

/*
 * lit-localize's reentrant mode: `msg()` asks for the active locale on every call, instead of one
 * locale for the whole page (runtime mode, `configureLocalization`). Each element renders in its own
 * locale, so two widgets in two languages can share a page. A locale whose translations have not
 * arrived yet renders the source text (en-US) until they do.
 */
configureReentrantLocalization({
  sourceLocale,
  targetLocales: [...targetLocales],
  getLocale: () => active,
  loadLocaleSync: (locale) => loaded.get(locale as SupportedLocale),
});

/** True when `msg()` can render `locale` now: the source locale, or translations that have arrived. */
export function isLocaleLoaded(locale: SupportedLocale): boolean {
  return locale === sourceLocale || loaded.has(locale);
}

/** Loads a locale's translations once per page; a failed load may be retried by calling again. */
export function loadLocale(locale: SupportedLocale): Promise<void> {
  if (isLocaleLoaded(locale)) return Promise.resolve();
  let pending = loading.get(locale);
  if (!pending) {
    pending = loaders[locale as TargetLocale]().then(
      (module) => {
        loaded.set(locale, module);
        loading.delete(locale);
      },
      (error: unknown) => {
        loading.delete(locale);
        throw error;
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}

/** Makes `locale` the one `msg()` translates into and returns the previous one, to restore after. */
export function activateLocale(locale: SupportedLocale): SupportedLocale {
  const previous = active;
  active = locale;
  return previous;
}

/** Runs `fn` with `msg()` translating into `locale`. */
export function withLocale<T>(locale: SupportedLocale, fn: () => T): T {
  const previous = activateLocale(locale);
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/**
 * The supported locale that best matches a BCP 47 tag: an exact match, then the same language
 * (`sv` and `sv-FI` → `sv-SE`), else null.
 */
export function matchLocale(tag: string | null | undefined): SupportedLocale | null {
  if (!tag) return null;
  const wanted = tag.trim().replace('_', '-').toLowerCase();
  if (!wanted) return null;
  const exact = supportedLocales.find((l) => l.toLowerCase() === wanted);
  if (exact) return exact;
  const language = wanted.split('-')[0];
  return supportedLocales.find((l) => l.toLowerCase().split('-')[0] === language) ?? null;
}

/**
 * The locale attribute, then the page's `<html lang>`, then the browser's languages, then en-US.
 * Without a `document` or `navigator` (server rendering), those steps are skipped.
 */
export function resolveLocale(requested: string | null | undefined): SupportedLocale {
  const pageLang = typeof document === 'undefined' ? undefined : document.documentElement?.lang;
  const browserLangs = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return (
    matchLocale(requested) ??
    matchLocale(pageLang) ??
    browserLangs.map(matchLocale).find((l) => l !== null) ??
    sourceLocale
  );
}
