/**
 * Opening hours are pure; these pin the UTC instants down across Stockholm's daylight-saving
 * changes (last Sunday of March: 02:00 → 03:00, last Sunday of October: 03:00 → 02:00).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { nextTransition, openingStatus } from '../../server/services/opening-hours.js';
import type { OpeningPeriod } from '../../server/store/store.js';

const ZONE = 'Europe/Stockholm';

/** The seeded fashion queue: Mon–Fri 09–17, Sat 10–14. */
const FASHION: OpeningPeriod[] = [
  ...([1, 2, 3, 4, 5] as const).map((day): OpeningPeriod => ({ day, open: '09:00', close: '17:00' })),
  { day: 6, open: '10:00', close: '14:00' },
];

const at = (iso: string) => new Date(iso);

describe('opening hours', () => {
  it('is always open without weekly hours', () => {
    assert.deepEqual(openingStatus(null, ZONE, at('2025-03-30T01:30:00Z')), {
      isOpen: true,
      nextOpenTime: null,
      nextCloseTime: null,
    });
  });

  it('opens Monday at 09:00 CEST (07:00 UTC) after the March change, when Friday closed at 17:00 CET (16:00 UTC)', () => {
    const friday = openingStatus(FASHION, ZONE, at('2025-03-28T12:00:00Z'));
    assert.deepEqual(friday, {
      isOpen: true,
      nextOpenTime: '2025-03-29T09:00:00.000Z', // Saturday 10:00 CET
      nextCloseTime: '2025-03-28T16:00:00.000Z',
    });
    // Saturday 16:00 CET: closed over the Sunday on which the clocks go forward.
    assert.deepEqual(openingStatus(FASHION, ZONE, at('2025-03-29T15:00:00Z')), {
      isOpen: false,
      nextOpenTime: '2025-03-31T07:00:00.000Z',
      nextCloseTime: '2025-03-31T15:00:00.000Z',
    });
  });

  it('opens Monday at 09:00 CET (08:00 UTC) after the October change', () => {
    assert.deepEqual(openingStatus(FASHION, ZONE, at('2025-10-25T13:00:00Z')), {
      isOpen: false,
      nextOpenTime: '2025-10-27T08:00:00.000Z',
      nextCloseTime: '2025-10-27T16:00:00.000Z',
    });
    // Saturday 11:00 CEST, open; next opening is Monday in CET.
    assert.deepEqual(openingStatus(FASHION, ZONE, at('2025-10-25T09:00:00Z')), {
      isOpen: true,
      nextOpenTime: '2025-10-27T08:00:00.000Z',
      nextCloseTime: '2025-10-25T12:00:00.000Z',
    });
  });

  it('counts real hours on the short and the long Sunday', () => {
    const night: OpeningPeriod[] = [{ day: 7, open: '01:00', close: '04:00' }];
    // 01:00 CET = 00:00 UTC, 04:00 CEST = 02:00 UTC: two hours on the short day.
    const march = openingStatus(night, ZONE, at('2025-03-30T00:30:00Z'));
    assert.equal(march.isOpen, true);
    assert.equal(march.nextCloseTime, '2025-03-30T02:00:00.000Z');
    // 01:00 CEST = 23:00 UTC the day before, 04:00 CET = 03:00 UTC: four hours on the long day.
    const october = openingStatus(night, ZONE, at('2025-10-25T22:30:00Z'));
    assert.equal(october.isOpen, false);
    assert.equal(october.nextOpenTime, '2025-10-25T23:00:00.000Z');
    assert.equal(october.nextCloseTime, '2025-10-26T03:00:00.000Z');
  });

  it('starts a period that opens inside the skipped hour when the clocks jump', () => {
    const skipped: OpeningPeriod[] = [{ day: 7, open: '02:30', close: '03:30' }];
    // 02:30 does not exist on 30 March; the first valid time after it is 03:00 CEST (01:00 UTC).
    assert.deepEqual(openingStatus(skipped, ZONE, at('2025-03-29T12:00:00Z')), {
      isOpen: false,
      nextOpenTime: '2025-03-30T01:00:00.000Z',
      nextCloseTime: '2025-03-30T01:30:00.000Z',
    });
  });

  it('runs a period past midnight into the next day', () => {
    const late: OpeningPeriod[] = [{ day: 5, open: '22:00', close: '02:00' }];
    // Saturday 01:30 CET, still in Friday's period.
    const status = openingStatus(late, ZONE, at('2025-03-29T00:30:00Z'));
    assert.equal(status.isOpen, true);
    assert.equal(status.nextCloseTime, '2025-03-29T01:00:00.000Z');
  });

  it('merges adjacent periods and reports no close for 24/7 weekly hours', () => {
    const always = ([1, 2, 3, 4, 5, 6, 7] as const).map((day): OpeningPeriod => ({
      day,
      open: '00:00',
      close: '24:00',
    }));
    assert.deepEqual(openingStatus(always, ZONE, at('2025-10-26T01:30:00Z')), {
      isOpen: true,
      nextOpenTime: null,
      nextCloseTime: null,
    });
  });

  it('never opens with no periods', () => {
    assert.deepEqual(openingStatus([], ZONE, at('2025-06-01T12:00:00Z')), {
      isOpen: false,
      nextOpenTime: null,
      nextCloseTime: null,
    });
  });

  it('names the next transition: the close while open, the opening while closed', () => {
    const open = openingStatus(FASHION, ZONE, at('2025-06-02T10:00:00Z'));
    assert.equal(nextTransition(open), '2025-06-02T15:00:00.000Z');
    const closed = openingStatus(FASHION, ZONE, at('2025-06-02T20:00:00Z'));
    assert.equal(nextTransition(closed), '2025-06-03T07:00:00.000Z');
    assert.equal(nextTransition(openingStatus(null, ZONE, Date.now())), null);
  });

  it('refuses an unknown time zone', () => {
    assert.throws(() => openingStatus(FASHION, 'Mars/Olympus_Mons', Date.now()), RangeError);
  });
});
