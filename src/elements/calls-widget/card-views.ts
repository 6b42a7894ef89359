import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { CallAgent, QueueState, Ticket } from '../../protocol/frames.js';
import { waitingTimeOf } from '../../controllers/queue-events-controller.js';
import { formatAgentsOnline, formatInstant, formatWaitingTime } from '../../format.js';

/**
 * The calls widget's card: its state, status line and markup. Apart from the dialog's views because
 * the CDN launcher draws the card alone, before the rest of the widget loads.
 */

/** What the widget's card shows: `data-state` of its base part. */
export type CallsWidgetView = 'connecting' | 'open' | 'closed' | 'unavailable';

/** The card's state from the connection and the queue's state. */
export function cardView(unavailable: boolean, state: QueueState | null): CallsWidgetView {
  if (unavailable) return 'unavailable';
  if (!state) return 'connecting';
  return state.isOpen ? 'open' : 'closed';
}

/** The card's live status line (also the start screen's). */
export function statusText(
  view: CallsWidgetView,
  state: QueueState | null,
  locale: string,
  ticket: Ticket | null = null,
): string {
  if (view === 'unavailable')
    return msg('Video calls are not available right now.', { id: 'calls.unavailable' });
  if (view === 'connecting' || !state) return msg('Connecting…', { id: 'status.connecting' });
  if (view === 'closed') {
    if (!state.nextOpenTime) return msg('Closed', { id: 'calls.closed' });
    const opens = formatInstant(state.nextOpenTime, locale);
    return msg(str`Closed · opens ${opens}`, { id: 'calls.closedUntil' });
  }
  if (state.estimatedWaitingTime === null) {
    return msg('Open · nobody is online right now', { id: 'calls.openNobodyOnline' });
  }
  // One figure everywhere: while the visitor waits, their own ticket's (as the dialog shows), not the
  // queue's estimate for whoever joins next.
  const { estimatedWaitingTime } = waitingTimeOf(state, ticket);
  const wait = formatWaitingTime(estimatedWaitingTime ?? state.estimatedWaitingTime, locale);
  return msg(str`Open · estimated wait ${wait}`, { id: 'calls.openWait' });
}

export interface CardView {
  view: CallsWidgetView;
  themeId: string;
  heading: string;
  /** The queue's name, which tells two widgets of one page apart for screen readers. */
  queueName: string | null;
  status: string;
  agents: readonly CallAgent[];
  agentCount: number | null;
  callActive: boolean;
  onOpen(): void;
}

export function renderCard(v: CardView): TemplateResult {
  const shown = v.agents.slice(0, 4);
  const agentsHidden = v.view === 'connecting' || v.view === 'unavailable' || v.agentCount === null;
  return html`<section
    part="base"
    class="card"
    data-state=${v.view}
    data-theme=${v.themeId || 'light'}
    aria-label=${v.queueName ? `${v.heading} · ${v.queueName}` : v.heading}
    aria-busy=${v.view === 'connecting'}
  >
    <h2 id="title" part="title">
      <span class="dot ${v.view === 'connecting' ? 'pulse' : ''}" aria-hidden="true"></span>
      ${v.heading}
    </h2>
    <p part="status" class="status" role="status">${v.status}</p>
    <div part="agents" class="agents" ?hidden=${agentsHidden}>
      ${
        shown.length
          ? html`<ul class="avatars" aria-hidden="true">
              ${shown.map((a) => html`<li><img src=${a.profile_photo_url} alt="" width="36" height="36" /></li>`)}
            </ul>`
          : nothing
      }
      <span part="agents-online">${formatAgentsOnline(v.agentCount ?? 0)}</span>
    </div>
    <button
      part="open-button"
      class="primary"
      @click=${v.onOpen}
      ?disabled=${v.view === 'unavailable' || v.view === 'connecting'}
      aria-haspopup="dialog"
    >
      ${v.callActive ? msg('Back to your call', { id: 'call.back' }) : msg('Talk to us by video', { id: 'call.open' })}
    </button>
  </section>`;
}
