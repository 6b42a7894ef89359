import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/elements/agent-console/agent-console.js';
import type { AgentConsole } from '../../src/elements/agent-console/agent-console.js';
import type { AgentStatusChangeEvent } from '../../src/events/agent-status-change.js';
import { HubSession } from '../../src/session/hub-session.js';
import { hubUrl } from '../support/hub-url.js';

function part(el: AgentConsole, selector: string): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>(selector)!;
}

async function connected(el: AgentConsole): Promise<void> {
  await waitUntil(() => !part(el, 'button[type="submit"]')?.hasAttribute('disabled') || el.agent !== null);
}

/** Watches the default queue from a visitor's point of view, on its own connection. */
async function onlineCount(visitor: HubSession): Promise<number> {
  visitor.watchQueue('default', () => undefined);
  return (await visitor.queueState('default')).numberOfAgentsOnline;
}

describe('<agent-console>', () => {
  it('renders the sign-in form', async () => {
    const el = await fixture<AgentConsole>(
      html`<agent-console org-id="demo" hub-url=${hubUrl()}></agent-console>`,
    );
    expect(part(el, '[part~="base"]').dataset.state).to.equal('signed-out');
    expect(part(el, 'input[name="agentId"]')).to.exist;
    expect(part(el, 'input[name="password"]').getAttribute('type')).to.equal('password');
  });

  it('is accessible', async () => {
    const el = await fixture<AgentConsole>(
      html`<agent-console org-id="demo" hub-url=${hubUrl()}></agent-console>`,
    );
    await expect(el).to.be.accessible();
  });

  it('signs in through its form, goes online, and visitors see it live', async () => {
    const visitor = new HubSession(hubUrl(), 'demo');
    const el = await fixture<AgentConsole>(
      html`<agent-console org-id="demo" hub-url=${hubUrl()}></agent-console>`,
    );
    try {
      const before = await onlineCount(visitor);
      await connected(el);
      (part(el, 'input[name="agentId"]') as HTMLInputElement).value = 'bjorn';
      (part(el, 'input[name="password"]') as HTMLInputElement).value = 'demo';
      const changed = oneEvent(el, 'agent-status-change') as Promise<AgentStatusChangeEvent>;
      part(el, 'button[type="submit"]').click();
      const { detail } = await changed;
      expect(detail.agent?.id).to.equal('bjorn');
      expect(detail.agent?.status).to.equal('online');
      await el.updateComplete;
      expect(part(el, '[part~="base"]').dataset.state).to.equal('signed-in');
      expect(part(el, '[part~="profile"]').textContent).to.contain('Björn');
      await expect(el).to.be.accessible();
      await waitUntil(() => visitor.queue('default')?.state?.numberOfAgentsOnline === before + 1);

      const select = part(el, 'select[name="status"]') as HTMLSelectElement;
      select.value = 'busy';
      const busy = oneEvent(el, 'agent-status-change') as Promise<AgentStatusChangeEvent>;
      select.dispatchEvent(new Event('change'));
      expect((await busy).detail.agent?.status).to.equal('busy');
      await waitUntil(() => visitor.queue('default')?.state?.numberOfAgentsOnline === before);
    } finally {
      await el.signOut().catch(() => undefined);
      visitor.close();
    }
  });

  it('refuses a wrong password with a clear message, from the form and from signIn()', async () => {
    const el = await fixture<AgentConsole>(
      html`<agent-console org-id="demo" hub-url=${hubUrl()}></agent-console>`,
    );
    let rejected: unknown;
    await el.signIn('bjorn', 'wrong').catch((e: unknown) => (rejected = e));
    expect((rejected as { code: string }).code).to.equal('bad-credentials');

    (part(el, 'input[name="agentId"]') as HTMLInputElement).value = 'bjorn';
    (part(el, 'input[name="password"]') as HTMLInputElement).value = 'wrong';
    part(el, 'button[type="submit"]').click();
    await waitUntil(() => part(el, '[role="alert"]').textContent!.includes('do not match'));
    expect(el.agent).to.equal(null);
  });

  it('setStatus() and signOut() by script fire agent-status-change; a bad status is refused', async () => {
    const el = await fixture<AgentConsole>(
      html`<agent-console org-id="demo" hub-url=${hubUrl()}></agent-console>`,
    );
    await el.signIn('bjorn', 'demo');
    const offline = oneEvent(el, 'agent-status-change') as Promise<AgentStatusChangeEvent>;
    await el.setStatus('offline');
    expect((await offline).detail.agent?.status).to.equal('offline');

    let rejected: unknown;
    await el.setStatus('away' as 'online').catch((e: unknown) => (rejected = e));
    expect(rejected).to.be.instanceOf(Error);
    expect(el.agent?.status).to.equal('offline');

    const out = oneEvent(el, 'agent-status-change') as Promise<AgentStatusChangeEvent>;
    await el.signOut();
    expect((await out).detail.agent).to.equal(null);
    await el.updateComplete;
    expect(part(el, '[part~="base"]').dataset.state).to.equal('signed-out');
  });
});
