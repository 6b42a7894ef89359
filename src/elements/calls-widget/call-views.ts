import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { CallAgent, CallEndReason, Ticket, TicketEndReason } from '../../protocol/frames.js';
import type { MediaPermission } from '../../call/local-media.js';
import type { ConnectionQuality } from '../../call/peer-link.js';
import { formatWaitingTime } from '../../format.js';

/**
 * The views of the calls widget's dialog, one function per phase. They render what they are given
 * and call back for every action; all state lives in the element and its controllers.
 */

/** One start-screen card as `updateElement` (001) may have changed it. */
export interface StartCard {
  title: string;
  subtitle: string;
  buttonText: string;
  disabled: boolean;
}

export interface StartView {
  dropIn: StartCard | null;
  booking: StartCard | null;
  /** Why the drop-in button is off (closed queue), or null when it is on. */
  dropInBlocked: string | null;
  status: string;
  onStart(): void;
  onBook(): void;
  /** Sends the visitor to chat (`goto-chat`). */
  onChat(): void;
}

export function renderStart(v: StartView): TemplateResult {
  return html`<div class="view start">
    ${
      v.dropIn
        ? html`<article class="option" part="drop-in-card">
            <h3>${v.dropIn.title}</h3>
            <p>${v.dropIn.subtitle}</p>
            <p class="muted">${v.status}</p>
            <button
              class="primary"
              part="start-button"
              @click=${v.onStart}
              ?disabled=${v.dropIn.disabled || v.dropInBlocked !== null}
            >
              ${v.dropIn.buttonText}
            </button>
            ${v.dropInBlocked ? html`<p class="muted">${v.dropInBlocked}</p>` : nothing}
          </article>`
        : nothing
    }
    ${
      v.booking
        ? html`<article class="option" part="book-meeting-card">
            <h3>${v.booking.title}</h3>
            <p>${v.booking.subtitle}</p>
            <button class="secondary" part="book-button" @click=${v.onBook} ?disabled=${v.booking.disabled}>
              ${v.booking.buttonText}
            </button>
          </article>`
        : nothing
    }
    ${
      !v.dropIn && !v.booking
        ? html`<p class="muted">
            ${msg('Video calls are not available right now.', { id: 'calls.unavailable' })}
          </p>`
        : nothing
    }
    <div class="actions">
      <button class="link" part="chat-instead" @click=${v.onChat}>
        ${msg('Chat instead', { id: 'media.chat' })}
      </button>
    </div>
  </div>`;
}

export interface MediaView {
  permission: MediaPermission;
  onRetry(): void;
  onWithout(): void;
  onChat(): void;
}

export function renderMedia(v: MediaView): TemplateResult {
  const actions = (retry: boolean) =>
    html`<div class="actions">
      ${retry ? html`<button class="primary" @click=${v.onRetry}>${msg('Try again', { id: 'media.retry' })}</button>` : nothing}
      <button class="secondary" @click=${v.onWithout}>
        ${msg('Join without camera and microphone', { id: 'media.without' })}
      </button>
      <button class="link" part="chat-instead" @click=${v.onChat}>
        ${msg('Chat instead', { id: 'media.chat' })}
      </button>
    </div>`;
  switch (v.permission) {
    case 'denied':
      return html`<div class="view media" data-permission="denied">
        <h3>${msg('Camera and microphone are blocked', { id: 'media.deniedTitle' })}</h3>
        <p>
          ${msg(
            'To fix it, select the camera icon or the lock in the address bar, allow the camera and microphone for this site, then try again.',
            { id: 'media.deniedHelp' },
          )}
        </p>
        <p class="muted">
          ${msg(
            'You can also join without them: you will see and hear the agent, who will not see or hear you.',
            {
              id: 'media.withoutHelp',
            },
          )}
        </p>
        ${actions(true)}
      </div>`;
    case 'no-device':
      return html`<div class="view media" data-permission="no-device">
        <h3>${msg('No camera or microphone found', { id: 'media.noDeviceTitle' })}</h3>
        <p>${msg('Connect a camera or a headset and try again.', { id: 'media.noDeviceHelp' })}</p>
        ${actions(true)}
      </div>`;
    case 'unsupported':
      return html`<div class="view media" data-permission="unsupported">
        <h3>${msg('This browser cannot make video calls', { id: 'media.unsupportedTitle' })}</h3>
        <p>
          ${msg('Open this page in an up-to-date browser, or chat with us instead.', { id: 'media.unsupportedHelp' })}
        </p>
        ${actions(false)}
      </div>`;
    default:
      return html`<div class="view media" data-permission="asking" aria-busy="true">
        <div class="spinner" aria-hidden="true"></div>
        <h3>${msg('Allow your camera and microphone', { id: 'media.askingTitle' })}</h3>
        <p>
          ${msg('Your browser asks for them now, so the agent can see and hear you.', { id: 'media.askingHelp' })}
        </p>
      </div>`;
  }
}

export function renderJoining(): TemplateResult {
  return html`<div class="view joining" aria-busy="true">
    <div class="spinner" aria-hidden="true"></div>
    <p>${msg('Joining the queue…', { id: 'queue.joining' })}</p>
  </div>`;
}

export interface WaitingView {
  ticket: Ticket | null;
  locale: string;
  /** The agent the call is routed to, when the page chose one. */
  agent: CallAgent | null;
  transferring: boolean;
  audioOnly: boolean;
  receiveOnly: boolean;
  preview: TemplateResult;
  onLeave(): void;
  /** Sends the visitor to chat (`goto-chat`) instead of waiting. */
  onChat(): void;
}

export function renderWaiting(v: WaitingView): TemplateResult {
  const place = v.ticket?.place ?? null;
  const wait = v.ticket?.estimatedWaitingTime ?? null;
  return html`<div class="view waiting">
    ${v.preview}
    <div role="status" class="queue-status" part="queue-status">
      ${
        v.transferring
          ? html`<p class="big">${msg('Transferring your call…', { id: 'queue.transferring' })}</p>`
          : place !== null
            ? html`<p class="big">${msg(str`You are number ${place} in line`, { id: 'queue.place' })}</p>`
            : nothing
      }
      <p>
        ${
          wait === null
            ? msg('We will connect you as soon as an agent is free.', { id: 'queue.waitUnknown' })
            : msg(str`Estimated wait: ${formatWaitingTime(wait, v.locale)}`, { id: 'queue.wait' })
        }
      </p>
      ${v.agent ? html`<p>${msg(str`${v.agent.name} will be with you shortly.`, { id: 'queue.routed' })}</p>` : nothing}
    </div>
    ${
      v.receiveOnly
        ? html`<p class="muted">
            ${msg('You join without camera and microphone.', { id: 'queue.receiveOnly' })}
          </p>`
        : v.audioOnly
          ? html`<p class="muted">
              ${msg('No camera found: you join with audio only.', { id: 'queue.audioOnly' })}
            </p>`
          : nothing
    }
    <div class="actions">
      <button class="secondary" part="leave-button" @click=${v.onLeave}>
        ${msg('Leave the queue', { id: 'queue.leave' })}
      </button>
      <button class="link" part="chat-instead" @click=${v.onChat}>
        ${msg('Chat instead', { id: 'media.chat' })}
      </button>
    </div>
  </div>`;
}

export interface InCallView {
  agent: CallAgent;
  quality: ConnectionQuality;
  remoteVideo: TemplateResult;
  preview: TemplateResult;
  remoteCameraOff: boolean;
  controls: TemplateResult;
  /** The product the agent shows, the cart and checkout (nothing before the agent shows anything). */
  shop: TemplateResult | typeof nothing;
}

export function qualityLabel(quality: ConnectionQuality): string {
  return {
    connecting: msg('Connecting…', { id: 'status.connecting' }),
    good: msg('Good connection', { id: 'quality.good' }),
    fair: msg('Fair connection', { id: 'quality.fair' }),
    poor: msg('Poor connection', { id: 'quality.poor' }),
    lost: msg('Connection lost, reconnecting…', { id: 'quality.lost' }),
  }[quality];
}

export function renderInCall(v: InCallView): TemplateResult {
  return html`<div class="view in-call">
    <div class="stage">
      ${v.remoteVideo}
      ${
        v.remoteCameraOff
          ? html`<div class="camera-off">
              <img src=${v.agent.profile_photo_url} alt="" width="96" height="96" />
            </div>`
          : nothing
      }
      <div class="agent-badge" part="agent">
        <img src=${v.agent.profile_photo_url} alt="" width="32" height="32" />
        <span>${v.agent.name}</span>
      </div>
      <div class="quality" data-quality=${v.quality} part="quality" role="status">
        <span class="bars" aria-hidden="true"><i></i><i></i><i></i></span>
        <span>${qualityLabel(v.quality)}</span>
      </div>
      ${v.preview}
    </div>
    ${v.controls} ${v.shop}
  </div>`;
}

export interface EndedView {
  reason: CallEndReason | TicketEndReason | null;
  canRejoin: boolean;
  onRejoin(): void;
  onClose(): void;
}

export function renderEnded(v: EndedView): TemplateResult {
  const text =
    v.reason === 'agent-left'
      ? msg('The agent’s connection was lost.', { id: 'ended.agentLeft' })
      : v.reason === 'visitor-left'
        ? msg('You were away too long, so you left the queue.', { id: 'ended.visitorLeft' })
        : msg('Thank you for calling.', { id: 'ended.thanks' });
  return html`<div class="view ended" role="status">
    <h3>${msg('The call has ended', { id: 'ended.title' })}</h3>
    <p>${text}</p>
    <div class="actions">
      ${
        v.canRejoin
          ? html`<button class="primary" part="rejoin-button" @click=${v.onRejoin}>
              ${msg('Rejoin at the front of the queue', { id: 'ended.rejoin' })}
            </button>`
          : nothing
      }
      <button class="secondary" @click=${v.onClose}>${msg('Close', { id: 'dialog.close' })}</button>
    </div>
  </div>`;
}
