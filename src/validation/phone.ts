import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/** A page's own normalisation (mluvii's setCustomNumberNormalization): null for an invalid number. */
export type PhoneNormalizer = (phoneNumber: string) => string | null;

/**
 * The number in international format (E.164, "+46701234567"), or null when it is not a valid
 * number. A number without a country code is read in the country of the visitor's locale.
 */
export function toInternationalNumber(phoneNumber: string, locale: string): string | null {
  const region = locale.split('-')[1]?.toUpperCase() as CountryCode | undefined;
  const parsed = parsePhoneNumberFromString(phoneNumber, region);
  return parsed?.isValid() ? parsed.number : null;
}

/**
 * The number as the visitor's details keep it, or null when it is not valid: the page's own
 * normaliser when it set one (a normaliser that throws or returns nothing refuses the number), else
 * the international format read in the country of `locale`.
 */
export function normalizePhone(raw: string, locale: string, custom?: PhoneNormalizer | null): string | null {
  if (!custom) return toInternationalNumber(raw, locale);
  try {
    return custom(raw) ?? null;
  } catch {
    return null;
  }
}
