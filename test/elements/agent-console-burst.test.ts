import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { render } from 'lit';
import '../../src/elements/agent-console/agent-console.js';
import type { AgentConsole } from '../../src/elements/agent-console/agent-console.js';
import type { ConversationResult, HubFrame, QueueTicket } from '../../src/protocol/frames.js';
import { LIST_WINDOW, renderTicketList } from '../../src/elements/agent-console/workspace-views.js';
import { TRANSCRIPT_WINDOW } from '../../src/controllers/agent-chat-controller.js';
import { hubUrl, hubUrlAs } from '../support/hub-url.js';

const BURST = 1000;
/** Long enough for a slow shared machine to take in the burst; a hang still fails. */
const LONG = { timeout: 60_000, interval: 50 };

/** A visitor on a raw socket of its own, so that it can send a burst without waiting for replies. */
async function rawVisitor(): Promise<{
  command(frame: Record<string, unknown>): Promise<unknown>;
  sendOnly(frame: Record<string, unknown>): void;
  repliesFor(prefix: string): number;
  close(): void;
}> {
  const socket = new WebSocket(`${hubUrl().replace(/^http/, 'ws')}/ws?org=demo`);
  const replies = new Map<string, HubFrame>();
  socket.addEventListener('message', (event) => {
    const frame = JSON.parse(String(event.data)) as HubFrame;
    if (frame.type === 'reply' || (frame.type === 'error' && frame.re)) replies.set(frame.re!, frame);
  });
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let next = 0;
  const sendOnly = (frame: Record<string, unknown>) => socket.send(JSON.stringify({ v: 1, ...frame }));
  return {
    sendOnly,
    async command(frame) {
      const id = `v${++next}`;
      sendOnly({ id, ...frame });
      await waitUntil(() => replies.has(id), `no reply to ${String(frame.type)}`);
      const answer = replies.get(id)!;
      if (answer.type !== 'reply') throw new Error(`${String(frame.type)}: ${JSON.stringify(answer)}`);
      return answer.result;
    },
    repliesFor: (prefix) => [...replies.keys()].filter((id) => id.startsWith(prefix)).length,
    close: () => socket.close(),
  };
}

describe('agent-console under a burst of messages', () => {
  it('renders the last of 1,000 messages sent in a burst, and the count of earlier ones', async () => {
    const el = await fixture<AgentConsole>(
      html`<agent-console org-id="demo" hub-url=${hubUrlAs('127.0.0.1')}></agent-console>`,
    );
    await el.signIn('chen', 'demo');
    const visitor = await rawVisitor();
    try {
      await visitor.command({ type: 'hello' });
      const { conversation } = (await visitor.command({
        type: 'chat.start',
        queue: 'default',
        scope: `burst-${Date.now()}`,
      })) as ConversationResult;
      const { conversationId } = conversation;
      await el.acceptChat(conversationId);
      const received: string[] = [];
      el.addEventListener('message-received', (event) => {
        if (event.detail.conversationId === conversationId) received.push(event.detail.text);
      });

      for (let i = 1; i <= BURST; i++) {
        visitor.sendOnly({
          id: `m${i}`,
          type: 'chat.send',
          conversationId,
          messageId: crypto.randomUUID(),
          text: `burst ${i}`,
        });
      }
      await waitUntil(() => visitor.repliesFor('m') === BURST, 'the hub did not store the burst', LONG);

      const transcript = () => el.shadowRoot!.querySelector('[part="transcript"]')!;
      const lines = () => [...transcript().querySelectorAll<HTMLElement>('.line[data-seq]')];
      await waitUntil(
        () => lines().at(-1)?.querySelector('.text')?.textContent === `burst ${BURST}`,
        'the last message is not shown',
        LONG,
      );
      // Every message announced once, in order.
      expect(received).to.deep.equal(Array.from({ length: BURST }, (_, i) => `burst ${i + 1}`));
      // Only the latest are rendered; the button counts the rest.
      const total = Number(lines().at(-1)!.dataset.seq);
      expect(lines().length).to.equal(TRANSCRIPT_WINDOW);
      const earlier = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="show-earlier"]')!;
      expect(earlier.textContent).to.contain(`(${total - TRANSCRIPT_WINDOW})`);
      const seqs = lines().map((line) => Number(line.dataset.seq));
      expect(seqs).to.deep.equal(
        Array.from({ length: TRANSCRIPT_WINDOW }, (_, i) => total - TRANSCRIPT_WINDOW + 1 + i),
      );

      earlier.click();
      await el.updateComplete;
      expect(lines().length).to.equal(2 * TRANSCRIPT_WINDOW);
      expect(Number(lines()[0]!.dataset.seq)).to.equal(total - 2 * TRANSCRIPT_WINDOW + 1);
      await el.endChat(conversationId);
    } finally {
      visitor.close();
    }
  });
});

describe('agent-console waiting list under a flood', () => {
  it('renders the first of a long waiting list, and counts them all', () => {
    const tickets: QueueTicket[] = Array.from({ length: 400 }, (_, i) => ({
      ticketId: `t${i}`,
      queueId: 'default',
      queueName: 'Support',
      place: i + 1,
      joinedAt: new Date(0).toISOString(),
      callAgentId: null,
      productIds: [],
      agentTags: [],
      data: { firstName: `V${i}` },
      trackingTags: [],
      priority: false,
    }));
    const host = document.createElement('div');
    render(
      renderTicketList({
        tickets,
        now: Date.now(),
        locale: 'en-US',
        blocked: null,
        onAccept: () => undefined,
      }),
      host,
    );
    const items = [...host.querySelectorAll<HTMLElement>('li.ticket')];
    expect(items.length).to.equal(LIST_WINDOW);
    expect(items[0]!.dataset.ticketId).to.equal('t0');
    expect(host.querySelector('h3')!.textContent).to.contain('(400)');
    expect(host.querySelector('[part="more-waiting"]')!.textContent).to.contain(`${400 - LIST_WINDOW}`);
  });
});
