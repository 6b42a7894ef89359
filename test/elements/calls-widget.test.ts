import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/elements/calls-widget/calls-widget.js';
import type { CallsWidget } from '../../src/elements/calls-widget/calls-widget.js';
import type { AgentsOnlineEvent } from '../../src/events/agents-online.js';
import type { TandemErrorEvent } from '../../src/events/tandem-error.js';
import { hubUrl, startHub, stopHub } from '../support/hub-url.js';
import { signInAgent } from '../support/agents.js';

function base(el: CallsWidget): HTMLElement {
  return el.shadowRoot!.querySelector('[part~="base"]')!;
}

async function settled(el: CallsWidget): Promise<string> {
  await waitUntil(() => base(el).dataset.state !== 'connecting', 'the widget never left "connecting"', {
    timeout: 8000,
  });
  return base(el).dataset.state!;
}

describe('<calls-widget>', () => {
  it('renders the connecting state, then the queue state', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    expect(base(el).dataset.state).to.equal('connecting');
    expect(el.shadowRoot!.querySelector('[part~="status"]')!.textContent).to.contain('Connecting');
    expect(await settled(el)).to.equal('open');
    expect(el.shadowRoot!.querySelector('[part~="status"]')!.textContent).to.match(/^Open/);
  });

  it('is accessible', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    await expect(el).to.be.accessible();
    await settled(el);
    await expect(el).to.be.accessible();
  });

  it('two widgets on one page have distinct accessible names (axe landmark-unique)', async () => {
    const page = await fixture<HTMLElement>(
      html`<div>
        <calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>
        <calls-widget org-id="demo" hub-url=${hubUrl()} queue="fashion"></calls-widget>
      </div>`,
    );
    const [a, b] = [...page.querySelectorAll<CallsWidget>('calls-widget')];
    await settled(a!);
    await settled(b!);
    const name = (el: CallsWidget) => base(el).getAttribute('aria-label');
    expect(name(a!)).to.match(/^Video call with us/);
    expect(name(a!)).to.not.equal(name(b!));
    await expect(page).to.be.accessible();
  });

  it('fires queue-is-open with the seed shape when it learns the queue is open', async () => {
    const el = document.createElement('calls-widget');
    el.orgId = 'demo';
    el.hubUrl = hubUrl();
    const opened = oneEvent(el, 'queue-is-open');
    document.body.append(el);
    try {
      const { detail } = await opened;
      expect(detail).to.deep.equal({ isOpen: true, nextCloseTime: null });
    } finally {
      el.remove();
    }
  });

  it('fires queue-is-open or queue-is-closed for a queue with opening hours, agreeing with areQueuesOpen()', async () => {
    const el = document.createElement('calls-widget');
    Object.assign(el, { orgId: 'demo', hubUrl: hubUrl(), queue: 'fashion' });
    const first = new Promise<CustomEvent>((resolve) => {
      el.addEventListener('queue-is-open', resolve, { once: true });
      el.addEventListener('queue-is-closed', resolve, { once: true });
    });
    document.body.append(el);
    try {
      const event = await first;
      const result = await el.areQueuesOpen();
      expect(event.type).to.equal(result.isOpen ? 'queue-is-open' : 'queue-is-closed');
      expect(Object.keys(result).sort()).to.deep.equal(['isOpen', 'nextCloseTime', 'nextOpenTime']);
      // A queue with weekly hours always has a next transition, in ISO 8601 UTC.
      const next = result.isOpen ? result.nextCloseTime : result.nextOpenTime;
      expect(next).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(base(el).dataset.state).to.equal(result.isOpen ? 'open' : 'closed');
    } finally {
      el.remove();
    }
  });

  it('shows agents going online live and fires agents-online for each change', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    await settled(el);
    const before = (await el.getNumberOfOnlineAgents()).numberOfAgentsOnline;
    const counted = oneEvent(el, 'agents-online') as Promise<AgentsOnlineEvent>;
    const chen = await signInAgent('chen');
    try {
      const { detail } = await counted;
      expect(detail.numberOfAgentsOnline).to.equal(before + 1);
      expect(detail.queueId).to.be.a('string').and.not.empty;
      await el.updateComplete;
      const shown = el.shadowRoot!.querySelector('[part~="agents-online"]')!.textContent!;
      expect(shown).to.contain(String(before + 1));
      const photo = el.shadowRoot!.querySelector<HTMLImageElement>('.avatars img');
      expect(photo?.src).to.match(/^http:\/\/.+\/media\/agents\/.+\.svg$/);

      const down = oneEvent(el, 'agents-online') as Promise<AgentsOnlineEvent>;
      await chen.setStatus('busy');
      expect((await down).detail.numberOfAgentsOnline).to.equal(before);
    } finally {
      await chen.leave();
    }
  });

  it('answers getNumberOfOnlineAgents() and getEstimatedWaitingTime() with the seed shapes', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    const agents = await el.getNumberOfOnlineAgents();
    expect(Object.keys(agents).sort()).to.deep.equal(['numberOfAgentsOnline', 'queueId']);
    const waiting = await el.getEstimatedWaitingTime();
    expect(Object.keys(waiting).sort()).to.deep.equal(['agents', 'estimatedWaitingTime', 'place', 'queueId']);
    expect(waiting.place).to.equal(1);
    expect(waiting.queueId).to.equal(agents.queueId);
    const fashion = await el.getNumberOfOnlineAgents('Fashion');
    expect(fashion.queueId).not.to.equal(agents.queueId);
  });

  it('gives an estimated waiting time once an agent is online', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    await settled(el);
    const chen = await signInAgent('chen');
    try {
      await waitUntil(async () => (await el.getEstimatedWaitingTime()).estimatedWaitingTime !== null);
      const { estimatedWaitingTime, agents } = await el.getEstimatedWaitingTime();
      expect(estimatedWaitingTime).to.be.a('number').and.at.least(0);
      expect(agents).to.be.at.least(1);
    } finally {
      await chen.leave();
    }
  });

  it('follows setQueue() to another queue and fires its state', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
    );
    const first = await el.getNumberOfOnlineAgents();
    const next = oneEvent(el, 'agents-online') as Promise<AgentsOnlineEvent>;
    el.setQueue('fashion');
    const { detail } = await next;
    expect(detail.queueId).not.to.equal(first.queueId);
    expect((await el.getNumberOfOnlineAgents()).queueId).to.equal(detail.queueId);
  });

  it('renders in Swedish from its locale attribute, and from the page language', async () => {
    const el = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()} locale="sv-SE"></calls-widget>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelector('h2')!.textContent!.includes('Videosamtal'));
    el.locale = '';
    document.documentElement.lang = 'en';
    await waitUntil(() => el.shadowRoot!.querySelector('h2')!.textContent!.includes('Video call'));
    document.documentElement.lang = 'sv';
    try {
      await waitUntil(() => el.shadowRoot!.querySelector('h2')!.textContent!.includes('Videosamtal'));
    } finally {
      document.documentElement.lang = 'en';
    }
  });

  it('renders in its own language next to a widget in another language', async () => {
    const page = await fixture<HTMLElement>(
      html`<div>
        <calls-widget org-id="demo" hub-url=${hubUrl()} locale="sv-SE"></calls-widget>
        <calls-widget org-id="demo" hub-url=${hubUrl()} locale="en-US"></calls-widget>
      </div>`,
    );
    const [sv, en] = [...page.querySelectorAll('calls-widget')];
    const text = (el: CallsWidget, part: string) =>
      el.shadowRoot!.querySelector(`[part~="${part}"]`)!.textContent!.trim();
    expect(await settled(sv)).to.equal('open');
    expect(await settled(en)).to.equal('open');
    await waitUntil(
      () => text(sv, 'title').startsWith('Videosamtal'),
      'the Swedish widget never showed Swedish',
    );
    expect(text(sv, 'status')).to.match(/^Öppet · /);
    expect(text(en, 'title')).to.equal('Video call with us');
    expect(text(en, 'status')).to.match(/^Open · /);
  });

  describe('bad input', () => {
    let warnings: unknown[][];
    const warn = console.warn;
    beforeEach(() => {
      warnings = [];
      console.warn = (...args: unknown[]) => warnings.push(args);
    });
    afterEach(() => {
      console.warn = warn;
    });

    it('an unknown org: unavailable state, one error event with org-not-found, one warning', async () => {
      const el = document.createElement('calls-widget');
      Object.assign(el, { orgId: 'no-such-org', hubUrl: hubUrl() });
      const errors: TandemErrorEvent[] = [];
      el.addEventListener('error', (e: Event) => errors.push(e as TandemErrorEvent));
      document.body.append(el);
      try {
        await waitUntil(() => errors.length > 0, 'no error event', { timeout: 8000 });
        expect(errors[0].detail.code).to.equal('org-not-found');
        expect(errors[0].bubbles).to.equal(false);
        await el.updateComplete;
        expect(base(el).dataset.state).to.equal('unavailable');
        expect(warnings).to.have.length(1);
        let rejected: unknown;
        await el.areQueuesOpen().catch((e: unknown) => (rejected = e));
        expect((rejected as { code: string }).code).to.equal('org-not-found');
        expect(errors).to.have.length(1);
      } finally {
        el.remove();
      }
    });

    it('an unknown queue: unavailable state and an error event with not-found', async () => {
      const el = document.createElement('calls-widget');
      Object.assign(el, { orgId: 'demo', hubUrl: hubUrl(), queue: 'no-such-queue' });
      const failed = oneEvent(el, 'error') as Promise<TandemErrorEvent>;
      document.body.append(el);
      try {
        expect((await failed).detail.code).to.equal('not-found');
        await el.updateComplete;
        expect(base(el).dataset.state).to.equal('unavailable');
      } finally {
        el.remove();
      }
    });

    it('an unreachable hub: unavailable state and an error event with hub-unreachable', async () => {
      const el = document.createElement('calls-widget');
      // Port 9 (discard) has no listener here: the connection is refused at once.
      Object.assign(el, { orgId: 'demo', hubUrl: 'http://127.0.0.1:9' });
      const failed = oneEvent(el, 'error') as Promise<TandemErrorEvent>;
      document.body.append(el);
      try {
        expect((await failed).detail.code).to.equal('hub-unreachable');
        await el.updateComplete;
        expect(base(el).dataset.state).to.equal('unavailable');
        expect(warnings).to.have.length(1);
      } finally {
        el.remove();
      }
    });

    it('a missing org-id: unavailable and an error event, no exception', async () => {
      const el = document.createElement('calls-widget');
      const failed = oneEvent(el, 'error') as Promise<TandemErrorEvent>;
      document.body.append(el);
      try {
        expect((await failed).detail.code).to.equal('org-not-found');
      } finally {
        el.remove();
      }
    });

    it('recovers by itself when the hub comes back', async function () {
      this.timeout(60_000);
      const el = await fixture<CallsWidget>(
        html`<calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>`,
      );
      expect(await settled(el)).to.equal('open');
      await stopHub();
      try {
        await waitUntil(() => base(el).dataset.state === 'unavailable', 'never unavailable', {
          timeout: 15000,
        });
      } finally {
        await startHub();
      }
      await waitUntil(() => base(el).dataset.state === 'open', 'never recovered', { timeout: 20000 });
    });
  });
});
