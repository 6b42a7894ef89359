/**
 * Visitor info (onWebChat's name, email, phone, notes, 004): checked and merged by the hub. The
 * browser normalises a phone number to E.164 (mluvii's normalisation, 002); the hub only checks
 * that what arrives is in that form.
 */
import { ErrorCode } from '../../../src/protocol/frames.js';
import type { VisitorInfo } from '../../../src/protocol/frames.js';
import { HubError } from '../../errors.js';

/** Something@something.tld, no blanks: the shape, not a promise that mail arrives. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** E.164: a plus, then 7 to 15 digits, the first (the country code's) never 0. */
const PHONE = /^\+[1-9]\d{6,14}$/;

const KEYS = ['name', 'email', 'phone', 'notes'] as const;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

/** Throws `bad-frame` with a message naming the field when an e-mail or phone is malformed. */
export function checkVisitorInfo(info: VisitorInfo): void {
  const email = info.email?.trim();
  if (email && !isEmail(email))
    throw new HubError(ErrorCode.badFrame, `"${email.slice(0, 80)}" is not an e-mail address.`);
  const phone = info.phone?.trim();
  if (phone && !PHONE.test(phone))
    throw new HubError(
      ErrorCode.badFrame,
      'The phone number must be in international format: "+" and 7 to 15 digits, e.g. +46701234567.',
    );
}

/** `changes` over `current`: given fields are trimmed and replace, an empty one removes the field. */
export function mergeVisitorInfo(current: VisitorInfo, changes: VisitorInfo): VisitorInfo {
  const merged: VisitorInfo = {};
  for (const key of KEYS) {
    const value = changes[key] === undefined ? current[key] : changes[key].trim();
    if (value) merged[key] = value;
  }
  return merged;
}
