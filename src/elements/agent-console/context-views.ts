import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { CallInfo, Conversation, QueueTicket } from '../../protocol/frames.js';
import type { Booking } from '../../protocol/booking.js';
import { renderDetails, visitorName } from './console-views.js';
import { conversationDetails } from './chat-views.js';
import { conversationLabel } from './workspace-views.js';

/**
 * The context pane: who the agent is talking to. In a call, the visitor's data, tracking tags and
 * products, and the product panel (what the visitor sees, their cart, the page they are on); for the
 * conversation on screen, what the visitor and `>cs` commands told (with the widget preset); idle, the
 * next visitor in line. Below, earlier conversations and bookings of the same visitor (by email).
 */
export interface ContextView {
  call: CallInfo | null;
  /** The product panel of the call (video commerce). */
  commerce: TemplateResult | typeof nothing;
  conversation: Conversation | null;
  next: QueueTicket | null;
  earlierConversations: Conversation[];
  earlierBookings: Booking[];
  locale: string;
  onOpenConversation(conversationId: string): void;
}

function emailOf(data: Record<string, unknown>): string {
  return typeof data.email === 'string' ? data.email : '';
}

/** The visitor's email in the call, or in the conversation on screen: what earlier contacts are found by. */
export function contextEmail(call: CallInfo | null, conversation: Conversation | null): string {
  return (call ? emailOf(call.data) : '') || conversation?.visitorInfo.email || '';
}

export function renderContextPane(v: ContextView): TemplateResult {
  const date = new Intl.DateTimeFormat(v.locale, { dateStyle: 'medium', timeStyle: 'short' });
  const details = v.conversation ? conversationDetails(v.conversation) : [];
  const history = v.earlierConversations.length || v.earlierBookings.length;
  return html`<section class="context-pane" aria-label=${msg('Visitor', { id: 'console.visitorPane' })}>
    ${
      v.call
        ? html`<section class="context-card" aria-labelledby="ctx-call">
            <h3 id="ctx-call">
              ${msg(str`In the call: ${visitorName(v.call.data)}`, { id: 'console.ctxCall' })}
            </h3>
            ${renderDetails(v.call.data, v.call.trackingTags, v.call.productIds)} ${v.commerce}
          </section>`
        : nothing
    }
    ${
      v.conversation
        ? html`<section class="context-card" aria-labelledby="ctx-chat">
            <h3 id="ctx-chat">
              ${msg(str`In the chat: ${conversationLabel(v.conversation)}`, { id: 'console.ctxChat' })}
            </h3>
            ${
              details.length
                ? html`<dl class="details" part="chat-details">
                    ${details.map(
                      ([k, val]) =>
                        html`<dt>${k}</dt>
                          <dd>${val}</dd>`,
                    )}
                  </dl>`
                : html`<p class="muted small">
                    ${msg('The visitor told nothing yet.', { id: 'console.toldNothing' })}
                  </p>`
            }
          </section>`
        : nothing
    }
    ${
      !v.call && !v.conversation && v.next
        ? html`<section class="context-card" aria-labelledby="ctx-next">
            <h3 id="ctx-next">
              ${msg(str`Next in line: ${visitorName(v.next.data)}`, { id: 'console.ctxNext' })}
            </h3>
            ${renderDetails(v.next.data, v.next.trackingTags, v.next.productIds)}
          </section>`
        : nothing
    }
    ${
      !v.call && !v.conversation && !v.next
        ? html`<p class="muted empty">
            ${msg('The visitor you talk to shows here: their data, tags, products and page.', { id: 'console.ctxEmpty' })}
          </p>`
        : nothing
    }
    ${
      history
        ? html`<section class="context-card" part="history" aria-labelledby="ctx-history">
            <h3 id="ctx-history">${msg('Earlier with this visitor', { id: 'console.ctxHistory' })}</h3>
            <ul class="plain">
              ${v.earlierConversations.map(
                (c) =>
                  html`<li>
                    <button class="link" @click=${() => v.onOpenConversation(c.conversationId)}>
                      ${msg(str`Chat, ${date.format(new Date(c.createdAt))}`, { id: 'console.ctxEarlierChat' })}
                    </button>
                    <span class="muted small">${c.status}</span>
                  </li>`,
              )}
              ${v.earlierBookings.map(
                (b) =>
                  html`<li>
                    ${msg(str`Booking: ${b.serviceName}, ${date.format(new Date(b.start))}`, { id: 'console.ctxEarlierBooking' })}
                    <span class="muted small">${b.status}</span>
                  </li>`,
              )}
            </ul>
          </section>`
        : nothing
    }
  </section>`;
}
