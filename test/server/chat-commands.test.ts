/**
 * The `>cs` command language on its own (server/services/chat-commands.ts): every example of the
 * web1on1 seed (003) parses to the command it documents and applies as it says, and malformed
 * commands come back as clear errors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  MAX_DETAIL_ENTRIES,
  applyCommand,
  emptyDetails,
  isCommandText,
  parseCommand,
} from '../../server/services/chat-commands.js';
import type { ChatCommand } from '../../server/services/chat-commands.js';

const AT = '2030-01-01T00:00:00.000Z';

function parsed(text: string): ChatCommand {
  const result = parseCommand(text);
  assert.ok(result.ok, `"${text}" should parse, got ${JSON.stringify(result)}`);
  return result.command;
}

function refused(text: string): string {
  const result = parseCommand(text);
  assert.ok(!result.ok, `"${text}" should be refused, got ${JSON.stringify(result)}`);
  return result.error;
}

function applied(text: string, details = emptyDetails(), assigneeName: string | null = null) {
  const result = applyCommand(details, parsed(text), AT, assigneeName);
  assert.ok(!('error' in result), `"${text}" should apply, got ${JSON.stringify(result)}`);
  return result;
}

describe('>cs commands', () => {
  it('tells commands from chat text as the widget does', () => {
    assert.equal(isCommandText('>cs .brand Toyota'), true);
    assert.equal(isCommandText('  >cs /notify'), true);
    assert.equal(isCommandText('hello >cs'), false);
    assert.equal(isCommandText('> cs'), false);
  });

  it('parses every example of the seed (003)', () => {
    assert.deepEqual(parsed('>cs .location 61be87aeafdf672d381a9db4#61be87aeafdf672d381a9db5'), {
      kind: 'field',
      name: 'location',
      value: '61be87aeafdf672d381a9db4#61be87aeafdf672d381a9db5',
    });
    assert.deepEqual(parsed('>cs +6093490651a8b5629324ae4f'), {
      kind: 'form',
      formId: '6093490651a8b5629324ae4f',
    });
    assert.deepEqual(parsed('>cs .brand Toyota'), { kind: 'field', name: 'brand', value: 'Toyota' });
    assert.deepEqual(parsed('>cs /set @category Used Car'), { kind: 'category', value: 'Used Car' });
    assert.deepEqual(parsed('>cs /set isLead yes'), { kind: 'meta', name: 'isLead', value: 'yes' });
    assert.deepEqual(parsed('>cs /assign 62c6077ca980127f404b0301'), {
      kind: 'assign',
      id: '62c6077ca980127f404b0301',
    });
    assert.deepEqual(parsed('>cs /notify 605411853c68d83fd1ac7655'), {
      kind: 'notify',
      inbox: '605411853c68d83fd1ac7655',
    });
    assert.deepEqual(parsed('>cs /notify'), { kind: 'notify', inbox: null });
    assert.deepEqual(parsed('>cs @6248f0083ab5d5001e523146 Hello this is for you'), {
      kind: 'mention',
      id: '6248f0083ab5d5001e523146',
      text: 'Hello this is for you',
    });
  });

  it('keeps values whole: inner spaces, and blanks around trimmed', () => {
    assert.deepEqual(parsed('>cs   .note   two  words  '), {
      kind: 'field',
      name: 'note',
      value: 'two  words',
    });
    assert.deepEqual(parsed('>cs .brand\tAlfa Romeo'), { kind: 'field', name: 'brand', value: 'Alfa Romeo' });
  });

  it('refuses malformed commands with a message saying how to write them', () => {
    assert.match(refused('>cs'), /Empty command/);
    assert.match(refused('>cs /set'), /Set what\?.*\/set @category Value/);
    assert.match(refused('>cs /set @category'), /category needs a value/);
    assert.match(refused('>cs /set @colour Red'), /Only @category/);
    assert.match(refused('>cs /set isLead'), /Variable "isLead" needs a value/);
    assert.match(refused('>cs .'), /field needs a name and a value/);
    assert.match(refused('>cs .brand'), /Field "brand" needs a value/);
    assert.match(refused('>cs .br@nd x'), /no field name/);
    assert.match(refused('>cs +'), /form needs its id/);
    assert.match(refused('>cs +one two'), /one form id/);
    assert.match(refused('>cs /unknown x'), /Unknown command "\/unknown"/);
    assert.match(refused('>cs /'), /needs a command/);
    assert.match(refused('>cs @ text'), /mention needs an id and a text/);
    assert.match(refused('>cs @someone'), /needs a value/);
    assert.match(refused('>cs /assign'), /Assign to whom/);
    assert.match(refused('>cs /assign a b'), /one id/);
    assert.match(refused('>cs /notify a b'), /one inbox id/);
    assert.match(refused('>cs hello there'), /Unknown command "hello"/);
    assert.match(refused(`>cs .brand ${'x'.repeat(1001)}`), /at most 1000/);
  });

  it('applies each command to the details, with the result line agents read', () => {
    const location = applied('>cs .location 61be87aeafdf672d381a9db4#61be87aeafdf672d381a9db5');
    assert.deepEqual(location.details.fields, {
      location: '61be87aeafdf672d381a9db4#61be87aeafdf672d381a9db5',
    });
    assert.equal(
      location.result,
      'Field location set to "61be87aeafdf672d381a9db4#61be87aeafdf672d381a9db5"',
    );

    const brand = applied('>cs .brand Toyota', location.details);
    assert.deepEqual(brand.details.fields, {
      location: '61be87aeafdf672d381a9db4#61be87aeafdf672d381a9db5',
      brand: 'Toyota',
    });
    assert.equal(brand.result, 'Field brand set to "Toyota"');

    const form = applied('>cs +6093490651a8b5629324ae4f');
    assert.deepEqual(form.details.forms, ['6093490651a8b5629324ae4f']);
    assert.equal(form.result, 'Form 6093490651a8b5629324ae4f activated');
    assert.deepEqual(applied('>cs +6093490651a8b5629324ae4f', form.details).details.forms, [
      '6093490651a8b5629324ae4f',
    ]);

    const category = applied('>cs /set @category Used Car');
    assert.equal(category.details.category, 'Used Car');
    assert.equal(category.result, 'Category set to "Used Car"');

    const meta = applied('>cs /set isLead yes');
    assert.deepEqual(meta.details.meta, { isLead: 'yes' });
    assert.equal(meta.result, 'Variable isLead set to "yes"');

    const bot = applied('>cs /assign 62c6077ca980127f404b0301');
    assert.equal(bot.details.assignedTo, '62c6077ca980127f404b0301');
    assert.equal(bot.result, 'Assigned to 62c6077ca980127f404b0301');
    assert.equal(applied('>cs /assign bjorn', emptyDetails(), 'Björn Lind').result, 'Assigned to Björn Lind');

    const inbox = applied('>cs /notify 605411853c68d83fd1ac7655');
    assert.deepEqual(inbox.details.notifications, [{ inbox: '605411853c68d83fd1ac7655', at: AT }]);
    assert.equal(inbox.result, 'Notified inbox 605411853c68d83fd1ac7655');
    const everyone = applied('>cs /notify', inbox.details);
    assert.deepEqual(everyone.details.notifications.at(-1), { inbox: null, at: AT });
    assert.equal(everyone.result, 'Notified every organisation');

    const mention = applied('>cs @6248f0083ab5d5001e523146 Hello this is for you');
    assert.deepEqual(mention.details.mentions, [
      { id: '6248f0083ab5d5001e523146', text: 'Hello this is for you', at: AT },
    ]);
    assert.equal(mention.result, 'Mentioned 6248f0083ab5d5001e523146: Hello this is for you');
  });

  it('never changes the details it was given', () => {
    const before = emptyDetails();
    const frozen = JSON.stringify(before);
    applied('>cs .brand Toyota', before);
    applied('>cs /notify', before);
    assert.equal(JSON.stringify(before), frozen);
  });

  it('bounds the details: new keys beyond the limit are refused, lists keep the newest', () => {
    let details = emptyDetails();
    for (let i = 0; i < MAX_DETAIL_ENTRIES; i++) details = applied(`>cs .f${i} v`, details).details;
    const full = applyCommand(details, parsed('>cs .one-more v'), AT);
    assert.ok('error' in full && /At most 100 fields/.test(full.error));
    // Overwriting a field that exists still works.
    assert.equal(applied('>cs .f0 w', details).details.fields['f0'], 'w');

    let notified = emptyDetails();
    for (let i = 0; i <= MAX_DETAIL_ENTRIES; i++)
      notified = applied(`>cs /notify inbox${i}`, notified).details;
    assert.equal(notified.notifications.length, MAX_DETAIL_ENTRIES);
    assert.equal(notified.notifications[0]?.inbox, 'inbox1');
  });
});
