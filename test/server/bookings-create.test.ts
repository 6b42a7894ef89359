/**
 * Making a booking against a real hub: two visitors racing for one time (exactly one wins, on
 * two connections at once, round after round), and every refusal (bad details, a time that is
 * no slot, past, unknown) answered clearly with nothing stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { CommandResults } from '../../src/protocol/frames.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';
import { createCommand, localInstant, plusMinutes, slots, VISITOR, wednesday } from './bookings-kit.js';
import type { CreateCommand } from './bookings-kit.js';
import { errorCode, pool } from './line-kit.js';

const STOCKHOLM = 'Europe/Stockholm';
const NEW_YORK = 'America/New_York';
const TAKEN = 'That time has just been booked: pick another.';

describe('booking.create', () => {
  let hub: TestHub;
  const parties = pool(() => hub.port);

  // One hub for the file: each test books times of its own.
  before(async () => {
    // Round after round with one e-mail: the booking limits have their own tests (test/security).
    hub = await startTestHub({ limits: 'bookingsPerEmail=0,bookingsPerVisitor=0,bookingsPerIp=0' });
  });
  after(async () => {
    await parties.closeAll();
    await hub?.stop();
  });

  const bookingsOf = async (agentId: string) => {
    const agent = await parties.agent(agentId);
    const { bookings } = await agent.client.ok<CommandResults['bookings.list']>({ type: 'bookings.list' });
    await agent.client.close();
    return bookings;
  };

  /** Both commands leave before either answer comes back; resolves to both answers. */
  const race = async (first: CreateCommand, second: CreateCommand) => {
    const [a, b] = [await parties.visitor(), await parties.visitor()];
    return Promise.all([a.client.command(first), b.client.command(second)]);
  };

  it('gives a time to exactly one of two visitors booking it at once', async () => {
    const day = wednesday(7);
    const rounds = ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00'];
    for (const [index, time] of rounds.entries()) {
      const start = localInstant(day, NEW_YORK, time);
      // Half the rounds race the same service; the others a longer one that overlaps from earlier.
      const rival =
        index % 2 === 0
          ? createCommand('style-advice', 'chen', start, { ...VISITOR, name: 'Rival' })
          : createCommand('fitting', 'chen', plusMinutes(start, -30), { ...VISITOR, name: 'Rival' });
      const answers = await race(createCommand('style-advice', 'chen', start), rival);
      const replies = answers.filter((answer) => answer.type === 'reply');
      const errors = answers.filter((answer) => answer.type === 'error');
      assert.equal(replies.length, 1, `${time}: one booking, got ${JSON.stringify(answers)}`);
      assert.equal(errors.length, 1, `${time}: one refusal`);
      assert.deepEqual(
        errors.map((e) => e.type === 'error' && [e.code, e.message]),
        [['conflict', TAKEN]],
      );
    }
    const stored = await bookingsOf('chen');
    assert.equal(stored.length, rounds.length, 'one booking a round, no more');
    for (let i = 1; i < stored.length; i++)
      assert.ok(stored[i - 1]!.end <= stored[i]!.start, 'no two of them overlap');
  });

  it('answers a visitor booking the same time twice with the one booking', async () => {
    const visitor = await parties.visitor();
    const command = createCommand('style-advice', 'chen', localInstant(wednesday(14), NEW_YORK, '10:00'));
    const first = await visitor.client.ok<CommandResults['booking.create']>(command);
    // A resend under a new id, as after a reconnect that lost the reply.
    const again = await visitor.client.ok<CommandResults['booking.create']>(command);
    assert.deepEqual(again.booking, first.booking);
    const other = await parties.visitor();
    const answer = await other.client.command(command);
    assert.equal(answer.type === 'error' && answer.code, 'conflict');
  });

  it('refuses bad details, times that are no slot, past and unknown ones, and stores nothing', async () => {
    const visitor = await parties.visitor();
    const day = wednesday(21);
    const start = localInstant(day, STOCKHOLM, '10:00');
    const good = createCommand('style-advice', 'anna', start);
    const from = new Date(day.toMillis()).toISOString();
    const offered = await slots(visitor.client, 'style-advice', from, 1, { resourceId: 'anna' });
    const pastWorkday = (() => {
      let d = wednesday(0).minus({ days: 7 });
      while (d.weekday > 5) d = d.minus({ days: 1 });
      return localInstant(d, STOCKHOLM, '10:00');
    })();

    const cases: Array<[string, CreateCommand, string, RegExp]> = [
      ['blank name', { ...good, visitor: { ...VISITOR, name: '   ' } }, 'bad-frame', /name/],
      ['no e-mail', { ...good, visitor: { ...VISITOR, email: 'vera.example.com' } }, 'bad-frame', /e-mail/],
      [
        'e-mail with a blank',
        { ...good, visitor: { ...VISITOR, email: 'ver a@example.com' } },
        'bad-frame',
        /e-mail/,
      ],
      [
        'local phone',
        { ...good, visitor: { ...VISITOR, phone: '0701234567' } },
        'bad-frame',
        /international/,
      ],
      ['short phone', { ...good, visitor: { ...VISITOR, phone: '+4670123' } }, 'bad-frame', /international/],
      [
        'phone with blanks',
        { ...good, visitor: { ...VISITOR, phone: '+46 70 123 45 67' } },
        'bad-frame',
        /international/,
      ],
      ['time zone', { ...good, timeZone: 'Mars/Olympus' }, 'bad-frame', /time zone/],
      ['start without zone', { ...good, start: start.replace('.000Z', '') }, 'bad-frame', /start/],
      ['unknown service', { ...good, serviceId: 'no-such-service' }, 'not-found', /service/],
      ['unpublished service', { ...good, serviceId: 'internal' }, 'not-found', /service/],
      ['agent not offering it', { ...good, agentId: 'bjorn' }, 'not-found', /agent/],
      ['unknown agent', { ...good, agentId: 'nobody' }, 'not-found', /agent/],
      ['off the grid', { ...good, start: plusMinutes(start, 10) }, 'not-found', /slot/],
      ['before hours', { ...good, start: localInstant(day, STOCKHOLM, '08:30') }, 'not-found', /slot/],
      [
        'running past closing',
        { ...good, serviceId: 'fitting', start: localInstant(day, STOCKHOLM, '16:30') },
        'not-found',
        /slot/,
      ],
      [
        'on a Sunday',
        { ...good, start: localInstant(day.plus({ days: 4 }), STOCKHOLM, '10:00') },
        'not-found',
        /slot/,
      ],
      ['in the past', { ...good, start: pastWorkday }, 'conflict', /passed/],
    ];
    for (const [label, command, code, message] of cases) {
      const answer = await visitor.client.command(command);
      assert.equal(answer.type, 'error', label);
      if (answer.type !== 'error') continue;
      assert.equal(answer.code, code, `${label}: ${answer.message}`);
      assert.match(answer.message, message, label);
    }

    const agent = await parties.agent('anna');
    assert.equal(await errorCode(agent.client, good), 'unauthorized', 'agents do not book as visitors');
    const anonymous = await parties.connect();
    assert.equal(await errorCode(anonymous, good), 'unauthorized', 'say hello first');

    assert.deepEqual(await bookingsOf('anna'), []);
    assert.deepEqual(await slots(visitor.client, 'style-advice', from, 1, { resourceId: 'anna' }), offered);
    // And the good one still goes through.
    assert.equal((await visitor.client.ok<CommandResults['booking.create']>(good)).booking.start, start);
  });
});
