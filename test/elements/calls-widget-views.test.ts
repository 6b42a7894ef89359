import { expect } from '@open-wc/testing';
import { dropInText } from '../../src/elements/calls-widget/dialog-views.js';
import type { CallAgent } from '../../src/protocol/frames.js';

const agent = (name: string): CallAgent => ({
  id: 'a',
  name,
  profile_photo_url: '',
  status: 'online',
  tags: [],
});

describe('calls-widget views', () => {
  it("puts the agent's name into strings.text literally, whatever characters it has", () => {
    const strings = { text: 'Your agent today is {{name}}. {{name}} says hi.' };
    const routing = { agent: agent("Ann $& Lee $' $1"), productIds: [] };
    expect(dropInText(strings, routing)).to.equal(
      "Your agent today is Ann $& Lee $' $1. Ann $& Lee $' $1 says hi.",
    );
    expect(dropInText(strings, null)).to.equal('Your agent today is .  says hi.');
  });
});
