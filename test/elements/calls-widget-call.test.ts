import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/elements/calls-widget/calls-widget.js';
import '../../src/elements/agent-console/agent-console.js';
import type { CallsWidget } from '../../src/elements/calls-widget/calls-widget.js';
import type { AgentConsole } from '../../src/elements/agent-console/agent-console.js';
import type { TrackingEventDetail } from '../../src/events/tracking-event.js';
import type { CallOfferedEvent } from '../../src/events/call-offered.js';
import type { TandemErrorEvent } from '../../src/events/tandem-error.js';
import { hubUrl, hubUrlAs } from '../support/hub-url.js';
import { phase, playsFrames, shadow, untilPhase } from '../support/call-widget.js';
import { statusText } from '../../src/elements/calls-widget/calls-widget-views.js';
import { renderWaiting } from '../../src/elements/calls-widget/call-views.js';
import type { QueueState, Ticket } from '../../src/protocol/frames.js';

function trackingLog(el: CallsWidget): string[] {
  const names: string[] = [];
  el.addEventListener('tracking-event', (e) =>
    names.push((e as CustomEvent<TrackingEventDetail>).detail.eventName),
  );
  return names;
}

/** An agent console signed in on a session of its own (see hubUrlAs). */
async function console_(agentId: string, host: '127.0.0.1' | '[::1]' = '127.0.0.1'): Promise<AgentConsole> {
  const agent = await fixture<AgentConsole>(
    html`<agent-console org-id="demo" hub-url=${hubUrlAs(host)}></agent-console>`,
  );
  await agent.signIn(agentId, 'demo');
  return agent;
}

describe('<calls-widget> call flow', () => {
  afterEach(() => localStorage.clear());

  it('show() opens the start screen, fires call_widget_opened, and is accessible', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    const log = trackingLog(el);
    el.show();
    await el.updateComplete;
    expect(shadow<HTMLDialogElement>(el, 'dialog').open).to.equal(true);
    expect(phase(el)).to.equal('idle');
    expect(shadow(el, '[part~="drop-in-card"]')).to.exist;
    expect(log).to.deep.equal(['call_widget_opened']);
    await waitUntil(() => !shadow<HTMLButtonElement>(el, '[part~="start-button"]').disabled);
    await expect(el).to.be.accessible();
    shadow(el, '.dialog-header button').click();
    await el.updateComplete;
    expect(shadow<HTMLDialogElement>(el, 'dialog').open).to.equal(false);
    expect(log).to.deep.equal(['call_widget_opened', 'call_widget_closed']);
  });

  it('hides the drop-in option with drop-in-enabled="false" and offers booking with bookings-enabled', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget
        org-id="demo"
        hub-url=${hubUrl()}
        drop-in-enabled="false"
        bookings-enabled
      ></calls-widget>`,
    );
    el.show();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="drop-in-card"]')).to.equal(null);
    const booking = oneEvent(el, 'booking-requested');
    shadow(el, '[part~="book-meeting-card"] button').click();
    expect((await booking).detail).to.have.property('queueId');
  });

  it('joins the queue with camera and microphone, shows its place live, and leaves in one click', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    const log = trackingLog(el);
    await el.startCall();
    await untilPhase(el, 'waiting');
    expect(shadow(el, '[part~="queue-status"]').textContent).to.match(/number \d+ in line/);
    const local = shadow<HTMLVideoElement>(el, '[part~="local-video"]');
    await waitUntil(() => playsFrames(local), 'the preview never played');
    const waiting = await el.getEstimatedWaitingTime();
    expect(waiting.place).to.be.at.least(1);
    await expect(el).to.be.accessible();
    shadow(el, '[part~="leave-button"]').click();
    await untilPhase(el, 'idle');
    expect(log).to.deep.equal(['call_widget_opened', 'joined_queue', 'left_queue']);
  });

  it('keeps the ticket in first-party storage only when allowed', async () => {
    const allowed = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    expect(Object.keys(localStorage)).to.deep.equal([]); // Nothing before the visitor acts.
    await allowed.startCall();
    await untilPhase(allowed, 'waiting');
    expect(Object.keys(localStorage).some((k) => k.startsWith('tandem:'))).to.equal(true);
    await allowed.destroy();
    localStorage.clear();

    const denied = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()} allow-first-party-cookies="false"></calls-widget>`,
    );
    await denied.startCall();
    await untilPhase(denied, 'waiting');
    expect(Object.keys(localStorage)).to.deep.equal([]);
    expect(document.cookie).to.equal('');
    await denied.destroy();
  });

  it('connects a call with the agent who accepts: both videos play, hang-up ends both sides', async function () {
    this.timeout(30_000);
    const agent = await console_('chen');
    const visitor = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    const log = trackingLog(visitor);
    try {
      visitor.data = { firstName: 'Joe', lastName: 'Doe', email: 'joe@example.com' };
      visitor.trackingTags = [{ key: 'segment', value: 'premium' }];
      const offered = oneEvent(agent, 'call-offered') as Promise<CallOfferedEvent>;
      await visitor.startCall();
      await untilPhase(visitor, 'waiting');
      const { detail } = await offered;
      expect(detail.data).to.deep.equal({ firstName: 'Joe', lastName: 'Doe', email: 'joe@example.com' });
      expect(detail.trackingTags).to.deep.equal([{ key: 'segment', value: 'premium' }]);

      const started = oneEvent(agent, 'call-started');
      await agent.accept(detail.ticketId);
      await started;
      await untilPhase(visitor, 'in-call', 15_000);
      await waitUntil(() => playsFrames(shadow(visitor, '[part~="remote-video"]')), 'visitor sees no video', {
        timeout: 15_000,
      });
      await waitUntil(() => playsFrames(shadow(agent, '[part~="remote-video"]')), 'agent sees no video', {
        timeout: 15_000,
      });
      expect(shadow(visitor, '[part~="agent"]').textContent).to.contain('Chen');
      await expect(visitor).to.be.accessible();

      const ended = oneEvent(agent, 'call-ended');
      shadow(visitor, '[part~="hang-up-button"]').click();
      expect((await ended).detail.reason).to.equal('visitor-hung-up');
      await untilPhase(visitor, 'ended');
      expect(log).to.include.members(['joined_queue', 'call_started', 'call_ended']);
    } finally {
      await visitor.destroy();
      await agent.signOut();
    }
  });

  it('removed from the page mid-call, it stops the camera, closes the connection and hangs up', async function () {
    this.timeout(30_000);
    const agent = await console_('chen');
    const visitor = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    try {
      const offered = oneEvent(agent, 'call-offered') as Promise<CallOfferedEvent>;
      await visitor.startCall();
      await untilPhase(visitor, 'waiting');
      await agent.accept((await offered).detail.ticketId);
      await untilPhase(visitor, 'in-call', 15_000);
      const remote = shadow<HTMLVideoElement>(visitor, '[part~="remote-video"]');
      await waitUntil(() => playsFrames(remote), 'visitor sees no video', { timeout: 15_000 });
      const camera = (
        shadow<HTMLVideoElement>(visitor, '[part~="local-video"]').srcObject as MediaStream
      ).getTracks();
      const received = (remote.srcObject as MediaStream).getTracks();
      expect(camera.map((t) => t.readyState)).to.include('live');

      const ended = oneEvent(agent, 'call-ended');
      visitor.remove();
      await waitUntil(() => camera.every((t) => t.readyState === 'ended'), 'the camera is still on');
      // The peer connection's receivers end their tracks when it closes.
      await waitUntil(() => received.every((t) => t.readyState === 'ended'), 'the connection is still open');
      expect((await ended).detail.reason).to.equal('visitor-hung-up');
    } finally {
      await agent.signOut();
    }
  });

  it('moved in the page mid-wait, it keeps its place', async function () {
    this.timeout(20_000);
    const visitor = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    try {
      await visitor.startCall();
      await untilPhase(visitor, 'waiting');
      const camera = (
        shadow<HTMLVideoElement>(visitor, '[part~="local-video"]').srcObject as MediaStream
      ).getTracks();
      const elsewhere = document.createElement('div');
      document.body.append(elsewhere);
      elsewhere.append(visitor);
      await new Promise((r) => setTimeout(r, 50));
      expect(visitor.callActive).to.equal(true);
      expect(camera.map((t) => t.readyState)).to.include('live');
      elsewhere.remove();
    } finally {
      await visitor.destroy();
    }
  });

  it('routes to the agent onBeforeRender chose, with its products, and that agent only is offered the call', async function () {
    this.timeout(30_000);
    const chen = await console_('chen');
    const bjorn = await console_('bjorn', '[::1]');
    const visitor = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    let bjornOffers = 0;
    bjorn.addEventListener('call-offered', () => bjornOffers++);
    try {
      const seen: string[][] = [];
      visitor.onBeforeRender = (agents) => {
        seen.push(agents.map((a) => a.id));
        const choice = agents.find((a) => a.tags.includes('fashion-support'));
        return choice ? { callAgentId: choice.id, productIds: ['ITM-BLUE-SHIRT', 'EXT-RED-PANTS'] } : null;
      };
      visitor.strings = { title: 'Call us now', text: 'Your call agent for today is {{name}}' };
      await waitUntil(() => seen.some((ids) => ids.includes('chen')), 'onBeforeRender never saw chen');
      visitor.show();
      await waitUntil(() =>
        visitor
          .shadowRoot!.querySelector('[part~="drop-in-card"]')
          ?.textContent?.includes('Your call agent for today is Chen Wei'),
      );
      expect(shadow(visitor, '[part~="drop-in-card"] h3').textContent).to.equal('Call us now');

      const offered = oneEvent(chen, 'call-offered') as Promise<CallOfferedEvent>;
      await visitor.startCall();
      const { detail } = await offered;
      expect(detail.productIds).to.deep.equal(['ITM-BLUE-SHIRT', 'EXT-RED-PANTS']);
      await chen.accept(detail.ticketId);
      await waitUntil(() =>
        chen.shadowRoot!.querySelector('[part~="products"]')?.textContent?.includes('EXT-RED-PANTS'),
      );
      expect(bjornOffers).to.equal(0);
    } finally {
      await visitor.destroy();
      await chen.signOut();
      await bjorn.signOut();
    }
  });

  it('transfers a call to another agent: call_transferred on both sides, and the visitor is connected again', async function () {
    this.timeout(40_000);
    const chen = await console_('chen');
    const bjorn = await console_('bjorn', '[::1]');
    const visitor = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    const log = trackingLog(visitor);
    const agentLog: string[] = [];
    chen.addEventListener('tracking-event', (e) =>
      agentLog.push((e as CustomEvent<TrackingEventDetail>).detail.eventName),
    );
    try {
      const offered = oneEvent(chen, 'call-offered') as Promise<CallOfferedEvent>;
      await visitor.startCall();
      await chen.accept((await offered).detail.ticketId);
      await untilPhase(visitor, 'in-call', 15_000);

      const toBjorn = oneEvent(bjorn, 'call-offered') as Promise<CallOfferedEvent>;
      await chen.transfer({ agentId: 'bjorn' });
      expect(agentLog).to.include('call_transferred');
      await waitUntil(() => log.includes('call_transferred'), 'the visitor never heard of the transfer');
      expect(phase(visitor)).to.equal('waiting');
      await bjorn.accept((await toBjorn).detail.ticketId);
      await untilPhase(visitor, 'in-call', 15_000);
      await waitUntil(() => shadow(visitor, '[part~="agent"]').textContent!.includes('Björn'));
    } finally {
      await visitor.destroy();
      await chen.signOut();
      await bjorn.signOut();
    }
  });

  it('refuses invalid tracking tags with an error event, sending nothing', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      const tooMany = Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, value: i }));
      const failed = oneEvent(el, 'error') as Promise<TandemErrorEvent>;
      el.setTrackingTags(tooMany);
      expect((await failed).detail.code).to.equal('invalid-argument');
      expect(el.trackingTags).to.deep.equal([]);

      const long = oneEvent(el, 'error') as Promise<TandemErrorEvent>;
      el.setTrackingTags([{ key: 'note', value: 'x'.repeat(1025) }]);
      expect((await long).detail.message).to.contain('1 KB');

      el.setTrackingTags([
        { key: 'a', value: 1 },
        { key: 'a', value: 'last wins' },
        { key: 'b', value: true },
      ]);
      expect(el.trackingTags).to.deep.equal([
        { key: 'a', value: 'last wins' },
        { key: 'b', value: true },
      ]);
    } finally {
      console.warn = warn;
    }
  });

  it('minimises while waiting, where getMinimizedWidgetStyle places it', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    el.getMinimizedWidgetStyle = () => ({
      position: 'bottom-left',
      verticalMargin: '20px',
      horizontalMargin: '24px',
      zIndex: '1234',
    });
    try {
      await el.startCall();
      await untilPhase(el, 'waiting');
      shadow(el, '.dialog-header button').click();
      await el.updateComplete;
      const mini = shadow(el, '[part~="minimized"]');
      const style = getComputedStyle(mini);
      expect([style.position, style.left, style.bottom, style.zIndex]).to.deep.equal([
        'fixed',
        '24px',
        '20px',
        '1234',
      ]);
      expect(shadow<HTMLDialogElement>(el, 'dialog').open).to.equal(false);
      await expect(el).to.be.accessible();
    } finally {
      await el.destroy();
    }
  });

  it('opens by itself with triggers="always"', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()} triggers="always"></calls-widget>`,
    );
    await waitUntil(() => shadow<HTMLDialogElement>(el, 'dialog').open);
    expect(el.triggers).to.deep.equal(['always']);
  });
});

describe('<calls-widget> what the visitor reads (issue 14)', () => {
  afterEach(() => localStorage.clear());

  it('shows one waiting-time figure: the card says what the dialog says while the visitor waits', async () => {
    // The queue's own estimate is for whoever joins next (five minutes here); the visitor in line has
    // their ticket's (under a minute). The card and the dialog both show the ticket's.
    const state = {
      ...{ queueId: 'q1', name: 'Fashion', isOpen: true, nextOpenTime: null, nextCloseTime: null },
      ...{ timeZone: 'UTC', agents: [], numberOfAgentsOnline: 1, estimatedWaitingTime: 300, waiting: 1 },
    } as unknown as QueueState;
    const ticket = {
      ...{ ticketId: 't1', queueId: 'q1', status: 'waiting', place: 1, estimatedWaitingTime: 0 },
      ...{ callAgentId: null, productIds: [], joinedAt: '', callId: null, endReason: null, canRejoin: false },
    } as Ticket;
    const card = statusText('open', state, 'en-US', ticket);
    const dialog = await fixture<HTMLElement>(
      html`<div>
        ${renderWaiting({
          ...{ ticket, locale: 'en-US', agent: null, transferring: false, audioOnly: false },
          ...{ receiveOnly: false, preview: html``, onLeave: () => {}, onChat: () => {} },
        })}
      </div>`,
    );
    const figure = /Estimated wait: (.+)/.exec(dialog.textContent!)![1]!.trim();
    expect(figure).to.equal('under a minute');
    expect(card).to.contain(figure);
    // Before joining, the card shows the queue's estimate.
    expect(statusText('open', state, 'en-US', null)).to.contain('5 minutes');
  });

  it('offers "Chat instead" (goto-chat) on the start screen and while waiting', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    try {
      el.show();
      await el.updateComplete;
      let asked = oneEvent(el, 'goto-chat');
      shadow(el, '[part~="chat-instead"]').click();
      await asked;
      await el.startCall();
      await untilPhase(el, 'waiting');
      asked = oneEvent(el, 'goto-chat');
      shadow(el, '[part~="chat-instead"]').click();
      await asked;
      await expect(el).to.be.accessible();
    } finally {
      await el.destroy();
    }
  });

  it('unavailable: the start screen says so, never "Connecting…"', async () => {
    const el = document.createElement('calls-widget');
    Object.assign(el, { orgId: 'no-such-org', hubUrl: hubUrl() });
    const warn = console.warn;
    console.warn = () => {};
    try {
      const failed = oneEvent(el, 'error');
      document.body.append(el);
      await failed;
      el.show();
      await el.updateComplete;
      const start = shadow(el, '[part~="drop-in-card"]').textContent!;
      expect(start).to.contain('not available');
      expect(start).to.not.contain('Connecting');
    } finally {
      console.warn = warn;
      el.remove();
    }
  });
});

describe('<calls-widget> start screen elements and booking', () => {
  it('updateElement changes the drop-in card (001), and null resets it', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    expect(el.ELEMENTS).to.deep.equal({ DROP_IN_CARD: 'drop-in-card', BOOKING_CARD: 'book-meeting-card' });
    expect((el.constructor as typeof CallsWidget).FLOATING_PLAYER_NAVIGATION_MODE).to.deep.equal({
      IFRAME: 'iframe',
      MANUAL: 'manual',
    });
    el.show();
    el.updateElement(el.ELEMENTS.DROP_IN_CARD, {
      disableCTA: true,
      content: { subtitle: 'No agents available right now', buttonText: 'Try again later' },
    });
    await el.updateComplete;
    const button = shadow<HTMLButtonElement>(el, '[part~="start-button"]');
    expect(button.disabled).to.equal(true);
    expect(button.textContent!.trim()).to.equal('Try again later');
    expect(shadow(el, '[part~="drop-in-card"]').textContent).to.contain('No agents available right now');
    el.updateElement(el.ELEMENTS.DROP_IN_CARD, null);
    await el.updateComplete;
    expect(shadow(el, '[part~="start-button"]').textContent!.trim()).to.equal('Start video call');
  });

  it('hands the booking option over to a booking card in the dialog, or to a sandboxed booking iframe', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()} bookings-enabled></calls-widget>`,
    );
    el.show();
    await el.updateComplete;
    shadow(el, '[part~="book-button"]').click();
    // The booking card's module loads when the booking view first shows.
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="booking-card"]') !== null, 'no booking card');
    expect(shadow(el, '[part~="booking-card"]').localName).to.equal('booking-card');

    const external = await fixture<CallsWidget>(
      html`<calls-widget
        org-id="demo"
        hub-url=${hubUrl()}
        open-booking-page
        booking-iframe-url="about:blank"
      ></calls-widget>`,
    );
    await waitUntil(() => external.shadowRoot!.querySelector('[part~="booking-iframe"]') !== null);
    const iframe = shadow<HTMLIFrameElement>(external, '[part~="booking-iframe"]');
    expect(iframe.getAttribute('sandbox')).to.contain('allow-forms');
    await expect(external).to.be.accessible();
  });
});
