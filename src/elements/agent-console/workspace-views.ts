import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type {
  AgentProfile,
  AgentStatus,
  Conversation,
  QueueState,
  QueueTicket,
} from '../../protocol/frames.js';
import { formatAgentsOnline } from '../../format.js';
import type { Booking } from '../../protocol/booking.js';
import { AGENT_STATUSES } from '../../controllers/agent-session-controller.js';
import type { Waiting } from '../../controllers/agent-alerts-controller.js';
import { formatSince, visitorName } from './console-views.js';

/**
 * The agents' workspace around the call and chat views: the top bar, the list pane (waiting calls
 * and chats with live counters, the agent's own, offline messages, bookings), the help overlay and
 * the sign-in form. They render what they are given and call back for every action.
 */

export function statusLabel(status: AgentStatus): string {
  return {
    online: msg('Online', { id: 'status.online' }),
    busy: msg('Busy', { id: 'status.busy' }),
    offline: msg('Offline', { id: 'status.offline' }),
  }[status];
}

export interface SignInView {
  busy: boolean;
  unavailable: boolean;
  onSubmit(event: SubmitEvent): void;
}

export function renderSignIn(v: SignInView): TemplateResult {
  return html`<div class="sign-in">
    <h2>${msg('Agent sign-in', { id: 'console.signInTitle' })}</h2>
    <form part="sign-in-form" @submit=${v.onSubmit}>
      <label>
        ${msg('Agent id', { id: 'console.agentId' })}
        <input name="agentId" autocomplete="username" required />
      </label>
      <label>
        ${msg('Password', { id: 'console.password' })}
        <input name="password" type="password" autocomplete="current-password" required />
      </label>
      <button type="submit" ?disabled=${v.busy || v.unavailable}>
        ${v.busy ? msg('Signing in…', { id: 'console.signingIn' }) : msg('Sign in', { id: 'console.signIn' })}
      </button>
    </form>
  </div>`;
}

export function queueSummary(queue: QueueState): string {
  const open = queue.isOpen ? msg('open', { id: 'queue.open' }) : msg('closed', { id: 'queue.closed' });
  const agents = formatAgentsOnline(queue.numberOfAgentsOnline);
  return msg(str`${queue.name}: ${open} · ${agents} · ${queue.waiting} waiting`, {
    id: 'console.queueSummary',
  });
}

export interface TopBarView {
  agent: AgentProfile;
  busy: boolean;
  inCall: boolean;
  queueSummary: string;
  muted: boolean;
  notifications: NotificationPermission | 'unsupported';
  onStatusChange(event: Event): void;
  onSignOut(): void;
  onMute(): void;
  onNotifications(): void;
  onHelp(): void;
}

export function renderTopBar(v: TopBarView): TemplateResult {
  const { agent } = v;
  return html`<header class="topbar">
    <div part="profile" class="profile">
      <img src=${agent.profile_photo_url} alt="" width="40" height="40" />
      <div class="who">
        <span class="name">${agent.name}</span>
        <span
          ><span class="dot" data-status=${agent.status} aria-hidden="true"></span>
          ${statusLabel(agent.status)}</span
        >
      </div>
    </div>
    <label class="status-control">
      ${msg('Status', { id: 'console.status' })}
      <select
        name="status"
        .value=${agent.status}
        @change=${v.onStatusChange}
        ?disabled=${v.busy || v.inCall}
      >
        ${AGENT_STATUSES.map((s) => html`<option value=${s} ?selected=${s === agent.status}>${statusLabel(s)}</option>`)}
      </select>
    </label>
    <p part="queue" class="queue" role="status">${v.queueSummary}</p>
    <div class="tools">
      <button
        class="secondary"
        part="mute"
        type="button"
        aria-pressed=${v.muted}
        title=${msg('Mute the ring (m)', { id: 'console.muteHint' })}
        @click=${v.onMute}
      >
        ${v.muted ? msg('Sound off', { id: 'console.soundOff' }) : msg('Sound on', { id: 'console.soundOn' })}
      </button>
      ${
        v.notifications === 'default'
          ? html`<button class="secondary" part="notifications" type="button" @click=${v.onNotifications}>
              ${msg('Enable notifications', { id: 'console.enableNotifications' })}
            </button>`
          : nothing
      }
      <button class="secondary" part="help-button" type="button" @click=${v.onHelp} aria-keyshortcuts="?">
        ${msg('Shortcuts', { id: 'console.shortcuts' })}
      </button>
      <button class="secondary" type="button" @click=${v.onSignOut} ?disabled=${v.busy}>
        ${msg('Sign out', { id: 'console.signOut' })}
      </button>
    </div>
  </header>`;
}

/** A live "waiting 45 s" counter. */
function since(iso: string, now: number, locale: string): TemplateResult {
  return html`<time part="waiting-time" datetime=${iso}>${formatSince(iso, now, locale)}</time>`;
}

/** How many items of a waiting list are rendered: a flooded queue keeps a light DOM (counts stay whole). */
export const LIST_WINDOW = 50;

/** The line under a list cut at LIST_WINDOW, saying how many are not shown. */
function moreItems(total: number): TemplateResult | typeof nothing {
  if (total <= LIST_WINDOW) return nothing;
  const more = total - LIST_WINDOW;
  return html`<li class="more muted small" part="more-waiting">
    ${msg(str`and ${more} more`, { id: 'console.moreWaiting' })}
  </li>`;
}

export interface TicketListView {
  tickets: QueueTicket[];
  now: number;
  locale: string;
  /** Set while the agent cannot take a call (in a call, busy or offline), with why. */
  blocked: string | null;
  onAccept(ticketId?: string): void;
}

export function renderTicketList(v: TicketListView): TemplateResult {
  return html`<section class="tickets" part="tickets" aria-labelledby="tickets-title">
    <div class="row">
      <h3 id="tickets-title">
        ${msg(str`Calls waiting (${v.tickets.length})`, { id: 'console.callsWaiting' })}
      </h3>
      <button
        class="primary small"
        part="accept-next"
        aria-keyshortcuts="a"
        ?disabled=${!v.tickets.length || v.blocked !== null}
        @click=${() => v.onAccept()}
      >
        ${msg('Accept next', { id: 'console.acceptNext' })}
      </button>
    </div>
    ${v.blocked && v.tickets.length ? html`<p class="muted">${v.blocked}</p>` : nothing}
    ${
      v.tickets.length
        ? html`<ol class="ticket-list">
            ${v.tickets.slice(0, LIST_WINDOW).map(
              (t) =>
                html`<li class="ticket" data-ticket-id=${t.ticketId}>
                  <div class="row">
                    <strong>${visitorName(t.data)}</strong>
                    ${since(t.joinedAt, v.now, v.locale)}
                  </div>
                  <span class="muted small">
                    ${t.queueName}
                    ${t.productIds.length ? html` · ${msg(str`${t.productIds.length} products`, { id: 'console.productCount' })}` : nothing}
                    ${t.callAgentId ? html` <span class="chip">${msg('For you', { id: 'console.forYou' })}</span>` : nothing}
                    ${t.priority ? html` <span class="chip">${msg('Priority', { id: 'console.priority' })}</span>` : nothing}
                  </span>
                  <button
                    class="secondary small"
                    ?disabled=${v.blocked !== null}
                    @click=${() => v.onAccept(t.ticketId)}
                  >
                    ${msg('Accept', { id: 'console.accept' })}
                  </button>
                </li>`,
            )}
            ${moreItems(v.tickets.length)}
          </ol>`
        : html`<p class="muted small">${msg('Nobody is waiting.', { id: 'console.nobodyWaiting' })}</p>`
    }
  </section>`;
}

export function conversationLabel(c: Conversation): string {
  return c.visitorInfo.name || c.visitorInfo.email || msg('Visitor', { id: 'console.visitor' });
}

export interface ChatListView {
  conversations: Conversation[];
  selfId: string;
  selectedId: string | null;
  now: number;
  locale: string;
  onSelect(conversationId: string): void;
}

export function renderChatLists(v: ChatListView): TemplateResult {
  const groups: [string, string, Conversation[]][] = [
    [
      'waiting',
      msg('Chats waiting', { id: 'chats.waitingList' }),
      v.conversations.filter((c) => c.status === 'waiting'),
    ],
    [
      'mine',
      msg('My chats', { id: 'chats.mineList' }),
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
        html`<section data-group=${key} aria-label=${label}>
          <h3>${label} (${items.length})</h3>
          <ul>
            ${items.slice(0, LIST_WINDOW).map(
              (c) =>
                html`<li>
                  <button
                    class="conversation ${c.conversationId === v.selectedId ? 'selected' : ''}"
                    data-conversation-id=${c.conversationId}
                    aria-current=${c.conversationId === v.selectedId ? 'true' : 'false'}
                    @click=${() => v.onSelect(c.conversationId)}
                  >
                    <span class="label">${conversationLabel(c)}</span>
                    ${key === 'waiting' ? since(c.createdAt, v.now, v.locale) : nothing}
                  </button>
                </li>`,
            )}
            ${moreItems(items.length)}
          </ul>
        </section>`,
    )}
  </nav>`;
}

export interface BookingsView {
  bookings: Booking[];
  now: number;
  locale: string;
  onCancel(bookingId: string): void;
}

/** Today's bookings first, then the later ones, each with a cancel button. */
export function renderBookings(v: BookingsView): TemplateResult {
  const today = new Date(v.now).toDateString();
  const time = new Intl.DateTimeFormat(v.locale, { hour: '2-digit', minute: '2-digit' });
  const dated = new Intl.DateTimeFormat(v.locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const isToday = (b: Booking) => new Date(b.start).toDateString() === today;
  const item = (b: Booking) =>
    html`<li class="ticket booking" data-booking-id=${b.bookingId} data-status=${b.status}>
      <div class="row">
        <strong>${(isToday(b) ? time : dated).format(new Date(b.start))} · ${b.serviceName}</strong>
      </div>
      <span class="muted small">${b.visitor.name} · ${b.visitor.email} · ${b.visitor.phone}</span>
      ${
        b.status === 'cancelled'
          ? html`<span class="muted small">${msg('Cancelled', { id: 'console.bookingCancelled' })}</span>`
          : html`<button class="secondary small" @click=${() => v.onCancel(b.bookingId)}>
              ${msg('Cancel booking', { id: 'console.cancelBooking' })}
            </button>`
      }
    </li>`;
  const todays = v.bookings.filter(isToday);
  const later = v.bookings.filter((b) => !isToday(b));
  return html`<section class="bookings" part="bookings" aria-labelledby="bookings-title">
    <h3 id="bookings-title">
      ${msg(str`Today's bookings (${todays.length})`, { id: 'console.bookingsToday' })}
    </h3>
    ${
      todays.length
        ? html`<ul class="ticket-list">
            ${todays.map(item)}
          </ul>`
        : nothing
    }
    ${
      later.length
        ? html`<h4>${msg('Later', { id: 'console.bookingsLater' })}</h4>
            <ul class="ticket-list">
              ${later.map(item)}
            </ul>`
        : nothing
    }
    ${v.bookings.length ? nothing : html`<p class="muted small">${msg('No upcoming bookings.', { id: 'console.noBookings' })}</p>`}
  </section>`;
}

/** The saved replies offered when the page sets none. */
export function defaultSavedReplies(): string[] {
  return [
    msg('Hi! How can I help you today?', { id: 'reply.hello' }),
    msg('One moment, please: I am looking into it.', { id: 'reply.moment' }),
    msg('Is there anything else I can help you with?', { id: 'reply.anythingElse' }),
    msg('Thank you for contacting us. Have a nice day!', { id: 'reply.thanks' }),
  ];
}

/** What the alerts tell of waiting calls and chats (ids stable per ticket and conversation). */
export function waitingItems(tickets: QueueTicket[], chats: Conversation[]): Waiting[] {
  return [
    ...tickets.map((t) => ({
      id: `call:${t.ticketId}`,
      title: msg('A visitor waits for a call', { id: 'console.alertCall' }),
      body: `${visitorName(t.data)} · ${t.queueName}`,
    })),
    ...chats.map((c) => ({
      id: `chat:${c.conversationId}`,
      title: msg('A visitor waits in chat', { id: 'console.alertChat' }),
      body: conversationLabel(c),
    })),
  ];
}

/** The work pane with no call and no conversation on screen. */
export function renderWorkEmpty(): TemplateResult {
  return html`<div class="empty">
    <p>${msg('Choose a conversation, or accept the next visitor.', { id: 'chats.chooseOrAccept' })}</p>
    <p class="muted small">${msg('Press ? for keyboard shortcuts.', { id: 'console.pressHelp' })}</p>
  </div>`;
}

export function renderHelp(onClose: () => void): TemplateResult {
  const rows: [string, string][] = [
    ['a', msg('Accept the next visitor (a call first, else a chat)', { id: 'shortcut.accept' })],
    ['e', msg('End the call, or the chat on screen', { id: 'shortcut.end' })],
    ['j', msg('Next open conversation', { id: 'shortcut.next' })],
    ['k', msg('Previous open conversation', { id: 'shortcut.previous' })],
    ['r', msg('Go to the reply box', { id: 'shortcut.reply' })],
    ['m', msg('Mute or unmute the ring', { id: 'shortcut.mute' })],
    ['?', msg('Show or hide these shortcuts', { id: 'shortcut.help' })],
    ['Enter', msg('Send the reply (Shift+Enter: new line)', { id: 'shortcut.send' })],
    ['Esc', msg('Close this help', { id: 'shortcut.escape' })],
  ];
  return html`<div class="help" part="help" role="dialog" aria-labelledby="help-title">
    <div class="row">
      <h2 id="help-title">${msg('Keyboard shortcuts', { id: 'console.shortcutsTitle' })}</h2>
      <button class="secondary small" type="button" @click=${onClose}>
        ${msg('Close', { id: 'dialog.close' })}
      </button>
    </div>
    <dl>
      ${rows.map(
        ([key, text]) =>
          html`<dt><kbd>${key}</kbd></dt>
            <dd>${text}</dd>`,
      )}
    </dl>
  </div>`;
}
