import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/elements/calls-widget/calls-widget.js';
import type { CallsWidget } from '../../../src/elements/calls-widget/calls-widget.js';
import { hubUrl } from '../../support/hub-url.js';
import { shadow, untilPhase } from '../../support/call-widget.js';

// This file runs in a Chromium that refuses every permission prompt (--deny-permission-prompts).
describe('<calls-widget> when the visitor refuses camera and microphone', () => {
  it('renders the denied state with how to fix it, and is accessible', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    await el.startCall();
    await untilPhase(el, 'media');
    const view = shadow(el, '[data-permission]');
    expect(view.dataset.permission).to.equal('denied');
    expect(view.textContent).to.contain('address bar');
    await expect(el).to.be.accessible();
  });

  it('joins without camera and microphone when the visitor chooses so, and leaves in one click', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    await el.startCall();
    await untilPhase(el, 'media');
    const without = [...el.shadowRoot!.querySelectorAll('button')].find((b) =>
      b.textContent!.includes('without'),
    )!;
    without.click();
    await untilPhase(el, 'waiting');
    expect(shadow(el, '.view.waiting').textContent).to.contain('without camera and microphone');
    shadow(el, '[part~="leave-button"]').click();
    await untilPhase(el, 'idle');
  });
});
