import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { CallAgent, CallInfo, QueueTicket, TrackingTag } from '../../protocol/frames.js';
import type { ConnectionQuality } from '../../call/peer-link.js';

/**
 * The agent console's call views: the waiting tickets and the running call. They render what they
 * are given and call back for every action.
 */

/** "2 min", "45 s": how long a visitor has waited. */
export function formatSince(iso: string, now: number, locale: string): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  const [value, unit] = seconds < 60 ? [seconds, 'second'] : [Math.floor(seconds / 60), 'minute'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}

export function renderDetails(
  data: Record<string, unknown>,
  tags: TrackingTag[],
  productIds: string[],
): TemplateResult {
  const entries = Object.entries(data);
  return html`<dl class="details">
    ${entries.map(
      ([k, v]) =>
        html`<dt>${k}</dt>
          <dd>${typeof v === 'string' ? v : JSON.stringify(v)}</dd>`,
    )}
    ${
      tags.length
        ? html`<dt>${msg('Tags', { id: 'console.tags' })}</dt>
            <dd>${tags.map((t) => html`<span class="chip">${t.key}: ${String(t.value)}</span>`)}</dd>`
        : nothing
    }
    ${
      productIds.length
        ? html`<dt>${msg('Products', { id: 'console.products' })}</dt>
            <dd part="products">${productIds.map((p) => html`<span class="chip product">${p}</span>`)}</dd>`
        : nothing
    }
  </dl>`;
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
      <h3 id="tickets-title">${msg(str`Waiting (${v.tickets.length})`, { id: 'console.waiting' })}</h3>
      <button
        class="primary"
        part="accept-next"
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
            ${v.tickets.map(
              (t) =>
                html`<li class="ticket" data-ticket-id=${t.ticketId}>
                  <div class="row">
                    <strong>${visitorName(t.data)}</strong>
                    <span class="muted">
                      ${t.queueName} ·
                      ${msg(str`waiting ${formatSince(t.joinedAt, v.now, v.locale)}`, { id: 'console.since' })}
                      ${t.callAgentId ? html` · <span class="chip">${msg('For you', { id: 'console.forYou' })}</span>` : nothing}
                      ${t.priority ? html` · <span class="chip">${msg('Priority', { id: 'console.priority' })}</span>` : nothing}
                    </span>
                  </div>
                  ${renderDetails(t.data, t.trackingTags, t.productIds)}
                  <button
                    class="secondary"
                    ?disabled=${v.blocked !== null}
                    @click=${() => v.onAccept(t.ticketId)}
                  >
                    ${msg('Accept', { id: 'console.accept' })}
                  </button>
                </li>`,
            )}
          </ol>`
        : html`<p class="muted">${msg('Nobody is waiting.', { id: 'console.nobodyWaiting' })}</p>`
    }
  </section>`;
}

export function visitorName(data: Record<string, unknown>): string {
  const first = typeof data.firstName === 'string' ? data.firstName : '';
  const last = typeof data.lastName === 'string' ? data.lastName : '';
  const name = typeof data.name === 'string' ? data.name : `${first} ${last}`.trim();
  return name || msg('Visitor', { id: 'console.visitor' });
}

export interface CallPanelView {
  call: CallInfo;
  quality: ConnectionQuality;
  qualityLabel: string;
  remoteCameraOff: boolean;
  audioMuted: boolean;
  videoOff: boolean;
  hasAudio: boolean;
  hasVideo: boolean;
  transferAgents: CallAgent[];
  transferQueues: { queueId: string; name: string }[];
  /** The product panel (video commerce). */
  commerce: TemplateResult;
  onMute(): void;
  onCamera(): void;
  onEnd(): void;
  onTransfer(target: { agentId: string } | { queue: string }): void;
}

export function renderCallPanel(v: CallPanelView): TemplateResult {
  const onTransfer = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const target = String(form.get('target') ?? '');
    if (target.startsWith('agent:')) v.onTransfer({ agentId: target.slice(6) });
    else if (target.startsWith('queue:')) v.onTransfer({ queue: target.slice(6) });
  };
  return html`<section class="call" part="call" aria-labelledby="call-title">
    <h3 id="call-title">${msg(str`In a call with ${visitorName(v.call.data)}`, { id: 'console.inCall' })}</h3>
    <div class="stage">
      <video
        part="remote-video"
        class="remote"
        data-stream="remote"
        autoplay
        playsinline
        aria-label=${msg('Visitor video', { id: 'console.visitorVideo' })}
      ></video>
      ${v.remoteCameraOff ? html`<div class="camera-off">${msg('Camera off', { id: 'call.cameraOff' })}</div>` : nothing}
      <div class="quality" data-quality=${v.quality} role="status">${v.qualityLabel}</div>
      ${v.hasVideo ? html`<video part="local-video" class="preview" data-stream="local" autoplay playsinline muted aria-label=${msg('Your camera', { id: 'call.yourCamera' })}></video>` : nothing}
    </div>
    <div class="controls" part="controls">
      <button class="secondary" aria-pressed=${v.audioMuted} ?disabled=${!v.hasAudio} @click=${v.onMute}>
        ${v.audioMuted ? msg('Unmute', { id: 'call.unmute' }) : msg('Mute', { id: 'call.mute' })}
      </button>
      <button class="secondary" aria-pressed=${v.videoOff} ?disabled=${!v.hasVideo} @click=${v.onCamera}>
        ${v.videoOff ? msg('Camera on', { id: 'call.cameraOn' }) : msg('Camera off', { id: 'call.cameraOff' })}
      </button>
      <button class="hang-up" part="end-call" @click=${v.onEnd}>
        ${msg('End call', { id: 'console.endCall' })}
      </button>
    </div>
    ${renderDetails(v.call.data, v.call.trackingTags, v.call.productIds)} ${v.commerce}
    <form class="transfer" @submit=${onTransfer}>
      <label>
        ${msg('Transfer to', { id: 'console.transferTo' })}
        <select name="target" required>
          <option value="">${msg('Choose…', { id: 'console.choose' })}</option>
          ${
            v.transferAgents.length
              ? html`<optgroup label=${msg('Agents online', { id: 'console.agentsOnline' })}>
                  ${v.transferAgents.map((a) => html`<option value=${`agent:${a.id}`}>${a.name}</option>`)}
                </optgroup>`
              : nothing
          }
          ${
            v.transferQueues.length
              ? html`<optgroup label=${msg('Queues', { id: 'console.queues' })}>
                  ${v.transferQueues.map((q) => html`<option value=${`queue:${q.queueId}`}>${q.name}</option>`)}
                </optgroup>`
              : nothing
          }
        </select>
      </label>
      <button class="secondary" type="submit">${msg('Transfer', { id: 'console.transfer' })}</button>
    </form>
  </section>`;
}
