import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../src/elements/agent-console/agent-console.js';
import '../../src/elements/calls-widget/calls-widget.js';
import '../../src/elements/chat-widget/chat-widget.js';
import type { AgentConsole } from '../../src/elements/agent-console/agent-console.js';
import type { CallsWidget } from '../../src/elements/calls-widget/calls-widget.js';
import type { ChatWidget } from '../../src/elements/chat-widget/chat-widget.js';
import type { ChatSessionCreatedEvent } from '../../src/events/chat-events.js';
import { hubUrl, hubUrlAs } from '../support/hub-url.js';
import { untilPhase } from '../support/call-widget.js';

const find = <T extends HTMLElement = HTMLElement>(el: Element, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);
const press = (key: string, init: KeyboardEventInit = {}) =>
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, ...init }));

/** A console on a connection of its own (the visitor's widgets share the page's other one). */
async function signedIn(agentId: string): Promise<AgentConsole> {
  const el = await fixture<AgentConsole>(
    html`<agent-console org-id="demo" hub-url=${hubUrlAs('127.0.0.1')}></agent-console>`,
  );
  await el.signIn(agentId, 'demo');
  await el.updateComplete;
  return el;
}

let scopes = 0;
async function visitorChat(
  text: string,
  { preset = '', email = '' } = {},
): Promise<{ widget: ChatWidget; conversationId: string }> {
  const widget = await fixture<ChatWidget>(
    html`<chat-widget
      org-id="demo"
      hub-url=${hubUrl()}
      embedded
      preset=${preset}
      scope=${`workspace-${Date.now()}-${++scopes}`}
    ></chat-widget>`,
  );
  if (email) widget.setVisitorInfo({ name: 'Joe Doe', email });
  await waitUntil(() => widget.getStatus() === 'online', 'no agent online for the chat');
  const created = oneEvent(widget, 'chat-session-created') as Promise<ChatSessionCreatedEvent>;
  widget.sendClientMessage(text);
  return { widget, conversationId: (await created).detail.conversationId };
}

/** Counts the oscillators the ring starts: a stand-in for the speaker. */
function fakeAudio(): { beeps: () => number; restore: () => void } {
  let oscillators = 0;
  const param = { value: 0, setValueAtTime() {}, exponentialRampToValueAtTime() {} };
  class FakeAudioContext {
    currentTime = 0;
    destination = {};
    resume = () => Promise.resolve();
    createOscillator() {
      oscillators++;
      return { frequency: { value: 0 }, connect: (n: unknown) => n, start() {}, stop() {} };
    }
    createGain() {
      return { gain: param, connect: (n: unknown) => n };
    }
  }
  const original = globalThis.AudioContext;
  globalThis.AudioContext = FakeAudioContext as unknown as typeof AudioContext;
  return { beeps: () => oscillators, restore: () => (globalThis.AudioContext = original) };
}

describe('<agent-console> workspace', () => {
  afterEach(() => localStorage.clear());

  it('never misses a visitor: rings (unless muted), notifies where allowed, counts in the title', async function () {
    this.timeout(30_000);
    const audio = fakeAudio();
    const shown: string[] = [];
    const originalNotification = globalThis.Notification;
    globalThis.Notification = class {
      static permission = 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string) {
        shown.push(title);
      }
      close() {}
    } as unknown as typeof Notification;
    const focus = sinon.stub(document, 'hasFocus').returns(false);
    const el = await signedIn('anna');
    const visitors: CallsWidget[] = [];
    let chat: string | null = null;
    const join = async () => {
      const widget = await fixture<CallsWidget>(
        html`<calls-widget org-id="demo" hub-url=${hubUrl()} no-card></calls-widget>`,
      );
      visitors.push(widget);
      await widget.startCall();
      await untilPhase(widget, 'waiting');
    };
    try {
      await join();
      await waitUntil(() => audio.beeps() > 0, 'it never rang');
      await waitUntil(() => /^\(\d+\)/.test(document.title), `no count in the title: ${document.title}`);
      expect(shown).to.include('A visitor waits for a call');

      find(el, '[part~="mute"]')!.click();
      await el.updateComplete;
      expect(find(el, '[part~="mute"]')!.getAttribute('aria-pressed')).to.equal('true');
      const before = audio.beeps();
      const notified = shown.length;
      // The page has one visitor and one ticket: the next visitor comes by chat.
      chat = (await visitorChat('Anyone there?')).conversationId;
      await waitUntil(() => shown.length > notified, 'the second visitor was not notified');
      expect(shown).to.include('A visitor waits in chat');
      expect(audio.beeps(), 'muted, it still rang').to.equal(before);
    } finally {
      for (const v of visitors) await v.destroy();
      if (chat)
        await el.acceptChat(chat).then(
          () => el.endChat(chat!),
          () => undefined,
        );
      await el.signOut();
      focus.restore();
      audio.restore();
      globalThis.Notification = originalNotification;
    }
    await waitUntil(() => !/^\(\d+\)/.test(document.title), 'the count stayed in the title');
  });

  it('keyboard: ? shows the shortcuts, a accepts the next visitor, e ends the call', async function () {
    this.timeout(30_000);
    const el = await signedIn('bjorn');
    const visitor = await fixture<CallsWidget>(
      html`<calls-widget org-id="demo" hub-url=${hubUrl()} no-card></calls-widget>`,
    );
    try {
      press('?');
      await el.updateComplete;
      expect(find(el, '[part~="help"]')).to.not.equal(null);
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement, 'focus went into the help').to.equal(
        find(el, '[part~="help"] button'),
      );
      await expect(el).to.be.accessible();
      press('Escape');
      await el.updateComplete;
      expect(find(el, '[part~="help"]')).to.equal(null);

      await visitor.startCall();
      await untilPhase(visitor, 'waiting');
      await waitUntil(() => el.shadowRoot!.querySelector('li.ticket[data-ticket-id]'), 'no ticket listed');
      press('a');
      await waitUntil(() => el.call !== null, 'a did not accept');
      await untilPhase(visitor, 'in-call');
      press('e');
      await untilPhase(visitor, 'ended');
      await waitUntil(() => el.call === null, 'e did not end the call');
    } finally {
      await visitor.destroy();
      await el.signOut();
    }
  });

  it('chats: several open in tabs (j switches), saved replies, Enter sends and Shift+Enter does not', async function () {
    this.timeout(30_000);
    const el = await signedIn('chen');
    const email = `joe-${Date.now()}@example.com`;
    const first = await visitorChat('First visitor here', { preset: 'spring-sale', email });
    const second = await visitorChat('Second visitor here', { email });
    try {
      await el.acceptChat(first.conversationId);
      await el.acceptChat(second.conversationId);
      await el.updateComplete;
      const tabs = () =>
        [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="conversation-tabs"] [data-tab-id]')].map(
          (t) => [t.dataset.tabId, t.getAttribute('aria-current')],
        );
      expect(tabs()).to.deep.equal([
        [first.conversationId, 'false'],
        [second.conversationId, 'page'],
      ]);
      press('j');
      await el.updateComplete;
      expect(tabs()[0]).to.deep.equal([first.conversationId, 'page']);
      // The context pane: what the visitor told, the widget preset they came through, earlier contacts.
      const context = find(el, '[part~="context-pane"]')!;
      expect(find(el, '[part~="chat-details"]')!.textContent).to.contain('spring-sale');
      expect(context.querySelector('[part~="history"]')?.textContent).to.match(/Chat, /);

      el.savedReplies = ['Thanks for waiting!'];
      await el.updateComplete;
      const box = find<HTMLTextAreaElement>(el, '[part~="reply"]')!;
      const saved = find<HTMLSelectElement>(el, '[part~="saved-replies"]')!;
      saved.value = '0';
      saved.dispatchEvent(new Event('change'));
      expect(box.value).to.equal('Thanks for waiting!');

      const shift = new KeyboardEvent('keydown', {
        key: 'Enter',
        shiftKey: true,
        bubbles: true,
        cancelable: true,
      });
      box.dispatchEvent(shift);
      expect(shift.defaultPrevented, 'Shift+Enter was taken').to.equal(false);
      const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
      box.dispatchEvent(enter);
      expect(enter.defaultPrevented).to.equal(true);
      await waitUntil(
        () => first.widget.shadowRoot!.textContent!.includes('Thanks for waiting!'),
        'Enter did not send the reply',
      );
      expect(box.value).to.equal('');
    } finally {
      await el.endChat(first.conversationId).catch(() => undefined);
      await el.endChat(second.conversationId).catch(() => undefined);
      await el.signOut();
    }
  });

  it('uses the width: three panes side by side on a desktop, the context under the work on a tablet', async () => {
    const el = await signedIn('bjorn');
    try {
      const box = (part: string) => find(el, `[part~="${part}"]`)!.getBoundingClientRect();
      await setViewport({ width: 1280, height: 800 });
      await el.updateComplete;
      const [list, work, context] = [box('list-pane'), box('work-pane'), box('context-pane')];
      expect(list.right).to.be.at.most(work.left + 1);
      expect(work.right).to.be.at.most(context.left + 1);
      expect(Math.abs(list.top - context.top)).to.be.below(2);
      expect(work.width).to.be.above(500);

      await setViewport({ width: 820, height: 1180 });
      await el.updateComplete;
      const [work2, context2] = [box('work-pane'), box('context-pane')];
      expect(context2.top).to.be.at.least(work2.bottom - 1);
      expect(box('list-pane').right).to.be.at.most(work2.left + 1);
      await expect(el).to.be.accessible();
    } finally {
      await setViewport({ width: 800, height: 600 });
      await el.signOut();
    }
  });
});
