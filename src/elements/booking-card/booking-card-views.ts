import { html, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { BookingSlot } from '../../protocol/booking.js';
import type { DayPart, SlotDay } from '../../booking/slot-days.js';

/**
 * The booking card's time picker: the days with free times (a row of day buttons, arrow keys move
 * between them), the chosen day's times grouped into morning, afternoon and evening, and the time
 * zone they are shown in, which the visitor can change. The other days' times stay in the DOM,
 * hidden (out of sight and of the accessibility tree), so scripts find every free slot.
 */
export interface SlotsView {
  serviceName: string;
  days: SlotDay[];
  /** The chosen day's key; the first day when it is not among `days`. */
  dayKey: string | null;
  loading: boolean;
  locale: string;
  timeZone: string;
  timeZones: string[];
  onBack(): void;
  onDay(key: string, focus: boolean): void;
  onSlot(slot: BookingSlot): void;
  onTimeZone(zone: string): void;
}

function partLabel(part: DayPart): string {
  return {
    morning: msg('Morning', { id: 'booking.morning' }),
    afternoon: msg('Afternoon', { id: 'booking.afternoon' }),
    evening: msg('Evening', { id: 'booking.evening' }),
  }[part];
}

export function renderSlots(v: SlotsView): TemplateResult {
  // Day labels are formatted from each day's noon in UTC: the date itself, in any time zone.
  const dayName = new Intl.DateTimeFormat(v.locale, { weekday: 'short', timeZone: 'UTC' });
  const dayDate = new Intl.DateTimeFormat(v.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const dayLong = new Intl.DateTimeFormat(v.locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  });
  const time = new Intl.DateTimeFormat(v.locale, {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: v.timeZone,
  });
  const day = v.days.find((d) => d.key === v.dayKey) ?? v.days[0] ?? null;
  const index = day ? v.days.indexOf(day) : -1;
  const onDayKey = (event: KeyboardEvent) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    const to =
      event.key === 'Home' ? 0 : event.key === 'End' ? v.days.length - 1 : step ? index + step : null;
    if (to === null || to < 0 || to >= v.days.length) return;
    event.preventDefault();
    v.onDay(v.days[to]!.key, true);
  };
  return html`<div class="row">
      <button @click=${v.onBack}>${msg('Back', { id: 'booking.back' })}</button>
      <strong>${v.serviceName}</strong>
    </div>
    <label class="zone">
      ${msg('Times shown in', { id: 'booking.zoneLabel' })}
      <select part="time-zone" @change=${(e: Event) => v.onTimeZone((e.target as HTMLSelectElement).value)}>
        ${v.timeZones.map((z) => html`<option value=${z} ?selected=${z === v.timeZone}>${z.replaceAll('_', ' ')}</option>`)}
      </select>
    </label>
    ${
      v.loading
        ? html`<p role="status">${msg('Finding free times…', { id: 'booking.loading' })}</p>`
        : day
          ? html`<div
                class="day-picker"
                part="days"
                role="radiogroup"
                aria-label=${msg('Day', { id: 'booking.day' })}
                @keydown=${onDayKey}
              >
                ${v.days.map(
                  (d) =>
                    html`<button
                      part="day"
                      role="radio"
                      data-day=${d.key}
                      aria-checked=${d === day ? 'true' : 'false'}
                      tabindex=${d === day ? '0' : '-1'}
                      aria-label=${`${dayLong.format(d.noon)}, ${msg(str`${d.slots.length} free times`, { id: 'booking.freeCount' })}`}
                      @click=${() => v.onDay(d.key, false)}
                    >
                      <span class="weekday">${dayName.format(d.noon)}</span>
                      <span class="date">${dayDate.format(d.noon)}</span>
                    </button>`,
                )}
              </div>
              <div class="days" part="slots">
                ${v.days.map(
                  (d) =>
                    html`<section class="day" aria-labelledby=${`day-${d.key}`} ?hidden=${d !== day}>
                      <h3 id=${`day-${d.key}`}>${dayLong.format(d.noon)}</h3>
                      ${d.parts.map(
                        (p) =>
                          html`<section class="day-part" aria-label=${partLabel(p.part)}>
                            <h4>${partLabel(p.part)}</h4>
                            <ul class="times">
                              ${p.slots.map(
                                (slot) =>
                                  html`<li>
                                    <button
                                      class="slot"
                                      part="slot"
                                      data-start=${slot.start}
                                      data-agent-id=${slot.agentId}
                                      @click=${() => v.onSlot(slot)}
                                      aria-label=${`${dayLong.format(d.noon)} ${time.format(new Date(slot.start))}, ${slot.agentName}`}
                                    >
                                      <span class="time">${time.format(new Date(slot.start))}</span>
                                      <span class="who">${slot.agentName}</span>
                                    </button>
                                  </li>`,
                              )}
                            </ul>
                          </section>`,
                      )}
                    </section>`,
                )}
              </div>`
          : html`<p>${msg('No free times in the next two weeks.', { id: 'booking.noSlots' })}</p>`
    }`;
}
