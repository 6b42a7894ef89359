import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/calls-widget/calls-widget.js';
import { acquireSession, releaseSession } from '../../src/session/session-registry.js';
import { HubSession } from '../../src/session/hub-session.js';
import { hubUrl, startHub, stopHub } from '../support/hub-url.js';
import { signInAgent } from '../support/agents.js';

describe('HubSession', () => {
  it('is one per hub and org, shared by every widget of the page', () => {
    const a = acquireSession(hubUrl(), 'demo');
    const b = acquireSession(hubUrl(), 'demo');
    const other = acquireSession(hubUrl(), 'another-org');
    try {
      expect(a).to.equal(b);
      expect(other).not.to.equal(a);
    } finally {
      for (const s of [a, b, other]) releaseSession(s);
    }
  });

  it('serves two widgets of one queue from one subscription', async () => {
    const wrapper = await fixture(
      html`<div>
        <calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>
        <calls-widget org-id="demo" hub-url=${hubUrl()} queue="Support"></calls-widget>
      </div>`,
    );
    const [one, two] = wrapper.querySelectorAll('calls-widget');
    const [a, b] = await Promise.all([one.getNumberOfOnlineAgents(), two.getNumberOfOnlineAgents()]);
    // "default" and "Support" name the same queue.
    expect(a.queueId).to.equal(b.queueId);
  });

  it('keeps a queue live when watchers leave and come back while subscriptions are in flight', async () => {
    const visitor = new HubSession(hubUrl(), 'demo');
    try {
      // Watch, leave, watch again before any reply: the hub must end up subscribed.
      const stopFirst = visitor.watchQueue('default', () => undefined);
      stopFirst();
      visitor.watchQueue('Support', () => undefined);
      const stopThird = visitor.watchQueue('default', () => undefined);
      stopThird();
      visitor.watchQueue('default', () => undefined);
      await waitUntil(() => visitor.queue('default')?.state != null);
      const before = visitor.queue('default')!.state!.numberOfAgentsOnline;
      const agent = await signInAgent('bjorn');
      try {
        await waitUntil(
          () => visitor.queue('default')?.state?.numberOfAgentsOnline === before + 1,
          'no live update',
        );
        await waitUntil(
          () => visitor.queue('Support')?.state?.numberOfAgentsOnline === before + 1,
          'no live update',
        );
      } finally {
        await agent.leave();
      }
    } finally {
      visitor.close();
    }
  });

  it('resubscribes after a hub restart and keeps the agent signed in', async function () {
    this.timeout(60_000);
    const visitor = new HubSession(hubUrl(), 'demo');
    const agent = await signInAgent('chen', 'online');
    try {
      visitor.watchQueue('default', () => undefined);
      await waitUntil(() => visitor.queue('default')?.state != null);
      await stopHub();
      await waitUntil(() => visitor.connection.kind !== 'ready', 'never noticed the hub left', {
        timeout: 15_000,
      });
      await startHub();
      await waitUntil(() => visitor.connection.kind === 'ready', 'never reconnected', { timeout: 30_000 });
      await waitUntil(() => agent.session.connection.kind === 'ready', 'agent never reconnected', {
        timeout: 30_000,
      });
      expect(agent.session.agent?.id).to.equal('chen');
      // The agent's token survived the restart: it can still act as chen.
      await agent.setStatus('busy');
      await waitUntil(() => visitor.queue('default')?.state?.agents.every((a) => a.id !== 'chen') === true);
    } finally {
      await agent.leave();
      visitor.close();
    }
  });
});
