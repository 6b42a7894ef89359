import { expect, fixture, html, waitUntil } from '@open-wc/testing';
// Only the overlay's module: it must bring the calls widget it creates with it.
import '../../src/elements/overlay-widget/overlay-widget.js';
import type { OverlayWidget } from '../../src/elements/overlay-widget/overlay-widget.js';
import type { CallsWidget } from '../../src/elements/calls-widget/calls-widget.js';
import { hubUrl } from '../support/hub-url.js';
import { signInAgent, type TestAgent } from '../support/agents.js';

const shown = (el: OverlayWidget) =>
  el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!.dataset.state === 'shown';

describe('<overlay-widget> imported alone', () => {
  let agent: TestAgent;
  before(async () => {
    agent = await signInAgent('anna');
  });
  after(async () => {
    await agent.leave();
  });

  it('opens a calls widget that upgrades, though nothing else imported it', async () => {
    const el = await fixture<OverlayWidget>(
      html`<overlay-widget org-id="demo" hub-url=${hubUrl()} popup-timeout-seconds="0"></overlay-widget>`,
    );
    await waitUntil(() => shown(el));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="invite"]')!.click();
    const own = el.shadowRoot!.querySelector<CallsWidget>('calls-widget')!;
    expect(customElements.get('calls-widget')).to.not.equal(undefined);
    expect(own.shadowRoot, 'the calls widget never upgraded').to.not.equal(null);
    await own.updateComplete;
    expect(own.shadowRoot!.querySelector<HTMLDialogElement>('dialog')!.open).to.equal(true);
  });
});
