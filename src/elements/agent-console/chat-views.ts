import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { msg, str } from '@lit/localize';
import type { CallAgent, ChatMessage, Conversation } from '../../protocol/frames.js';
import { linkify } from '../../chat/linkify.js';
import { conversationLabel as visitorLabel, conversationLabel } from './workspace-views.js';

/** The agent console's chat views: the open conversations' tabs, one conversation, its details. */

/** Where CSS cannot size a field to its content (field-sizing), the reply box grows by script. */
function grow(box: HTMLTextAreaElement): void {
  if (globalThis.CSS?.supports?.('field-sizing', 'content')) return;
  box.style.height = 'auto';
  box.style.height = `${Math.min(box.scrollHeight + 2, 192)}px`;
}

export interface TabsView {
  open: Conversation[];
  selectedId: string | null;
  onSelect(conversationId: string): void;
  onClose(conversationId: string): void;
}

/** The conversations open in the work pane, switchable (j / k) and closable. */
export function renderConversationTabs(v: TabsView): TemplateResult {
  if (!v.open.length) return html``;
  return html`<nav
    class="tabs"
    part="conversation-tabs"
    aria-label=${msg('Open conversations', { id: 'chats.open' })}
  >
    ${v.open.map(
      (c) =>
        html`<span class="tab ${c.conversationId === v.selectedId ? 'selected' : ''}" data-status=${c.status}>
          <button
            class="tab-select"
            data-tab-id=${c.conversationId}
            aria-current=${c.conversationId === v.selectedId ? 'page' : 'false'}
            @click=${() => v.onSelect(c.conversationId)}
          >
            ${conversationLabel(c)}
          </button>
          <button
            class="tab-close"
            aria-label=${msg(str`Close ${conversationLabel(c)}`, { id: 'chats.closeTab' })}
            title=${msg(str`Close ${conversationLabel(c)}`, { id: 'chats.closeTab' })}
            @click=${() => v.onClose(c.conversationId)}
          >
            <span aria-hidden="true">×</span>
          </button>
        </span>`,
    )}
  </nav>`;
}

/** What `>cs` commands and the visitor told, for the context pane. */
export function conversationDetails(c: Conversation): (readonly [string, string])[] {
  return [
    ...Object.entries(c.visitorInfo).map(([k, val]) => [k, String(val)] as const),
    ...(c.preset ? [[msg('Widget preset', { id: 'chats.preset' }), c.preset] as const] : []),
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
}

export interface ConversationView {
  conversation: Conversation;
  /** The latest messages; `earlier` older ones are not rendered (a long conversation stays light). */
  messages: readonly ChatMessage[];
  earlier: number;
  pending: { messageId: string; text: string }[];
  selfId: string;
  visitorTyping: boolean;
  agents: CallAgent[];
  locale: string;
  /** Replies the agent picks from the reply box. */
  savedReplies: readonly string[];
  onAccept(): void;
  onSend(text: string): void;
  onTyping(): void;
  onEnd(): void;
  onAssign(agentId: string): void;
  onShowEarlier(): void;
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
  /** Enter sends, Shift+Enter breaks the line (and a composing IME keeps its Enter). */
  const replyKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    (event.target as HTMLTextAreaElement).form?.requestSubmit();
  };
  /** A saved reply goes into the reply box where the cursor is, for the agent to edit and send. */
  const insertSaved = (event: Event) => {
    const select = event.target as HTMLSelectElement;
    const text = v.savedReplies[Number(select.value)];
    const box = select.form?.querySelector('textarea');
    select.value = '';
    if (text === undefined || !box) return;
    box.setRangeText(text, box.selectionStart, box.selectionEnd, 'end');
    box.dispatchEvent(new Event('input', { bubbles: true }));
    box.focus();
  };
  const assign = (event: SubmitEvent) => {
    event.preventDefault();
    const agentId = String(new FormData(event.target as HTMLFormElement).get('agent') ?? '');
    if (agentId) v.onAssign(agentId);
  };
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
    <div class="transcript" part="transcript" role="log" aria-live="polite">
      ${
        v.earlier > 0
          ? html`<button class="earlier" part="show-earlier" @click=${v.onShowEarlier}>
              ${msg(str`Show earlier messages (${v.earlier})`, { id: 'chats.showEarlier' })}
            </button>`
          : nothing
      }
      ${repeat(
        v.messages,
        (m) => m.messageId,
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
                rows="1"
                aria-label=${msg('Reply', { id: 'chats.reply' })}
                aria-describedby="reply-hint"
                placeholder=${msg('Write a reply…', { id: 'chats.replyPlaceholder' })}
                @input=${(event: Event) => {
                  grow(event.target as HTMLTextAreaElement);
                  v.onTyping();
                }}
                @keydown=${replyKeydown}
              ></textarea>
              <div class="reply-tools">
                <select
                  class="saved-replies"
                  part="saved-replies"
                  aria-label=${msg('Insert a saved reply', { id: 'chats.savedReplies' })}
                  @change=${insertSaved}
                >
                  <option value="">${msg('Saved replies…', { id: 'chats.savedRepliesChoose' })}</option>
                  ${v.savedReplies.map((r, i) => html`<option value=${i}>${r}</option>`)}
                </select>
                <span id="reply-hint" class="muted small"
                  >${msg('Enter sends · Shift+Enter new line', { id: 'chats.replyHint' })}</span
                >
                <button class="primary" type="submit">${msg('Send', { id: 'chat.send' })}</button>
              </div>
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
