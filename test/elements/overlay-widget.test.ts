import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/overlay-widget/overlay-widget.js';
import type { OverlayWidget } from '../../src/elements/overlay-widget/overlay-widget.js';
import { hubUrl } from '../support/hub-url.js';

describe('<overlay-widget>', () => {
  it('renders its idle state: hidden, taking no room on the page', async () => {
    const el = await fixture<OverlayWidget>(
      html`<overlay-widget org-id="demo" hub-url=${hubUrl()}></overlay-widget>`,
    );
    const base = el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
    expect(base.dataset.state).to.equal('idle');
    expect(base.hidden).to.equal(true);
    expect(getComputedStyle(el).display).to.equal('contents');
    await waitUntil(() => base.dataset.agentsOnline !== undefined);
  });

  it('is accessible', async () => {
    const el = await fixture<OverlayWidget>(
      html`<overlay-widget org-id="demo" hub-url=${hubUrl()}></overlay-widget>`,
    );
    await expect(el).to.be.accessible();
  });
});
