import type { Booking } from '../protocol/booking.js';

/** iCalendar text escaping (RFC 5545 §3.3.11). */
function escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** 20270301T130000Z */
function stamp(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Lines longer than 75 octets are folded (RFC 5545 §3.1); ASCII is the common case here. */
function fold(line: string): string {
  const parts: string[] = [];
  let rest = line;
  while (rest.length > 74) {
    parts.push(rest.slice(0, 74));
    rest = rest.slice(74);
  }
  parts.push(rest);
  return parts.join('\r\n ');
}

/** A calendar file for the booking, with the connect link to join from. */
export function bookingIcs(booking: Booking, joinUrl: string, title: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Tandem//Bookings//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${booking.bookingId}@tandem`,
    `DTSTAMP:${stamp(booking.createdAt)}`,
    `DTSTART:${stamp(booking.start)}`,
    `DTEND:${stamp(booking.end)}`,
    `SUMMARY:${escape(title)}`,
    `DESCRIPTION:${escape(`${booking.serviceName} with ${booking.agent.name}. Join: ${joinUrl}`)}`,
    `URL:${joinUrl}`,
    `STATUS:${booking.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** The page URL a booked visitor joins from: this page, with `bambuserConnectId` (001's connect links). */
export function connectLink(connectId: string, base = location.href): string {
  const url = new URL(base, location.href);
  url.searchParams.delete('bambuserConnectId');
  url.searchParams.set('bambuserConnectId', connectId);
  url.hash = '';
  return url.href;
}
