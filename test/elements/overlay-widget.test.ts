import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/elements/overlay-widget/overlay-widget.js';
import '../../src/elements/calls-widget/calls-widget.js';
import type {
  OverlayWidget,
  OverlayPosition,
  OverlayVariant,
} from '../../src/elements/overlay-widget/overlay-widget.js';
import type { CallsWidget } from '../../src/elements/calls-widget/calls-widget.js';
import { hubUrl } from '../support/hub-url.js';
import { signInAgent, type TestAgent } from '../support/agents.js';

const base = (el: OverlayWidget) => el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
const shown = (el: OverlayWidget) => base(el).dataset.state === 'shown';
/** The entrance animation fades in: contrast is checked once it has settled. */
const settled = (el: OverlayWidget) =>
  Promise.all(
    base(el)
      .getAnimations({ subtree: true })
      .map((a) => a.finished),
  );

describe('<overlay-widget>', () => {
  let agent: TestAgent;
  before(async () => {
    agent = await signInAgent('anna');
  });
  after(async () => {
    await agent.leave();
  });
  afterEach(() => sessionStorage.clear());

  it('renders nothing until its timeout, then appears (fake clock)', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    try {
      const el = await fixture<OverlayWidget>(
        html`<overlay-widget org-id="demo" hub-url=${hubUrl()} popup-timeout-seconds="30"></overlay-widget>`,
      );
      await waitUntil(() => base(el).dataset.agentsOnline !== '0', 'no agents online');
      clock.tick(29_000);
      await el.updateComplete;
      expect(shown(el)).to.equal(false);
      expect(base(el).hidden).to.equal(true);
      clock.tick(1_000);
      await el.updateComplete;
      expect(shown(el)).to.equal(true);
    } finally {
      clock.restore();
    }
  });

  it('stays away while nobody is online, unless told otherwise', async () => {
    const closed = await fixture<OverlayWidget>(
      html`<overlay-widget
        org-id="demo"
        hub-url=${hubUrl()}
        queue="no-such-queue"
        popup-timeout-seconds="0"
      ></overlay-widget>`,
    );
    await new Promise((r) => requestAnimationFrame(r));
    expect(shown(closed)).to.equal(false);
    const forced = await fixture<OverlayWidget>(
      html`<overlay-widget
        org-id="demo"
        hub-url=${hubUrl()}
        queue="no-such-queue"
        popup-timeout-seconds="0"
        show-when-unavailable
      ></overlay-widget>`,
    );
    await waitUntil(() => shown(forced));
  });

  const variants: OverlayVariant[] = ['Video', 'Side dock', 'Avatar'];
  const positions: OverlayPosition[] = ['bottom-left', 'bottom-right', 'docked_left', 'docked_right'];
  for (const variant of variants) {
    for (const position of positions) {
      it(`${variant} at ${position}: floats without moving the page, and is accessible`, async () => {
        const el = await fixture<OverlayWidget>(
          html`<overlay-widget
            org-id="demo"
            hub-url=${hubUrl()}
            popup-timeout-seconds="0"
            variant=${variant}
            position=${position}
          ></overlay-widget>`,
        );
        await waitUntil(() => shown(el), 'never shown');
        const style = getComputedStyle(base(el));
        expect(style.position).to.equal('fixed');
        expect(getComputedStyle(el).display).to.equal('contents');
        const rect = base(el).getBoundingClientRect();
        const atLeft = position.endsWith('left');
        expect(atLeft ? rect.left : innerWidth - rect.right).to.be.lessThan(innerWidth / 2);
        expect(base(el).dataset.variant).to.equal(variant);
        await settled(el);
        await expect(el).to.be.accessible();
      });
    }
  }

  it('places itself where getOverlayOffsets says', async () => {
    const el = await fixture<OverlayWidget>(
      html`<overlay-widget
        org-id="demo"
        hub-url=${hubUrl()}
        popup-timeout-seconds="0"
        position="bottom-left"
      ></overlay-widget>`,
    );
    const asked: string[] = [];
    el.getOverlayOffsets = (position) => {
      asked.push(position);
      return { x: '40px', y: '64px', zIndex: '1234' };
    };
    await waitUntil(() => shown(el));
    const style = getComputedStyle(base(el));
    expect([style.left, style.bottom, style.zIndex]).to.deep.equal(['40px', '64px', '1234']);
    expect(asked).to.include('bottom-left');
  });

  for (const variant of ['Video', 'Avatar', 'Side dock'] as const) {
    it(`${variant}: the dismiss button is at least 24 by 24 pixels (WCAG 2.5.8), its label what it shows`, async () => {
      const el = await fixture<OverlayWidget>(
        html`<overlay-widget
          org-id="demo"
          hub-url=${hubUrl()}
          popup-timeout-seconds="0"
          variant=${variant}
          position=${variant === 'Side dock' ? 'docked_right' : 'bottom-right'}
        ></overlay-widget>`,
      );
      await waitUntil(() => shown(el));
      await settled(el);
      const dismiss = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="dismiss"]')!;
      const { width, height } = dismiss.getBoundingClientRect();
      expect(width, 'width').to.be.at.least(24);
      expect(height, 'height').to.be.at.least(24);
      // The "×" is decoration; the tooltip shows the name a screen reader hears.
      expect(dismiss.title).to.equal(dismiss.getAttribute('aria-label'));
    });
  }

  it('is dismissed by its button or Escape, for the session', async () => {
    const el = await fixture<OverlayWidget>(
      html`<overlay-widget org-id="demo" hub-url=${hubUrl()} popup-timeout-seconds="0"></overlay-widget>`,
    );
    await waitUntil(() => shown(el));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="dismiss"]')!.click();
    await el.updateComplete;
    expect(shown(el)).to.equal(false);
    const again = await fixture<OverlayWidget>(
      html`<overlay-widget org-id="demo" hub-url=${hubUrl()} popup-timeout-seconds="0"></overlay-widget>`,
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(shown(again)).to.equal(false);

    sessionStorage.clear();
    const byKey = await fixture<OverlayWidget>(
      html`<overlay-widget org-id="demo" hub-url=${hubUrl()} popup-timeout-seconds="0"></overlay-widget>`,
    );
    await waitUntil(() => shown(byKey));
    byKey.shadowRoot!.querySelector<HTMLButtonElement>('[part~="invite"]')!.focus();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await byKey.updateComplete;
    expect(shown(byKey)).to.equal(false);
  });

  it('showOverlayWidget() and hideOverlayWidget() override the timer', async () => {
    const el = await fixture<OverlayWidget>(
      html`<overlay-widget org-id="demo" hub-url=${hubUrl()} popup-timeout-seconds="600"></overlay-widget>`,
    );
    el.showOverlayWidget();
    await el.updateComplete;
    expect(shown(el)).to.equal(true);
    el.hideOverlayWidget();
    await el.updateComplete;
    expect(shown(el)).to.equal(false);
  });

  it("opens the page's calls-widget, and stays away while a call runs", async () => {
    const wrapper = await fixture(
      html`<div>
        <calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>
        <overlay-widget org-id="demo" hub-url=${hubUrl()} popup-timeout-seconds="0"></overlay-widget>
      </div>`,
    );
    const overlay = wrapper.querySelector('overlay-widget')!;
    const calls = wrapper.querySelector('calls-widget')!;
    await waitUntil(() => shown(overlay));
    overlay.shadowRoot!.querySelector<HTMLButtonElement>('[part~="invite"]')!.click();
    await calls.updateComplete;
    expect(calls.shadowRoot!.querySelector<HTMLDialogElement>('dialog')!.open).to.equal(true);
    calls.dispatchEvent(
      new CustomEvent('tracking-event', {
        bubbles: true,
        composed: true,
        detail: { eventName: 'joined_queue', eventData: {} },
      }),
    );
    overlay.showOverlayWidget();
    overlay.hideOverlayWidget();
    (overlay as unknown as { forced: null }).forced = null;
    await overlay.updateComplete;
    expect(shown(overlay)).to.equal(false);
  });

  it('works on its own: without a calls-widget on the page it opens one of its own, without a card', async () => {
    const el = await fixture<OverlayWidget>(
      html`<overlay-widget org-id="demo" hub-url=${hubUrl()} popup-timeout-seconds="0"></overlay-widget>`,
    );
    await waitUntil(() => shown(el));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="invite"]')!.click();
    const own = el.shadowRoot!.querySelector<CallsWidget>('calls-widget')!;
    await own.updateComplete;
    expect(own.noCard).to.equal(true);
    expect(own.shadowRoot!.querySelector('[part~="base"]')).to.equal(null);
    expect(own.shadowRoot!.querySelector<HTMLDialogElement>('dialog')!.open).to.equal(true);
  });

  it('is placed on the page by a calls-widget with the smart trigger', async () => {
    const calls = await fixture<CallsWidget>(
      html`<calls-widget
        org-id="demo"
        hub-url=${hubUrl()}
        triggers="smart"
        popup-timeout-seconds="0"
        smart-variant-override="Avatar"
      ></calls-widget>`,
    );
    await waitUntil(() => document.querySelector('overlay-widget') !== null);
    const overlay = document.querySelector('overlay-widget')!;
    expect(overlay.variant).to.equal('Avatar');
    await waitUntil(() => shown(overlay));
    calls.remove();
    expect(document.querySelector('overlay-widget')).to.equal(null);
  });

  it('comes back with its calls-widget when the widget is moved in the page', async () => {
    const calls = await fixture<CallsWidget>(
      html`<calls-widget
        org-id="demo"
        hub-url=${hubUrl()}
        triggers="smart"
        popup-timeout-seconds="0"
      ></calls-widget>`,
    );
    await waitUntil(() => document.querySelector('overlay-widget') !== null);
    const elsewhere = document.createElement('div');
    document.body.append(elsewhere);
    elsewhere.append(calls);
    await calls.updateComplete;
    await waitUntil(() => document.querySelector('overlay-widget') !== null, 'the overlay never came back');
    elsewhere.remove();
    expect(document.querySelector('overlay-widget')).to.equal(null);
  });
});
