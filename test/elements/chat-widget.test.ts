import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/elements/chat-widget/chat-widget.js';
import type { ChatWidget } from '../../src/elements/chat-widget/chat-widget.js';
import type { TandemErrorEvent } from '../../src/events/tandem-error.js';
import { hubUrl } from '../support/hub-url.js';
import { signInAgent } from '../support/agents.js';

const state = (el: ChatWidget) => el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!.dataset.state;

describe('<chat-widget>', () => {
  it('renders its idle state from the queue: offline, then online when an agent is', async () => {
    const el = await fixture<ChatWidget>(html`<chat-widget org-id="demo" queue="default" hub-url=${hubUrl()}></chat-widget>`);
    await waitUntil(() => state(el) !== 'connecting');
    const agent = await signInAgent('chen');
    try {
      await waitUntil(() => state(el) === 'online');
      expect(el.shadowRoot!.querySelector('[part~="status"]')!.textContent).to.contain('online');
    } finally {
      await agent.leave();
    }
  });

  it('is accessible', async () => {
    const el = await fixture<ChatWidget>(html`<chat-widget org-id="demo" hub-url=${hubUrl()}></chat-widget>`);
    await waitUntil(() => state(el) !== 'connecting');
    await expect(el).to.be.accessible();
  });

  it('shows unavailable and fires error for an unknown org', async () => {
    const el = document.createElement('chat-widget');
    Object.assign(el, { orgId: 'nope', hubUrl: hubUrl() });
    const failed = oneEvent(el, 'error') as Promise<TandemErrorEvent>;
    const warn = console.warn;
    console.warn = () => undefined;
    document.body.append(el);
    try {
      expect((await failed).detail.code).to.equal('org-not-found');
      await el.updateComplete;
      expect(state(el)).to.equal('unavailable');
    } finally {
      console.warn = warn;
      el.remove();
    }
  });
});
