import { html, nothing, type TemplateResult } from 'lit';
import { styleProperties } from '../../styles/style-properties.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { msg, str } from '@lit/localize';
import type { CallAgent, QueueState } from '../../protocol/frames.js';
import type { Booking } from '../../protocol/booking.js';
import type { MinimizedWidgetStyle } from '../../call/call-types.js';
import type { LocalMedia } from '../../call/local-media.js';
import type { MeetingTiming } from '../../controllers/meeting-controller.js';
import { formatInstant } from '../../format.js';

export * from './card-views.js';

/**
 * The calls widget's card, its call controls, the minimised player and the booking and meeting
 * views. Like `call-views.ts`, they render what they are given and call back for every action.
 */

/** The dialog header's button: minimise while a call runs, else close. */
export function renderHeaderButton(
  callActive: boolean,
  onMinimize: () => void,
  onClose: () => void,
): TemplateResult {
  return callActive
    ? html`<button
        class="icon"
        @click=${onMinimize}
        aria-label=${msg('Minimise', { id: 'call.minimise' })}
        title=${msg('Minimise', { id: 'call.minimise' })}
      >
        <span aria-hidden="true">–</span>
      </button>`
    : html`<button
        class="icon"
        @click=${onClose}
        aria-label=${msg('Close', { id: 'dialog.close' })}
        title=${msg('Close', { id: 'dialog.close' })}
      >
        <span aria-hidden="true">×</span>
      </button>`;
}

/** Why the drop-in button is off (not connected yet, closed queue), or null when it is on. */
export function dropInBlocked(state: QueueState | null, locale: string, unavailable = false): string | null {
  if (unavailable) return msg('Video calls are not available right now.', { id: 'calls.unavailable' });
  if (!state) return msg('Connecting…', { id: 'status.connecting' });
  if (state.isOpen) return null;
  const opens = state.nextOpenTime ? formatInstant(state.nextOpenTime, locale) : null;
  return opens
    ? msg(str`We are closed. We open ${opens}.`, { id: 'call.closedOpens' })
    : msg('We are closed.', { id: 'call.closedNow' });
}

/** The visitor's own camera preview, or nothing without a camera or when joining receive-only. */
export function renderPreview(media: LocalMedia, receiveOnly: boolean): TemplateResult {
  if (!media.hasVideo || receiveOnly) return html``;
  return html`<video
    part="local-video"
    class="preview ${media.videoOff ? 'off' : ''}"
    data-stream="local"
    autoplay
    playsinline
    muted
    aria-label=${msg('Your camera', { id: 'call.yourCamera' })}
  ></video>`;
}

/** The agent's video; its stream is attached by the element after rendering (`data-stream`). */
export function renderRemoteVideo(
  agent: CallAgent,
  part = 'remote-video',
  className = 'remote',
): TemplateResult {
  return html`<video
    part=${part || nothing}
    class=${className}
    data-stream="remote"
    autoplay
    playsinline
    aria-label=${msg(str`Video of ${agent.name}`, { id: 'call.remoteVideo' })}
  ></video>`;
}

export interface ControlsView {
  media: LocalMedia;
  receiveOnly: boolean;
  onMute(muted: boolean): void;
  onVideoOff(off: boolean): void;
  onMinimize(): void;
  onHangUp(): void;
}

export function renderControls(v: ControlsView): TemplateResult {
  const { media, receiveOnly } = v;
  return html`<div part="controls" class="controls">
    <button
      class="round"
      aria-pressed=${media.audioMuted}
      ?disabled=${!media.hasAudio || receiveOnly}
      @click=${() => v.onMute(!media.audioMuted)}
    >
      ${media.audioMuted ? msg('Unmute', { id: 'call.unmute' }) : msg('Mute', { id: 'call.mute' })}
    </button>
    <button
      class="round"
      aria-pressed=${media.videoOff}
      ?disabled=${!media.hasVideo || receiveOnly}
      @click=${() => v.onVideoOff(!media.videoOff)}
    >
      ${media.videoOff ? msg('Camera on', { id: 'call.cameraOn' }) : msg('Camera off', { id: 'call.cameraOff' })}
    </button>
    <button class="round" @click=${v.onMinimize}>${msg('Minimise', { id: 'call.minimise' })}</button>
    <button class="round hang-up" part="hang-up-button" @click=${v.onHangUp}>
      ${msg('Hang up', { id: 'call.hangUp' })}
    </button>
  </div>`;
}

export interface MinimizedView {
  style: MinimizedWidgetStyle;
  /** The shift that keeps it clear of the page's other floating pieces (a CSS `translate`). */
  translate: string;
  /** The agent in the call, or null while waiting. */
  agent: CallAgent | null;
  place: number | null;
  onOpen(): void;
  onHangUp(): void;
  onLeave(): void;
}

export function renderMinimized(v: MinimizedView): TemplateResult {
  const position = v.style.position ?? 'bottom-right';
  const placement = {
    position: 'fixed',
    [position.startsWith('top') ? 'top' : 'bottom']: v.style.verticalMargin ?? '16px',
    [position.endsWith('left') ? 'left' : 'right']: v.style.horizontalMargin ?? '16px',
    'z-index': v.style.zIndex ?? '1000',
    translate: v.translate,
  };
  return html`<div
    part="minimized"
    class="mini"
    style=${styleProperties(placement)}
    role="region"
    aria-label=${msg('Your video call', { id: 'call.mini' })}
  >
    ${
      v.agent
        ? renderRemoteVideo(v.agent, 'minimized-video', 'mini-video')
        : html`<p role="status">
            ${
              v.place
                ? msg(str`You are number ${v.place} in line`, { id: 'queue.place' })
                : msg('Connecting…', { id: 'status.connecting' })
            }
          </p>`
    }
    <div class="mini-actions">
      <button class="secondary" @click=${v.onOpen}>${msg('Open', { id: 'call.expand' })}</button>
      ${
        v.agent
          ? html`<button class="hang-up" @click=${v.onHangUp}>
              ${msg('Hang up', { id: 'call.hangUp' })}
            </button>`
          : html`<button class="secondary" @click=${v.onLeave}>
              ${msg('Leave', { id: 'queue.leaveShort' })}
            </button>`
      }
    </div>
  </div>`;
}

export interface BookingView {
  iframeUrl: string;
  orgId: string;
  hubUrl: string;
  locale: string;
  resourceId: string;
  serviceIds: string[];
  /** The booking card's tag, null while its module loads. */
  cardTag: string | null;
  onBack(): void;
}

export function renderBooking(v: BookingView): TemplateResult {
  const back = html`<button class="link" @click=${v.onBack}>${msg('Back', { id: 'booking.back' })}</button>`;
  if (v.iframeUrl) {
    // An external booking system: sandboxed, so it cannot reach the shop's page.
    return html`<div class="view booking">
      ${back}
      <iframe
        part="booking-iframe"
        src=${v.iframeUrl}
        title=${msg('Book a meeting', { id: 'booking.title' })}
        sandbox="allow-forms allow-scripts allow-same-origin allow-popups"
        referrerpolicy="strict-origin-when-cross-origin"
      ></iframe>
    </div>`;
  }
  if (!v.cardTag) {
    // The booking flow and phone numbers load when this view first shows (a call does not need them).
    return html`<div class="view booking" aria-busy="true">
      ${back}
      <p class="loading" role="status">${msg('Finding free times…', { id: 'booking.loading' })}</p>
    </div>`;
  }
  // Whatever name the booking card's class is registered under (see define.ts).
  const card = unsafeStatic(v.cardTag);
  return staticHtml`<div class="view booking">
    ${back}
    <${card}
      part="booking-card"
      org-id=${v.orgId}
      hub-url=${v.hubUrl}
      locale=${v.locale}
      booking-resource-id=${v.resourceId}
      .bookingServiceIds=${v.serviceIds}
    ></${card}>
  </div>`;
}

export interface MeetingView {
  meeting: Booking;
  timing: MeetingTiming;
  locale: string;
  onJoin(): void;
}

export function renderMeeting(v: MeetingView): TemplateResult {
  const { meeting } = v;
  const when = new Intl.DateTimeFormat(v.locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(meeting.start));
  const cancelled = meeting.status !== 'confirmed';
  return html`<div class="view meeting" part="meeting" data-status=${meeting.status}>
    <h3>
      ${
        cancelled
          ? msg('This meeting was cancelled', { id: 'meeting.cancelled' })
          : msg(str`Your meeting with ${meeting.agent.name}`, { id: 'meeting.title' })
      }
    </h3>
    <p>${meeting.serviceName} · ${when}</p>
    ${
      cancelled
        ? nothing
        : html`<button
              class="primary"
              part="join-meeting"
              ?disabled=${v.timing !== 'open'}
              @click=${v.onJoin}
            >
              ${msg('Join the meeting', { id: 'meeting.join' })}
            </button>
            ${
              v.timing === 'early'
                ? html`<p class="muted">
                    ${msg('You can join from ten minutes before the start.', { id: 'meeting.early' })}
                  </p>`
                : v.timing === 'over'
                  ? html`<p class="muted">${msg('This meeting has ended.', { id: 'meeting.over' })}</p>`
                  : nothing
            }`
    }
  </div>`;
}
