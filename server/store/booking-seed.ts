/**
 * The demo org's bookings setup, written with the rest of the seed on a first start (migration 4
 * writes the same into a demo database that existed before bookings).
 *
 * Each agent works in its own time zone, so the demo shows slots from three zones side by side.
 */
import type { BookingSeed, WorkingHoursRecord } from './booking-store.js';
import type { OpeningPeriod } from './store.js';

const weekdays = (open: string, close: string): OpeningPeriod[] =>
  ([1, 2, 3, 4, 5] as const).map((day) => ({ day, open, close }));

const hours = (agentId: string, timeZone: string, periods: OpeningPeriod[]): WorkingHoursRecord => ({
  orgId: 'demo',
  agentId,
  timeZone,
  periods,
});

export function demoBookingSeed(): BookingSeed {
  return {
    services: [
      {
        id: 'style-advice',
        orgId: 'demo',
        name: 'Style advice',
        description: 'A stylist helps you put together an outfit, on video.',
        durationMinutes: 30,
        published: true,
        position: 1,
        agentIds: ['anna', 'chen'],
      },
      {
        id: 'fitting',
        orgId: 'demo',
        name: 'Personal fitting',
        description: 'Find the right size and fit with one of our tailors.',
        durationMinutes: 45,
        published: true,
        position: 2,
        agentIds: ['anna', 'bjorn', 'chen'],
      },
      {
        id: 'internal',
        orgId: 'demo',
        name: 'Internal training',
        description: 'Staff only: never offered to visitors.',
        durationMinutes: 60,
        published: false,
        position: 3,
        agentIds: ['anna'],
      },
    ],
    workingHours: [
      hours('anna', 'Europe/Stockholm', weekdays('09:00', '17:00')),
      hours('bjorn', 'Europe/London', [
        ...weekdays('10:00', '18:00'),
        { day: 6, open: '10:00', close: '14:00' },
      ]),
      hours('chen', 'America/New_York', weekdays('08:00', '16:00')),
    ],
  };
}
