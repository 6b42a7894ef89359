/**
 * What a visitor gives when booking: a name, an e-mail and a phone number, and the time zone the
 * confirmation is worded in. The browser normalises the phone to E.164 (as chat does); the hub
 * only checks that what arrives already has that form, and says which field is wrong.
 */
import { IANAZone } from 'luxon';

import { ErrorCode } from '../../../src/protocol/frames.js';
import type { BookingVisitor } from '../../../src/protocol/frames.js';
import { HubError } from '../../errors.js';
import { isEmail } from '../chat/visitor-info.js';

/** E.164 as bookings take it: a plus, then 8 to 15 digits, the first (the country code's) never 0. */
const PHONE = /^\+[1-9]\d{7,14}$/;

/** The details trimmed; throws `bad-frame` naming the first field that is wrong. */
export function checkBookingVisitor(visitor: BookingVisitor): BookingVisitor {
  const name = visitor.name.trim();
  if (name === '') throw new HubError(ErrorCode.badFrame, "Give the visitor's name.");
  const email = visitor.email.trim();
  if (!isEmail(email))
    throw new HubError(ErrorCode.badFrame, `"${email.slice(0, 80)}" is not an e-mail address.`);
  const phone = visitor.phone.trim();
  if (!PHONE.test(phone))
    throw new HubError(
      ErrorCode.badFrame,
      'The phone number must be in international format: "+" and 8 to 15 digits, e.g. +46701234567.',
    );
  return { name, email, phone };
}

export function checkTimeZone(timeZone: string): string {
  if (!IANAZone.isValidZone(timeZone))
    throw new HubError(ErrorCode.badFrame, `"${timeZone.slice(0, 64)}" is not an IANA time zone.`);
  return timeZone;
}
