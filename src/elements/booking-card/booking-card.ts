import { html, type TemplateResult } from 'lit';
import { localized, msg } from '@lit/localize';
import { TandemElement } from '../tandem-element.js';
import { defineElement } from '../../define.js';
import { tokens, card } from '../../styles/tokens.styles.js';
import { styles } from './booking-card.styles.js';

/** `data-state` of the base part. */
export type BookingCardView = 'connecting' | 'ready' | 'unavailable';

/**
 * Book a video meeting with an agent for later. This release renders its idle state.
 *
 * @tagname booking-card
 * @summary Book a meeting with an agent for later (idle state).
 *
 * @fires error - The card cannot reach its hub or org. `detail`: `{code, message}`. Does not bubble.
 *
 * @csspart base - The card; `data-state` is `connecting`, `ready` or `unavailable`.
 * @csspart status - The status line.
 */
@localized()
export class BookingCard extends TandemElement {
  static override styles = [tokens, card, styles];

  private get view(): BookingCardView {
    const kind = this.hub.connection.kind;
    return kind === 'ready' ? 'ready' : kind;
  }

  override render(): TemplateResult {
    const view = this.view;
    const status = {
      connecting: msg('Connecting…', { id: 'status.connecting' }),
      ready: msg('Pick a time that suits you to meet one of our experts by video.', { id: 'booking.ready' }),
      unavailable: msg('Booking is not available right now.', { id: 'booking.unavailable' }),
    }[view];
    return html`<section part="base" class="card" data-state=${view} aria-labelledby="title">
      <h2 id="title">${msg('Book a meeting', { id: 'booking.title' })}</h2>
      <p part="status" class="status" role="status">${status}</p>
    </section>`;
  }
}

defineElement('booking-card', BookingCard);

declare global {
  interface HTMLElementTagNameMap {
    'booking-card': BookingCard;
  }
}
