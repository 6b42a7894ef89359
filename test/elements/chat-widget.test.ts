import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/elements/chat-widget/chat-widget.js';
import '../../src/elements/agent-console/agent-console.js';
import '../../src/elements/calls-widget/calls-widget.js';
import type { ChatWidget } from '../../src/elements/chat-widget/chat-widget.js';
import type { AgentConsole } from '../../src/elements/agent-console/agent-console.js';
import type { TandemErrorEvent } from '../../src/events/tandem-error.js';
import type {
  ChatSessionCreatedEvent,
  MessageReceivedEvent,
  StatusChangeEvent,
} from '../../src/events/chat-events.js';
import type { HubSession } from '../../src/session/hub-session.js';
import { acquireSession, releaseSession } from '../../src/session/session-registry.js';
import { hubUrl, hubUrlAs } from '../support/hub-url.js';
import { TandemError } from '../../src/errors.js';
import { ErrorCode } from '../../src/protocol/frames.js';
import { signInAgent } from '../support/agents.js';

const base = (el: ChatWidget) => el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
/** Loaded: the widget knows its status (chat-loaded has fired, perhaps before a test could listen). */
const loaded = (el: ChatWidget) => waitUntil(() => base(el).dataset.loaded === 'true', 'never loaded');
const find = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);
const messages = (el: ChatWidget) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="message"]')].map((m) => ({
    from: m.dataset.from,
    state: m.dataset.state,
    text: m.textContent!.trim(),
  }));

/** The page-wide session an element talks through (shared by every widget for the same hub and org). */
const sessionOf = (el: Element) => (el as unknown as { hub: { session: HubSession } }).hub.session;

/** Each test gets its own scope: a conversation of one test never leaks into the next. */
let scopeCounter = 0;
const freshScope = () => `test-${Date.now()}-${++scopeCounter}`;

async function agentConsole(agentId: string): Promise<AgentConsole> {
  const agent = await fixture<AgentConsole>(
    html`<agent-console org-id="demo" hub-url=${hubUrlAs('127.0.0.1')}></agent-console>`,
  );
  await agent.signIn(agentId, 'demo');
  return agent;
}

describe('<chat-widget>', () => {
  afterEach(() => localStorage.clear());

  it('renders a floating launcher, and is accessible open and closed', async () => {
    const el = await fixture<ChatWidget>(
      html`<chat-widget org-id="demo" hub-url=${hubUrl()} scope=${freshScope()}></chat-widget>`,
    );
    expect(base(el).classList.contains('floating')).to.equal(true);
    expect(base(el).dataset.window).to.equal('closed');
    await expect(el).to.be.accessible();
    el.open();
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('opens, closes, minimises, maximises, hides and shows, with the seed events', async () => {
    const el = await fixture<ChatWidget>(html`<chat-widget org-id="demo" hub-url=${hubUrl()}></chat-widget>`);
    const events: string[] = [];
    for (const name of [
      'chat-window-open',
      'chat-window-closed',
      'chat-minimize',
      'chat-maximize',
      'chat-click',
    ]) {
      el.addEventListener(name, () => events.push(name));
    }
    expect(el.isOpened()).to.equal(false);
    el.open();
    expect(el.isOpened()).to.equal(true);
    el.minimize();
    await el.updateComplete;
    expect(base(el).dataset.window).to.equal('minimized');
    el.maximize();
    el.close();
    expect(el.isOpened()).to.equal(false);
    find(el, '[part~="launcher"]')!.click();
    el.hide();
    await el.updateComplete;
    expect(base(el).hidden).to.equal(true);
    el.show();
    await el.updateComplete;
    expect(base(el).hidden).to.equal(false);
    expect(events).to.deep.equal([
      'chat-window-open',
      'chat-minimize',
      'chat-maximize',
      'chat-window-closed',
      'chat-click',
      'chat-window-open',
    ]);
  });

  it('embedded: always open; open() and close() are no-ops', async () => {
    const el = await fixture<ChatWidget>(
      html`<chat-widget org-id="demo" hub-url=${hubUrl()} embedded></chat-widget>`,
    );
    let events = 0;
    el.addEventListener('chat-window-open', () => events++);
    el.addEventListener('chat-window-closed', () => events++);
    el.close();
    el.open();
    await el.updateComplete;
    expect(el.isOpened()).to.equal(true);
    expect(find(el, '[part~="window"]')).to.exist;
    expect(find(el, '[part~="launcher"]')).to.equal(null);
    expect(events).to.equal(0);
  });

  it('reports status with the mluvii codes: offline form when nobody is online, online when an agent is', async () => {
    const el = await fixture<ChatWidget>(
      html`<chat-widget org-id="demo" queue="fashion" hub-url=${hubUrl()} embedded></chat-widget>`,
    );
    await loaded(el);
    // The fashion queue keeps opening hours: closed, or open with nobody of its agents online.
    expect(el.getStatus()).to.equal('offline');
    await el.updateComplete;
    expect(find(el, '[part~="offline-form"]')).to.exist;
    await expect(el).to.be.accessible();

    const anyQueue = await fixture<ChatWidget>(
      html`<chat-widget org-id="demo" hub-url=${hubUrl()}></chat-widget>`,
    );
    await loaded(anyQueue);
    const changed = oneEvent(anyQueue, 'status-change') as Promise<StatusChangeEvent>;
    const agent = await signInAgent('bjorn');
    try {
      expect((await changed).detail).to.deep.equal({ code: 1, status: 'online' });
      const busy = oneEvent(anyQueue, 'status-change') as Promise<StatusChangeEvent>;
      await agent.setStatus('busy');
      expect((await busy).detail).to.deep.equal({ code: 2, status: 'busy' });
    } finally {
      await agent.leave();
    }
  });

  it('stores an offline message for agents to answer later', async () => {
    const el = await fixture<ChatWidget>(
      html`<chat-widget
        org-id="demo"
        queue="fashion"
        hub-url=${hubUrl()}
        embedded
        scope=${freshScope()}
      ></chat-widget>`,
    );
    await loaded(el);
    await el.updateComplete;
    const form = find<HTMLFormElement>(el, 'form.offline-form')!;
    (form.querySelector('[name="name"]') as HTMLInputElement).value = 'Joe';
    (form.querySelector('[name="email"]') as HTMLInputElement).value = 'joe@example.com';
    (form.querySelector('[name="text"]') as HTMLTextAreaElement).value = 'Do you ship to Norway?';
    form.requestSubmit();
    await waitUntil(() => find(el, '[part~="offline-form"]')?.textContent?.includes('Thank you'));
  });

  it('chats end to end with an agent: sending, delivered, read, typing, session events', async function () {
    this.timeout(30_000);
    const agent = await agentConsole('chen');
    const scope = freshScope();
    const el = await fixture<ChatWidget>(
      html`<chat-widget org-id="demo" hub-url=${hubUrl()} scope=${scope}></chat-widget>`,
    );
    const received: { conversationId: string; text: string }[] = [];
    agent.addEventListener('message-received', (e) => {
      const { conversationId, text } = (e as MessageReceivedEvent).detail;
      received.push({ conversationId, text });
    });
    try {
      el.open();
      await waitUntil(() => el.getStatus() === 'online', 'chen never showed online');
      const created = oneEvent(el, 'chat-session-created');
      const offered = oneEvent(agent, 'chat-offered');
      el.sendClientMessage('Hello, is the overshirt in stock?');
      await el.updateComplete;
      expect(messages(el)[0]).to.include({ from: 'visitor', state: 'sending' });
      const { detail } = await created;
      await offered;
      await waitUntil(() => messages(el)[0]?.state === 'delivered', 'never delivered');
      const ours = () =>
        received.filter((r) => r.conversationId === detail.conversationId).map((r) => r.text);
      await waitUntil(
        () => ours().includes('Hello, is the overshirt in stock?'),
        'the agent never received it',
      );

      const started = oneEvent(el, 'chat-session-started');
      await agent.acceptChat(detail.conversationId);
      await started;
      await agent.sendMessage(detail.conversationId, 'Yes! See https://shop.example/overshirt');
      await waitUntil(() => messages(el).some((m) => m.from === 'agent'), 'the reply never arrived');
      const link = find<HTMLAnchorElement>(el, '[part~="message"][data-from="agent"] a')!;
      expect(link.href).to.equal('https://shop.example/overshirt');
      await waitUntil(() => messages(el)[0]?.state === 'read', 'never read');
      expect(ours()).to.deep.equal(['Hello, is the overshirt in stock?']); // Once, whatever pushes and history brought.
      await expect(el).to.be.accessible();

      const ended = oneEvent(el, 'chat-session-ended');
      await agent.endChat(detail.conversationId);
      await ended;
    } finally {
      await agent.signOut();
    }
  });

  it('removed while the visitor types: the agent is told at once that typing stopped, and no timer sends anything later', async function () {
    this.timeout(30_000);
    const agent = await agentConsole('chen');
    const el = await fixture<ChatWidget>(
      html`<chat-widget org-id="demo" hub-url=${hubUrl()} embedded scope=${freshScope()}></chat-widget>`,
    );
    let conversationId = '';
    const agentSaw: boolean[] = [];
    const stopWatching = sessionOf(agent).onHubEvent((frame) => {
      if (frame.type === 'chat.typing' && frame.conversationId === conversationId)
        agentSaw.push(frame.typing);
    });
    let clock: sinon.SinonFakeTimers | undefined;
    try {
      await waitUntil(() => el.getStatus() === 'online', 'chen never showed online');
      const created = oneEvent(el, 'chat-session-created') as Promise<ChatSessionCreatedEvent>;
      const offered = oneEvent(agent, 'chat-offered');
      el.sendClientMessage('Hello');
      conversationId = (await created).detail.conversationId;
      await offered;
      await waitUntil(() => messages(el)[0]?.state === 'delivered', 'never delivered');

      const session = sessionOf(el);
      // Another widget of the page keeps the session open: only the chat widget leaves.
      acquireSession(session.hubUrl, session.orgId);
      const command = session.command;
      const sent: unknown[] = [];
      session.command = ((...args: Parameters<HubSession['command']>) => {
        if (args[0] === 'chat.typing') sent.push(args[1]);
        return command.apply(session, args);
      }) as HubSession['command'];
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const input = find<HTMLTextAreaElement>(el, '[part~="input"]')!;
      input.value = 'Do you';
      input.dispatchEvent(new Event('input'));
      expect(sent).to.deep.equal([{ conversationId, typing: true }]);
      el.remove();
      const atRemoval = sent.length;
      clock.tick(60_000); // Well past the idle time after which typing stops.
      clock.restore();
      clock = undefined;
      session.command = command;
      releaseSession(session);
      expect(sent.slice(atRemoval)).to.deep.equal([]);
      await waitUntil(() => agentSaw.at(-1) === false, 'the agent still sees the visitor typing');
      expect(agentSaw).to.deep.equal([true, false]);
    } finally {
      clock?.restore();
      stopWatching();
      await agent.signOut();
    }
  });

  it('prefills a predefined message, shows fake agent messages locally, fires chat-start-writing once', async () => {
    const el = await fixture<ChatWidget>(
      html`<chat-widget org-id="demo" hub-url=${hubUrl()} embedded scope=${freshScope()}></chat-widget>`,
    );
    await loaded(el);
    const agent = await signInAgent('bjorn');
    try {
      await waitUntil(() => el.getStatus() === 'online');
      await el.updateComplete;
      el.setPredefinedMessage('I want to book a test drive');
      await el.updateComplete;
      const input = find<HTMLTextAreaElement>(el, '[part~="input"]')!;
      expect(input.value).to.equal('I want to book a test drive');
      el.showFakeAgentMessage('Welcome to the chat', 'Acme Corp');
      await el.updateComplete;
      const [fake] = messages(el);
      expect(messages(el)).to.have.length(1);
      expect(fake).to.include({ from: 'agent', state: undefined });
      expect(fake!.text).to.match(/^Acme Corp\s*Welcome to the chat/);
      let writing = 0;
      el.addEventListener('chat-start-writing', () => writing++);
      input.value = 'a';
      input.dispatchEvent(new Event('input'));
      input.value = 'ab';
      input.dispatchEvent(new Event('input'));
      expect(writing).to.equal(1);
    } finally {
      await agent.leave();
    }
  });

  it("shows a message as typed: its own line breaks kept, none of the template's whitespace", async () => {
    const el = await fixture<ChatWidget>(
      html`<chat-widget org-id="demo" hub-url=${hubUrl()} embedded scope=${freshScope()}></chat-widget>`,
    );
    await loaded(el);
    // With nobody online the window holds the offline form: an agent makes it the conversation.
    const agent = await signInAgent('bjorn');
    try {
      await waitUntil(() => el.getStatus() === 'online');
      el.showFakeAgentMessage('Hello\nsecond line', 'Acme Corp');
      await el.updateComplete;
      const bubble = find(el, '[part~="message"]')!;
      // innerText follows the rendering: with the template's newlines and indentation shown, the bubble
      // would start with blank lines and spaces before the author and the text.
      expect(bubble.innerText.split('\n').filter((line) => !line.trim())).to.deep.equal([]);
      expect(bubble.innerText).to.match(/^Acme Corp\nHello\nsecond line/);
      const text = find(el, '[part~="message-text"]')!;
      expect(getComputedStyle(text).whiteSpace).to.equal('pre-wrap');
    } finally {
      await agent.leave();
    }
  });

  it('normalises phone numbers, by default and by the page, and refuses invalid ones', async () => {
    const el = await fixture<ChatWidget>(
      html`<chat-widget org-id="demo" hub-url=${hubUrl()} locale="sv-SE"></chat-widget>`,
    );
    el.setVisitorInfo({ name: 'Anna', email: 'anna@example.com', phone: '070-123 45 67', notes: 'VIP' });
    expect(el.getVisitorInfo()).to.deep.equal({
      name: 'Anna',
      email: 'anna@example.com',
      phone: '+46701234567',
      notes: 'VIP',
    });

    const refused = oneEvent(el, 'error') as Promise<TandemErrorEvent>;
    el.setVisitorInfo({ phone: '12' });
    expect((await refused).detail.code).to.equal('invalid-argument');
    expect(el.getVisitorInfo().phone).to.equal('+46701234567');

    el.normalizePhoneNumber = (n) => (n.startsWith('777') ? `+420 ${n}` : null);
    el.setVisitorInfo({ phone: '777 666 555' });
    expect(el.getVisitorInfo().phone).to.equal('+420 777 666 555');
    const custom = oneEvent(el, 'error') as Promise<TandemErrorEvent>;
    el.setVisitorInfo({ phone: '070-123 45 67' });
    expect((await custom).detail.code).to.equal('invalid-argument');
  });

  it('runs >cs commands on the hub without showing them, and refuses a malformed one', async () => {
    const el = await fixture<ChatWidget>(
      html`<chat-widget org-id="demo" hub-url=${hubUrl()} embedded scope=${freshScope()}></chat-widget>`,
    );
    await loaded(el);
    el.sendClientMessage('Hi');
    await waitUntil(() => messages(el)[0]?.state === 'delivered');
    el.sendClientMessage('>cs /set @category Used Car');
    const refused = oneEvent(el, 'error') as Promise<TandemErrorEvent>;
    el.sendClientMessage('>cs /set');
    expect((await refused).detail.code).to.equal('bad-command');
    await el.updateComplete;
    expect(messages(el).map((m) => m.text.split('\n')[0])).to.have.length(1);
  });

  it('keeps messages a rate limit refused, says when they go again, and sends them then, in order', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    try {
      const el = await fixture<ChatWidget>(
        html`<chat-widget org-id="demo" hub-url=${hubUrl()} embedded scope=${freshScope()}></chat-widget>`,
      );
      await loaded(el);
      // The hub's answer to a visitor over its limit, once; everything else reaches the real hub.
      const session = sessionOf(el);
      const command = session.command.bind(session);
      let refuse = true;
      sinon.stub(session, 'command').callsFake(((type, body, options) => {
        if (type !== 'chat.send' || !refuse) return command(type, body, options);
        refuse = false;
        return Promise.reject(
          new TandemError(ErrorCode.rateLimited, 'Too many messages; try again in 5 s.', 5),
        );
      }) as typeof session.command);
      const refused = oneEvent(el, 'error') as Promise<TandemErrorEvent>;
      el.sendClientMessage('Hello?');
      const { detail } = await refused;
      expect([detail.code, detail.retryAfter]).to.deep.equal(['rate-limited', 5]);
      el.sendClientMessage('Still there?');
      await el.updateComplete;
      expect(messages(el).map((m) => m.state)).to.deep.equal(['sending', 'sending']);
      expect(find(el, '[role="alert"]')!.textContent).to.contain('Too many messages — sending again in 5 s.');
      await expect(el).to.be.accessible();

      clock.tick(5000);
      await waitUntil(
        () => messages(el).length === 2 && messages(el).every((m) => m.state === 'delivered'),
        'the outbox was not sent again',
      );
      expect(messages(el).map((m) => m.text.split('\n')[0])).to.deep.equal(['Hello?', 'Still there?']);
      expect(find(el, '[role="alert"]')).to.equal(null);
    } finally {
      sinon.restore();
      clock.restore();
    }
  });

  it('switches between its two languages', async () => {
    const el = await fixture<ChatWidget>(
      html`<chat-widget org-id="demo" hub-url=${hubUrl()} languages="sv-SE en-US" embedded></chat-widget>`,
    );
    el.setLanguage('l1');
    await waitUntil(() => find(el, 'h2')!.textContent!.includes('Chatta med oss'));
    el.setLanguage('l2');
    await waitUntil(() => find(el, 'h2')!.textContent!.includes('Chat with us'));
  });

  it('opens when a calls-widget on the page sends the visitor to chat (goto-chat)', async () => {
    const wrapper = await fixture(
      html`<div>
        <calls-widget org-id="demo" hub-url=${hubUrl()}></calls-widget>
        <chat-widget org-id="demo" hub-url=${hubUrl()}></chat-widget>
      </div>`,
    );
    const chat = wrapper.querySelector('chat-widget')!;
    const calls = wrapper.querySelector('calls-widget')!;
    const trigger = oneEvent(chat, 'chat-trigger');
    calls.dispatchEvent(new CustomEvent('goto-chat', { bubbles: true, composed: true }));
    expect((await trigger).detail.trigger).to.equal('goto-chat');
    expect(chat.isOpened()).to.equal(true);
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
      expect(el.getStatus()).to.equal('offline');
    } finally {
      console.warn = warn;
      el.remove();
    }
  });
});
