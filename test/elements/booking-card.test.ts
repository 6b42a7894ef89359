import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/booking-card/booking-card.js';
import type { BookingCard } from '../../src/elements/booking-card/booking-card.js';
import { hubUrl } from '../support/hub-url.js';

const state = (el: BookingCard) => el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!.dataset.state;

describe('<booking-card>', () => {
  it('renders its idle state once connected', async () => {
    const el = await fixture<BookingCard>(
      html`<booking-card org-id="demo" hub-url=${hubUrl()}></booking-card>`,
    );
    expect(state(el)).to.equal('connecting');
    await waitUntil(() => state(el) === 'ready');
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.contain('Book a meeting');
  });

  it('is accessible', async () => {
    const el = await fixture<BookingCard>(
      html`<booking-card org-id="demo" hub-url=${hubUrl()}></booking-card>`,
    );
    await waitUntil(() => state(el) === 'ready');
    await expect(el).to.be.accessible();
  });
});
