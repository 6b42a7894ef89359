import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { Conversation } from '../../protocol/frames.js';
import type { ChatStatusWord } from '../../events/chat-events.js';
import type { ShownMessage } from '../../controllers/visitor-chat-controller.js';
import { linkify } from '../../chat/linkify.js';

/**
 * The views of the chat widget's window. They render what they are given and call back for every
 * action; all state lives in the element and its controllers.
 */

/** The line under the window's title: who answers, or whether anybody can. */
export function chatStatusText(
  unavailable: boolean,
  conversation: Conversation | null,
  status: ChatStatusWord,
): string {
  if (unavailable) return msg('Chat is not available right now.', { id: 'chat.unavailable' });
  if (conversation?.status === 'active' && conversation.agent) {
    return msg(str`${conversation.agent.name} is here to help`, { id: 'chat.withAgent' });
  }
  if (conversation?.status === 'waiting') return msg('Waiting for an agent…', { id: 'chat.waiting' });
  return {
    online: msg('We are online and happy to help.', { id: 'chat.online' }),
    busy: msg('All our agents are busy; we answer as soon as we can.', { id: 'chat.busy' }),
    offline: msg('We are offline right now.', { id: 'chat.offline' }),
  }[status];
}

export function renderChatMessage(m: ShownMessage, locale: string): TemplateResult {
  const time = m.sentAt
    ? new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(m.sentAt))
    : '';
  const stateLabel =
    m.state === 'sending'
      ? msg('Sending…', { id: 'chat.sending' })
      : m.state === 'delivered'
        ? msg('Delivered', { id: 'chat.delivered' })
        : m.state === 'read'
          ? msg('Read', { id: 'chat.read' })
          : '';
  return html`<div
    part="message"
    class="msg ${m.from}"
    data-from=${m.from}
    data-state=${m.state ?? nothing}
    data-message-id=${m.messageId}
  >
    ${m.from === 'agent' && m.agentName ? html`<span class="author">${m.agentName}</span>` : nothing}
    <span class="text" part="message-text"
      >${linkify(m.text).map((part) =>
        part.kind === 'link'
          ? html`<a href=${part.href} target="_blank" rel="noopener noreferrer">${part.text}</a>`
          : part.text,
      )}</span
    >
    ${time || stateLabel ? html`<span class="meta">${time}${time && stateLabel ? ' · ' : ''}${stateLabel}</span>` : nothing}
  </div>`;
}

export interface OfflineFormView {
  sent: boolean;
  /** What the visitor told already (`setVisitorInfo`), to prefill. */
  name: string;
  email: string;
  onSubmit(event: SubmitEvent): void;
}

export function renderOfflineForm(v: OfflineFormView): TemplateResult {
  if (v.sent) {
    return html`<div class="offline-form" part="offline-form" role="status">
      <p>
        ${msg('Thank you! We will answer by email as soon as we are back.', { id: 'chat.offlineThanks' })}
      </p>
    </div>`;
  }
  return html`<form class="offline-form" part="offline-form" @submit=${v.onSubmit}>
    <p class="muted">
      ${msg('Nobody is online. Leave a message and we will answer by email.', { id: 'chat.offlineIntro' })}
    </p>
    <label
      >${msg('Name', { id: 'chat.name' })}<input name="name" autocomplete="name" required .value=${v.name}
    /></label>
    <label
      >${msg('Email', { id: 'chat.email' })}<input
        name="email"
        type="email"
        autocomplete="email"
        required
        .value=${v.email}
    /></label>
    <label
      >${msg('Message', { id: 'chat.message' })}<textarea name="text" rows="4" required></textarea>
    </label>
    <button class="primary" type="submit">${msg('Send', { id: 'chat.send' })}</button>
  </form>`;
}

export interface ConversationView {
  messages: ShownMessage[];
  agentTyping: boolean;
  ended: boolean;
  draft: string;
  locale: string;
  onInput(event: Event): void;
  onKeydown(event: KeyboardEvent): void;
  onSubmit(event: Event): void;
}

export function renderConversation(v: ConversationView): TemplateResult {
  return html`<div
      class="log"
      part="log"
      role="log"
      aria-live="polite"
      aria-label=${msg('Messages', { id: 'chat.messages' })}
    >
      ${v.messages.map((m) => renderChatMessage(m, v.locale))}
      ${v.agentTyping ? html`<div class="typing" part="typing">${msg('Typing…', { id: 'chat.typing' })}</div>` : nothing}
      ${v.ended ? html`<div class="msg system">${msg('The chat has ended.', { id: 'chat.ended' })}</div>` : nothing}
    </div>
    <form class="compose" @submit=${v.onSubmit}>
      <textarea
        part="input"
        rows="1"
        aria-label=${msg('Your message', { id: 'chat.yourMessage' })}
        placeholder=${msg('Write a message…', { id: 'chat.placeholder' })}
        .value=${v.draft}
        @input=${v.onInput}
        @keydown=${v.onKeydown}
      ></textarea>
      <button part="send" class="send" type="submit" ?disabled=${!v.draft.trim()}>
        ${msg('Send', { id: 'chat.send' })}
      </button>
    </form>`;
}

export interface ChatWindowView {
  status: ChatStatusWord;
  statusText: string;
  embedded: boolean;
  minimized: boolean;
  /** The conversation or the offline form. */
  body: TemplateResult;
  notice: string;
  onMaximize(): void;
  onMinimize(): void;
  onClose(): void;
}

export function renderChatWindow(v: ChatWindowView): TemplateResult {
  return html`<section
    part="window"
    class="window ${v.minimized ? 'minimized' : ''}"
    aria-labelledby="chat-title"
  >
    <header>
      <span class="dot" data-status=${v.status} aria-hidden="true"></span>
      <div class="who">
        <h2 id="chat-title">${msg('Chat with us', { id: 'chat.title' })}</h2>
        <p class="status muted" role="status">${v.statusText}</p>
      </div>
      ${
        v.embedded
          ? nothing
          : html`${
                v.minimized
                  ? html`<button
                      class="icon"
                      @click=${v.onMaximize}
                      aria-label=${msg('Maximise', { id: 'chat.maximise' })}
                      title=${msg('Maximise', { id: 'chat.maximise' })}
                    >
                      <span aria-hidden="true">▴</span>
                    </button>`
                  : html`<button
                      class="icon"
                      @click=${v.onMinimize}
                      aria-label=${msg('Minimise', { id: 'call.minimise' })}
                      title=${msg('Minimise', { id: 'call.minimise' })}
                    >
                      <span aria-hidden="true">▾</span>
                    </button>`
              }
              <button
                class="icon"
                @click=${v.onClose}
                aria-label=${msg('Close', { id: 'dialog.close' })}
                title=${msg('Close', { id: 'dialog.close' })}
              >
                <span aria-hidden="true">×</span>
              </button>`
      }
    </header>
    ${v.minimized ? nothing : v.body}
    ${v.notice && !v.minimized ? html`<p class="muted notice" role="alert">${v.notice}</p>` : nothing}
  </section>`;
}
