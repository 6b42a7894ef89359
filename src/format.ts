import { msg, str } from '@lit/localize';

/** "under a minute", "about 4 minutes": waiting times are estimates, so they read as such. */
export function formatWaitingTime(seconds: number, locale: string): string {
  if (seconds < 60) return msg('under a minute', { id: 'wait.underMinute' });
  const minutes = Math.round(seconds / 60);
  const amount = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(
    minutes,
  );
  return msg(str`about ${amount}`, { id: 'wait.about' });
}

/** A weekday and time in the visitor's own time zone, e.g. "Mon 09:00"; today's date reads as the time alone. */
export function formatInstant(iso: string, locale: string, now = new Date()): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(locale, {
    ...(sameDay ? {} : { weekday: 'short' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/** "1 agent online", "3 agents online". */
export function formatAgentsOnline(count: number): string {
  return count === 1
    ? msg('1 agent online', { id: 'agents.online.one' })
    : msg(str`${count} agents online`, { id: 'agents.online.other' });
}

/** A price in its currency for the reader's locale, e.g. "1 290 kr" or "SEK 1,290.00". */
export function formatPrice(amount: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A hub's `rate-limited` refusal, as a visitor reads it: "Too many requests — try again in 42 s." */
export function formatRateLimited(seconds: number | undefined): string {
  const wait = Math.max(1, Math.ceil(seconds ?? 1));
  // Long waits (a per-visitor limit over ten minutes, a day for bookings) read better in minutes.
  if (wait > 90) {
    const minutes = Math.ceil(wait / 60);
    return msg(str`Too many requests — try again in ${minutes} min.`, { id: 'limits.tryAgainMinutes' });
  }
  return msg(str`Too many requests — try again in ${wait} s.`, { id: 'limits.tryAgain' });
}

/** The chat's messages waiting out a rate limit: "Too many messages — sending again in 42 s." */
export function formatChatHeld(seconds: number): string {
  return msg(str`Too many messages — sending again in ${seconds} s.`, { id: 'limits.chatHeld' });
}
