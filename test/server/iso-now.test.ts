/** isoNow: the same string as `new Date().toISOString()`, a new one as soon as the millisecond changes. */
import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';

import { isoNow } from '../../server/iso-now.js';

describe('isoNow', () => {
  afterEach(() => mock.timers.reset());

  it('follows the clock to the millisecond', () => {
    mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-02T08:00:00.000Z') });
    assert.equal(isoNow(), '2026-12-02T08:00:00.000Z');
    assert.equal(isoNow(), '2026-12-02T08:00:00.000Z');
    mock.timers.tick(1);
    assert.equal(isoNow(), '2026-12-02T08:00:00.001Z');
    mock.timers.setTime(Date.parse('2027-01-01T00:00:00.000Z'));
    assert.equal(isoNow(), new Date().toISOString());
  });
});
