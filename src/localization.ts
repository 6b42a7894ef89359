import { configureLocalization, type LocaleModule } from '@lit/localize';
import { sourceLocale, targetLocales } from './locales/locale-codes.js';

type TargetLocale = (typeof targetLocales)[number];
export type SupportedLocale = typeof sourceLocale | TargetLocale;

export const supportedLocales: readonly SupportedLocale[] = [sourceLocale, ...targetLocales];

const loaders: Record<TargetLocale, () => Promise<LocaleModule>> = {
  'sv-SE': () => import('./locales/sv-SE.js'),
};

/**
 * lit-localize in runtime mode: one active locale for the page. Widgets ask for theirs; when two
 * widgets on one page ask for different locales, the last request wins for all of them.
 */
export const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: (locale) => loaders[locale as TargetLocale](),
});

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

/** The locale attribute, then the page's `<html lang>`, then the browser's languages, then en-US. */
export function resolveLocale(requested: string | null | undefined): SupportedLocale {
  return (
    matchLocale(requested) ??
    matchLocale(document.documentElement.lang) ??
    (navigator.languages ?? [navigator.language]).map(matchLocale).find((l) => l !== null) ??
    sourceLocale
  );
}
