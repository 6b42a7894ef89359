import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/calls-widget/calls-widget.js';
import '../../src/elements/chat-widget/chat-widget.js';
import '../../src/elements/overlay-widget/overlay-widget.js';
import type { CallsWidget } from '../../src/elements/calls-widget/calls-widget.js';
import type { ChatWidget } from '../../src/elements/chat-widget/chat-widget.js';
import type { OverlayWidget } from '../../src/elements/overlay-widget/overlay-widget.js';
import { hubUrl } from '../support/hub-url.js';
import { shadow, untilPhase } from '../support/call-widget.js';
import { signInAgent, type TestAgent } from '../support/agents.js';

const rectOf = (host: Element, selector: string) =>
  host.shadowRoot!.querySelector<HTMLElement>(selector)!.getBoundingClientRect();
const overlaps = (a: DOMRect, b: DOMRect) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
/** The stack places pieces after they lay out: a frame or two. */
const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

describe("the page's floating stack", () => {
  let agent: TestAgent;
  before(async () => {
    agent = await signInAgent('chen');
  });
  after(async () => {
    await agent.leave();
  });
  afterEach(() => sessionStorage.clear());

  it('keeps the chat launcher, the overlay and the minimised player clear of one another', async () => {
    const page = await fixture<HTMLElement>(
      html`<div>
        <chat-widget org-id="demo" hub-url=${hubUrl()}></chat-widget>
        <overlay-widget org-id="demo" hub-url=${hubUrl()} popup-timeout-seconds="0"></overlay-widget>
        <calls-widget org-id="demo" hub-url=${hubUrl()} no-card></calls-widget>
      </div>`,
    );
    const chat = page.querySelector<ChatWidget>('chat-widget')!;
    const overlay = page.querySelector<OverlayWidget>('overlay-widget')!;
    const calls = page.querySelector<CallsWidget>('calls-widget')!;
    try {
      await calls.startCall();
      await untilPhase(calls, 'waiting');
      shadow(calls, '.dialog-header button').click();
      await calls.updateComplete;
      overlay.showOverlayWidget();
      await overlay.updateComplete;
      await frames();
      const pieces = {
        launcher: rectOf(chat, '[part~="launcher"]'),
        overlay: rectOf(overlay, '[part~="base"]'),
        player: rectOf(calls, '[part~="minimized"]'),
      };
      for (const [name, r] of Object.entries(pieces)) expect(r.height, name).to.be.greaterThan(0);
      expect(overlaps(pieces.launcher, pieces.player), 'launcher over the player').to.equal(false);
      expect(overlaps(pieces.launcher, pieces.overlay), 'launcher over the overlay').to.equal(false);
      expect(overlaps(pieces.player, pieces.overlay), 'player over the overlay').to.equal(false);
      // The player's own placement stays what the page (or the default) set: the stack only translates.
      expect(getComputedStyle(shadow(calls, '[part~="minimized"]')).bottom).to.equal('16px');

      // The chat leaves the page: the player moves back down into the corner.
      chat.remove();
      await frames();
      await calls.updateComplete;
      expect(Math.round(innerHeight - rectOf(calls, '[part~="minimized"]').bottom)).to.equal(16);
    } finally {
      await calls.destroy();
    }
  });

  it('getOverlayOffsets set by the page after the tag takes effect on the smart overlay', async () => {
    const calls = await fixture<CallsWidget>(
      html`<calls-widget
        org-id="demo"
        hub-url=${hubUrl()}
        triggers="smart"
        popup-timeout-seconds="0"
      ></calls-widget>`,
    );
    try {
      await waitUntil(() => document.querySelector('overlay-widget'), 'no overlay placed');
      calls.getOverlayOffsets = () => ({ x: '40px', y: '50px', zIndex: '4321' });
      await calls.updateComplete;
      const overlay = document.querySelector<OverlayWidget>('overlay-widget')!;
      overlay.showOverlayWidget();
      await overlay.updateComplete;
      const base = getComputedStyle(overlay.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!);
      expect([base.right, base.bottom, base.zIndex]).to.deep.equal(['40px', '50px', '4321']);
    } finally {
      await calls.destroy();
    }
  });
});
