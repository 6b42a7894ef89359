import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { CallAgent, CallInfo, TrackingTag } from '../../protocol/frames.js';
import type { ConnectionQuality } from '../../call/peer-link.js';

/**
 * The agent console's call views: the visitor's details and the running call. They render what they
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
  if (!entries.length && !tags.length && !productIds.length) {
    return html`<p class="muted small">
      ${msg('No data, tags or products from the page.', { id: 'console.noDetails' })}
    </p>`;
  }
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
      <button class="hang-up" part="end-call" aria-keyshortcuts="e" @click=${v.onEnd}>
        ${msg('End call', { id: 'console.endCall' })}
      </button>
    </div>
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
