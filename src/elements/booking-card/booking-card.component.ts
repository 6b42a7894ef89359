import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { property } from '../property.js';
import { msg, str } from '@lit/localize';
import { TandemElement } from '../tandem-element.js';
import { toErrorDetail } from '../../errors.js';
import { formatRateLimited } from '../../format.js';
import { dispatchTandemError } from '../../events/tandem-error.js';
import { BookingCreatedEvent } from '../../events/booking-created.js';
import type { Booking } from '../../protocol/booking.js';
import { wordList } from '../../attribute-converters.js';
import type { PhoneNormalizer } from '../../validation/phone.js';
import { bookingIcs, connectLink } from '../../booking/ics.js';
import { tokens, card } from '../../styles/tokens.styles.js';
import { styles } from './booking-card.styles.js';
import { BookingController } from '../../controllers/booking-controller.js';
import { slotDays, timeZones } from '../../booking/slot-days.js';
import { renderSlots } from './booking-card-views.js';

/** `data-state` of the base part. */
export type BookingCardView =
  'connecting' | 'services' | 'slots' | 'details' | 'booking' | 'confirmed' | 'meeting' | 'unavailable';

/**
 * Book a video meeting with an agent for later: a service, a free slot in the visitor's own time
 * zone, name, email and phone; then the confirmation with an `.ics` file and the connect link that
 * starts the call with that agent at the booked time. On a page opened from a connect link it shows
 * that meeting (and whether it was cancelled).
 *
 * @tagname booking-card
 * @summary Book a meeting with an agent for later, and see a booked meeting.
 *
 * @fires booking-created - The visitor booked a meeting. `detail`: `{booking, connectLink}`.
 * @fires error - A slot that has just gone (`conflict`), an invalid email or phone (`invalid-argument`), an unknown service, an unreachable hub, too many bookings for now (`rate-limited`, with `retryAfter` in seconds; the card says when to try again). `detail`: `{code, message, retryAfter?}`. Does not bubble.
 * @fires tandem-error - The same error, with the same `detail`, bubbling and composed: typed as Tandem's `TandemErrorEvent` where `error` is DOM's `ErrorEvent`.
 *
 * @csspart base - The card; `data-state` is `connecting`, `services`, `slots`, `details`, `booking`, `confirmed`, `meeting` or `unavailable`.
 * @csspart services - The list of booking services.
 * @csspart days - The days with free times: a radio group, arrow keys move between days.
 * @csspart day - One day's button; `aria-checked` on the chosen one, `data-day` is `YYYY-MM-DD`.
 * @csspart slots - The chosen day's free times, grouped into morning, afternoon and evening.
 * @csspart slot - One free slot's button.
 * @csspart time-zone - The time zone the times are shown in; the visitor's own by default.
 * @csspart form - Name, email and phone.
 * @csspart confirmation - The booked meeting: time, agent, calendar file and connect link.
 * @csspart notice - A message about what went wrong.
 */
export class BookingCard extends TandemElement {
  static override styles = [tokens, card, styles];

  /** Only these published services (001's `bookingServiceIds`), space- or comma-separated. */
  @property({ attribute: 'booking-service-ids', converter: wordList }) bookingServiceIds: string[] = [];

  /** Only this resource, an agent (001's `bookingResourceId`; also the `bookingResourceId` URL parameter). */
  @property({ attribute: 'booking-resource-id' }) bookingResourceId = '';

  /** The page the connect link opens (default: this page). */
  @property({ attribute: 'connect-page' }) connectPage = '';

  /** The page's own phone normalisation: returns null for an invalid number. */
  @property({ attribute: false }) normalizePhoneNumber: PhoneNormalizer | null = null;

  @state() private notice = '';
  /** The time zone times are shown (and the booking is made) in: the visitor's own until they pick one. */
  @state() private timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  /** The day whose times show (`YYYY-MM-DD` in `timeZone`); null for the first day with free times. */
  @state() private dayKey: string | null = null;

  private readonly ownTimeZone = this.timeZone;

  private readonly flow = new BookingController(this, this.hub, {
    serviceIds: () => this.bookingServiceIds,
    resourceId: () =>
      this.bookingResourceId || new URLSearchParams(location.search).get('bookingResourceId') || undefined,
    connectId: () => this.connectIdFromUrl(),
    timeZone: () => this.timeZone,
    locale: () => this.localeController.locale,
    normalizePhoneNumber: () => this.normalizePhoneNumber,
    onError: (error, shown) => this.fail(error, shown),
    onCreated: (booking) =>
      this.dispatchEvent(new BookingCreatedEvent({ booking, connectLink: this.link(booking) })),
    text: {
      // Built outside render: in this card's own locale, whatever other widgets on the page speak.
      taken: () =>
        this.localeController.run(() =>
          msg('That time has just been booked: please pick another.', { id: 'booking.taken' }),
        ),
      badEmail: () =>
        this.localeController.run(() => msg('Please check the email address.', { id: 'booking.badEmail' })),
      badPhone: () =>
        this.localeController.run(() => msg('Please check the phone number.', { id: 'booking.badPhone' })),
      rateLimited: (seconds) => this.localeController.run(() => formatRateLimited(seconds)),
    },
  });

  /** Back to the list of services. */
  reset(): void {
    this.flow.reset();
    this.notice = '';
    this.dayKey = null;
  }

  private get view(): BookingCardView {
    const connection = this.hub.connection.kind;
    const { booking, chosenSlot, service, services, busy } = this.flow;
    if (connection === 'unavailable') return 'unavailable';
    if (booking) return booking.connectId === this.connectIdFromUrl() ? 'meeting' : 'confirmed';
    if (busy && chosenSlot) return 'booking';
    if (chosenSlot) return 'details';
    if (service) return 'slots';
    if (services) return 'services';
    return 'connecting';
  }

  private connectIdFromUrl(): string | null {
    return new URLSearchParams(location.search).get('bambuserConnectId');
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const name = String(data.get('name') ?? '').trim();
    const email = String(data.get('email') ?? '').trim();
    const phone = String(data.get('phone') ?? '').trim();
    if (this.flow.book({ name, email, phone })) this.notice = '';
  }

  private link(booking: Booking): string {
    return connectLink(booking.connectId, this.connectPage || location.href);
  }

  private fail(error: unknown, shown?: string): void {
    const detail = toErrorDetail(error);
    this.notice = shown ?? detail.message;
    dispatchTandemError(this, detail);
  }

  private formatTime(iso: string, withDay = true): string {
    return new Intl.DateTimeFormat(this.localeController.locale, {
      ...(withDay ? { weekday: 'long', day: 'numeric', month: 'long' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      timeZone: this.timeZone,
    }).format(new Date(iso));
  }

  private renderServices(): TemplateResult {
    const services = this.flow.services ?? [];
    return html`<ul class="services" part="services">
      ${services.map(
        (s) =>
          html`<li>
            <button class="service" @click=${() => this.flow.chooseService(s)}>
              <strong>${s.name}</strong>
              <small>${msg(str`${s.durationMinutes} minutes`, { id: 'booking.minutes' })}</small>
            </button>
          </li>`,
      )}
    </ul>`;
  }

  private renderSlots(): TemplateResult {
    return renderSlots({
      serviceName: this.flow.service?.name ?? '',
      days: slotDays(this.flow.slots, this.timeZone),
      dayKey: this.dayKey,
      loading: this.flow.busy,
      locale: this.localeController.locale,
      timeZone: this.timeZone,
      timeZones: timeZones(this.ownTimeZone),
      onBack: () => this.reset(),
      onDay: (key, focus) => {
        this.dayKey = key;
        if (focus) {
          void this.updateComplete.then(() =>
            this.renderRoot.querySelector<HTMLElement>(`[part~="day"][data-day="${key}"]`)?.focus(),
          );
        }
      },
      onSlot: (slot) => this.flow.chooseSlot(slot),
      onTimeZone: (zone) => (this.timeZone = zone),
    });
  }

  private renderDetails(): TemplateResult {
    const slot = this.flow.chosenSlot!;
    const busy = this.flow.busy;
    return html`<div class="row">
        <button @click=${() => this.flow.chooseSlot(null)}>${msg('Back', { id: 'booking.back' })}</button>
        <strong>${this.formatTime(slot.start)} · ${slot.agentName}</strong>
      </div>
      <form part="form" @submit=${this.submit}>
        <label>${msg('Name', { id: 'chat.name' })}<input name="name" autocomplete="name" required /></label>
        <label
          >${msg('Email', { id: 'chat.email' })}<input
            name="email"
            type="email"
            autocomplete="email"
            required
        /></label>
        <label
          >${msg('Phone', { id: 'booking.phone' })}<input name="phone" type="tel" autocomplete="tel" required
        /></label>
        <button class="primary" type="submit" ?disabled=${busy}>
          ${busy ? msg('Booking…', { id: 'booking.booking' }) : msg('Book', { id: 'booking.book' })}
        </button>
      </form>`;
  }

  private renderBooking(booking: Booking, fromLink: boolean): TemplateResult {
    const link = this.link(booking);
    const title = msg(str`${booking.serviceName} with ${booking.agent.name}`, { id: 'booking.eventTitle' });
    const ics = `data:text/calendar;charset=utf-8,${encodeURIComponent(bookingIcs(booking, link, title))}`;
    const cancelled = booking.status === 'cancelled';
    return html`<div part="confirmation" role="status" data-status=${booking.status}>
      <p>
        <strong>
          ${
            cancelled
              ? msg('This meeting was cancelled.', { id: 'booking.cancelled' })
              : fromLink
                ? msg('Your meeting', { id: 'booking.yourMeeting' })
                : msg('You are booked!', { id: 'booking.confirmed' })
          }
        </strong>
      </p>
      <div class="agent">
        <img src=${booking.agent.profile_photo_url} alt="" width="40" height="40" />
        <span>${title}<br />${this.formatTime(booking.start)}</span>
      </div>
      ${
        cancelled
          ? nothing
          : html`<div class="row">
                <a href=${ics} download="meeting.ics"
                  >${msg('Add to calendar (.ics)', { id: 'booking.ics' })}</a
                >
              </div>
              ${
                fromLink
                  ? nothing
                  : html`<p>
                      ${msg('Join from this link at the booked time:', { id: 'booking.linkIntro' })}
                      <a href=${link} data-connect-link>${link}</a>
                    </p>`
              }`
      }
    </div>`;
  }

  override render(): TemplateResult {
    const view = this.view;
    const body =
      view === 'services'
        ? this.renderServices()
        : view === 'slots'
          ? this.renderSlots()
          : view === 'details' || view === 'booking'
            ? this.renderDetails()
            : (view === 'confirmed' || view === 'meeting') && this.flow.booking
              ? this.renderBooking(this.flow.booking, view === 'meeting')
              : html`<p class="status" role="status">
                  ${
                    view === 'unavailable'
                      ? msg('Booking is not available right now.', { id: 'booking.unavailable' })
                      : msg('Connecting…', { id: 'status.connecting' })
                  }
                </p>`;
    return html`<section
      part="base"
      class="card"
      data-state=${view}
      aria-labelledby="title"
      aria-busy=${this.flow.busy}
    >
      <h2 id="title">${msg('Book a meeting', { id: 'booking.title' })}</h2>
      ${body}
      <p class="notice" part="notice" role="alert">${this.notice}</p>
    </section>`;
  }
}
