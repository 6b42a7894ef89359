import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { CallAgent, ChatMessage, Conversation } from '../../protocol/frames.js';
import { linkify } from '../../chat/linkify.js';

/** The agent console's chat views: the conversation lists and one conversation. */

function visitorLabel(c: Conversation): string {
  return c.visitorInfo.name || c.visitorInfo.email || msg('Visitor', { id: 'console.visitor' });
}

export interface ChatListView {
  conversations: Conversation[];
  selfId: string;
  selectedId: string | null;
  onSelect(conversationId: string): void;
}

export function renderChatLists(v: ChatListView): TemplateResult {
  const groups: [string, string, Conversation[]][] = [
    [
      'waiting',
      msg('Waiting', { id: 'chats.waiting' }),
      v.conversations.filter((c) => c.status === 'waiting'),
    ],
    [
      'mine',
      msg('Mine', { id: 'chats.mine' }),
      v.conversations.filter((c) => c.status === 'active' && c.agent?.id === v.selfId),
    ],
    [
      'offline',
      msg('Offline messages', { id: 'chats.offline' }),
      v.conversations.filter((c) => c.status === 'offline'),
    ],
  ];
  return html`<nav
    class="chat-lists"
    part="chat-lists"
    aria-label=${msg('Conversations', { id: 'chats.label' })}
  >
    ${groups.map(
      ([key, label, items]) =>
        html`<section data-group=${key}>
          <h4>${label} (${items.length})</h4>
          <ul>
            ${items.map(
              (c) =>
                html`<li>
                  <button
                    class="conversation ${c.conversationId === v.selectedId ? 'selected' : ''}"
                    data-conversation-id=${c.conversationId}
                    aria-current=${c.conversationId === v.selectedId ? 'true' : 'false'}
                    @click=${() => v.onSelect(c.conversationId)}
                  >
                    ${visitorLabel(c)}
                  </button>
                </li>`,
            )}
          </ul>
        </section>`,
    )}
  </nav>`;
}

export interface ConversationView {
  conversation: Conversation;
  messages: readonly ChatMessage[];
  pending: { messageId: string; text: string }[];
  selfId: string;
  visitorTyping: boolean;
  agents: CallAgent[];
  locale: string;
  onAccept(): void;
  onSend(text: string): void;
  onTyping(): void;
  onEnd(): void;
  onAssign(agentId: string): void;
}

export function renderConversation(v: ConversationView): TemplateResult {
  const c = v.conversation;
  const mine = c.status === 'active' && c.agent?.id === v.selfId;
  const time = (iso: string) =>
    new Intl.DateTimeFormat(v.locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const text = String(new FormData(form).get('reply') ?? '');
    if (text.trim()) v.onSend(text);
    form.reset();
  };
  const assign = (event: SubmitEvent) => {
    event.preventDefault();
    const agentId = String(new FormData(event.target as HTMLFormElement).get('agent') ?? '');
    if (agentId) v.onAssign(agentId);
  };
  const details = [
    ...Object.entries(c.visitorInfo).map(([k, val]) => [k, String(val)] as const),
    ...Object.entries(c.fields).map(([k, val]) => [`.${k}`, val] as const),
    ...(c.forms.length ? [[msg('Forms', { id: 'chats.forms' }), c.forms.join(', ')] as const] : []),
    ...(c.category ? [[msg('Category', { id: 'chats.category' }), c.category] as const] : []),
    ...Object.entries(c.meta).map(([k, val]) => [`/${k}`, val] as const),
    ...(c.assignedTo ? [[msg('Assigned to', { id: 'chats.assignedTo' }), c.assignedTo] as const] : []),
    ...c.notifications.map(
      (n) =>
        [
          msg('Notified', { id: 'chats.notified' }),
          n.inbox ?? msg('all organisations', { id: 'chats.notifyAll' }),
        ] as const,
    ),
    ...c.mentions.map((m) => [`@${m.id}`, m.text] as const),
  ];
  return html`<section
    class="conversation-view"
    part="conversation"
    data-status=${c.status}
    aria-label=${visitorLabel(c)}
  >
    <div class="row">
      <h3>${visitorLabel(c)}</h3>
      <span class="muted">${c.status}${c.agent ? ` · ${c.agent.name}` : ''}</span>
    </div>
    ${
      details.length
        ? html`<dl class="details" part="chat-details">
            ${details.map(
              ([k, val]) =>
                html`<dt>${k}</dt>
                  <dd>${val}</dd>`,
            )}
          </dl>`
        : nothing
    }
    <div class="transcript" part="transcript" role="log" aria-live="polite">
      ${v.messages.map(
        (m) =>
          html`<div
            class="line ${m.from} ${m.kind}"
            data-from=${m.from}
            data-kind=${m.kind}
            data-seq=${m.seq}
          >
            <span class="who"
              >${m.from === 'agent' ? m.agentName : m.from === 'visitor' ? visitorLabel(c) : '⚙'}</span
            >
            <span class="text"
              >${linkify(m.text).map((p) => (p.kind === 'link' ? html`<a href=${p.href} target="_blank" rel="noopener noreferrer">${p.text}</a>` : p.text))}</span
            >
            <span class="time"
              >${time(m.sentAt)}${m.from === 'agent' && m.seq <= c.readSeq.visitor ? ` · ${msg('Read', { id: 'chat.read' })}` : ''}</span
            >
          </div>`,
      )}
      ${v.pending.map((p) => html`<div class="line agent sending"><span class="text">${p.text}</span><span class="time">${msg('Sending…', { id: 'chat.sending' })}</span></div>`)}
      ${v.visitorTyping ? html`<div class="muted">${msg('The visitor is typing…', { id: 'chats.visitorTyping' })}</div>` : nothing}
    </div>
    ${
      c.status === 'waiting' || c.status === 'offline'
        ? html`<button class="primary" part="accept-chat" @click=${v.onAccept}>
            ${msg('Accept', { id: 'console.accept' })}
          </button>`
        : nothing
    }
    ${
      mine
        ? html`<form class="reply" @submit=${submit}>
              <textarea
                name="reply"
                part="reply"
                rows="2"
                aria-label=${msg('Reply', { id: 'chats.reply' })}
                @input=${v.onTyping}
              ></textarea>
              <button class="primary" type="submit">${msg('Send', { id: 'chat.send' })}</button>
            </form>
            <div class="row">
              <form class="assign" @submit=${assign}>
                <label>
                  ${msg('Assign to', { id: 'chats.assign' })}
                  <select name="agent" required>
                    <option value="">${msg('Choose…', { id: 'console.choose' })}</option>
                    ${v.agents.filter((a) => a.id !== v.selfId).map((a) => html`<option value=${a.id}>${a.name}</option>`)}
                  </select>
                </label>
                <button class="secondary" type="submit">
                  ${msg('Assign', { id: 'chats.assignButton' })}
                </button>
              </form>
              <button class="secondary" part="end-chat" @click=${v.onEnd}>
                ${msg('End chat', { id: 'chats.end' })}
              </button>
            </div>`
        : nothing
    }
    ${c.status === 'active' && !mine ? html`<p class="muted">${msg(str`${c.agent?.name ?? ''} has this conversation.`, { id: 'chats.someoneElse' })}</p>` : nothing}
  </section>`;
}
