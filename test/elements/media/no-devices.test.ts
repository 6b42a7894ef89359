import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/elements/calls-widget/calls-widget.js';
import type { CallsWidget } from '../../../src/elements/calls-widget/calls-widget.js';
import { hubUrl } from '../../support/hub-url.js';
import { shadow, untilPhase } from '../../support/call-widget.js';

// This file runs in a Chromium with no camera and no microphone at all.
describe('<calls-widget> on a device without camera or microphone', () => {
  it('renders the no-device state, is accessible, and can go on without them', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    await el.startCall();
    await untilPhase(el, 'media');
    expect(shadow(el, '[data-permission]').dataset.permission).to.equal('no-device');
    await expect(el).to.be.accessible();
    const without = [...el.shadowRoot!.querySelectorAll('button')].find((b) =>
      b.textContent!.includes('without'),
    )!;
    without.click();
    await untilPhase(el, 'waiting');
    await el.destroy();
  });

  it('offers chat instead: fires goto-chat and closes', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    await el.startCall();
    await untilPhase(el, 'media');
    let chats = 0;
    el.addEventListener('goto-chat', () => chats++);
    [...el.shadowRoot!.querySelectorAll('button')]
      .find((b) => b.textContent!.includes('Chat instead'))!
      .click();
    await el.updateComplete;
    expect(chats).to.equal(1);
    expect(shadow<HTMLDialogElement>(el, 'dialog').open).to.equal(false);
  });
});
