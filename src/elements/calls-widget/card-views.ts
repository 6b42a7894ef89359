import { msg, str } from '@lit/localize';
import type { CallAgent, QueueState, Ticket } from '../../protocol/frames.js';
import { waitingTimeOf } from '../../controllers/queue-events-controller.js';
import { formatAgentsOnline, formatInstant, formatWaitingTime } from '../../format.js';
import { element, setText, type DomView } from '../dom-view.js';

/**
 * The calls widget's card: its state, status line and markup. Apart from the dialog's views, and
 * without Lit, because the CDN launcher draws the card alone, before the rest of the widget loads.
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

/**
 * The card's DOM, without Lit (dom-view.ts): the CDN launcher draws it before the widget loads, the
 * widget hosts it through `viewPart`. Texts are set as text; the avatars are rebuilt only when the
 * agents shown change.
 */
export function createCard(): DomView<CardView> {
  let onOpen = (): void => undefined;
  const dot = element('span', { class: 'dot', 'aria-hidden': 'true' });
  const heading = document.createTextNode('');
  const status = element('p', { part: 'status', class: 'status', role: 'status' });
  const online = element('span', { part: 'agents-online' });
  const agents = element('div', { part: 'agents', class: 'agents' }, online);
  const button = element('button', { part: 'open-button', class: 'primary', 'aria-haspopup': 'dialog' });
  button.addEventListener('click', () => onOpen());
  const node = element(
    'section',
    { part: 'base', class: 'card' },
    element('h2', { id: 'title', part: 'title' }, dot, heading),
    status,
    agents,
    button,
  );
  let avatars: HTMLUListElement | null = null;
  let avatarUrls = '';

  return {
    node,
    update(v) {
      onOpen = v.onOpen;
      const connecting = v.view === 'connecting';
      node.dataset['state'] = v.view;
      node.dataset['theme'] = v.themeId || 'light';
      node.setAttribute('aria-label', v.queueName ? `${v.heading} · ${v.queueName}` : v.heading);
      node.setAttribute('aria-busy', String(connecting));
      dot.classList.toggle('pulse', connecting);
      setText(heading, v.heading);
      setText(status, v.status);
      agents.hidden = connecting || v.view === 'unavailable' || v.agentCount === null;
      const shown = v.agents.slice(0, 4).map((a) => a.profile_photo_url);
      if (shown.join(' ') !== avatarUrls) {
        avatarUrls = shown.join(' ');
        avatars?.remove();
        avatars = shown.length
          ? element(
              'ul',
              { class: 'avatars', 'aria-hidden': 'true' },
              ...shown.map((src) =>
                element('li', {}, element('img', { src, alt: '', width: '36', height: '36' })),
              ),
            )
          : null;
        if (avatars) online.before(avatars);
      }
      setText(online, formatAgentsOnline(v.agentCount ?? 0));
      button.disabled = connecting || v.view === 'unavailable';
      setText(
        button,
        v.callActive
          ? msg('Back to your call', { id: 'call.back' })
          : msg('Talk to us by video', { id: 'call.open' }),
      );
    },
  };
}
