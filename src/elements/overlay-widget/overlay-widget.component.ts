import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { property } from '../property.js';
import { styleProperties } from '../../styles/style-properties.js';
import { msg, str } from '@lit/localize';
import { TandemElement } from '../tandem-element.js';
import { QueueStateController } from '../../controllers/queue-state-controller.js';
import { AgentListController } from '../../controllers/agent-list-controller.js';
import { FloatingStackController, FLOATING_ORDER } from '../../controllers/floating-stack-controller.js';
import { count, defaultTrueBoolean, flag } from '../../attribute-converters.js';
import type { CallAgent } from '../../protocol/frames.js';
import { tokens } from '../../styles/tokens.styles.js';
import { styles } from './overlay-widget.styles.js';
import { inCoBrowseFrame } from '../../controllers/co-browse-controller.js';
// Alone on a page, the overlay opens a calls widget of its own, under whatever name its class has.
import { CallsWidget } from '../calls-widget/calls-widget.component.js';
import { tagOf } from '../../define.js';

/** The seed's variants (001's `smartVariantOverride`). */
export type OverlayVariant = 'Video' | 'Side dock' | 'Avatar';

/** The seed's positions (001's `getOverlayOffsets`). */
export type OverlayPosition = 'bottom-left' | 'bottom-right' | 'docked_left' | 'docked_right';

/** What `getOverlayOffsets(position)` returns, as in 001. */
export interface OverlayOffsets {
  x?: string;
  y?: string;
  zIndex?: string;
}

/** The calls widget the overlay opens: what it needs of one. */
interface CallsWidgetLike extends HTMLElement {
  readonly callActive: boolean;
  show(): void;
  startCall(): Promise<void>;
}

/**
 * The invitation: after a while on the page, an online agent's photo, a preview card or a docked
 * tab invites the visitor into a video call. It stays away while the queue is closed or nobody is
 * online (unless `show-when-unavailable`), after the visitor dismisses it (for the session), and
 * while a call runs.
 *
 * @tagname overlay-widget
 * @summary The pop-up that invites visitors into a call (Video, Side dock or Avatar).
 *
 * @fires error - The widget cannot reach its hub or org. `detail`: `{code, message}`. Does not bubble.
 * @fires tandem-error - The same error, with the same `detail`, bubbling and composed: typed as Tandem's `TandemErrorEvent` where `error` is DOM's `ErrorEvent`.
 *
 * @csspart base - The overlay; `data-state` is `hidden` or `shown`, `data-variant` and `data-position` as set.
 * @csspart invite - The button that opens the call.
 * @csspart dismiss - The button that dismisses the overlay for the session.
 *
 * @cssprop --tandem-color-accent - The side dock's colour.
 * @cssprop --tandem-color-online - The online indicator.
 */
export class OverlayWidget extends TandemElement {
  static override styles = [tokens, styles];

  /** The queue whose agents invite: id, name or slug. */
  @property() queue = '';

  /** `Video` (a still preview card), `Side dock` (a tab on the page's edge) or `Avatar` (a round photo). */
  @property() variant: OverlayVariant = 'Video';

  /** `bottom-left`, `bottom-right`, `docked_left` or `docked_right`. */
  @property() position: OverlayPosition = 'bottom-right';

  /** Seconds on the page before the overlay appears. */
  @property({ attribute: 'popup-timeout-seconds', converter: count }) popupTimeoutSeconds = 60;

  /** Clicking starts the call at once instead of opening the start screen. */
  @property({ attribute: 'start-call', converter: flag }) startCallOnClick = false;

  /** Shows even while the queue is closed or nobody is online. */
  @property({ attribute: 'show-when-unavailable', converter: flag }) showWhenUnavailable = false;

  /** `false` stops the widget remembering a dismissal in session storage. */
  @property({ attribute: 'allow-first-party-cookies', converter: defaultTrueBoolean })
  allowFirstPartyCookies = true;

  /** The calls widget to open (default: the page's first `<calls-widget>`, else one of its own). */
  @property({ attribute: false }) target: CallsWidgetLike | null = null;

  /** Returns `{x, y, zIndex}` for a position (001's `getOverlayOffsets`). */
  @property({ attribute: false }) getOverlayOffsets: ((position: OverlayPosition) => OverlayOffsets) | null =
    null;

  @state() private timeUp = false;
  @state() private forced: 'shown' | 'hidden' | null = null;
  @state() private dismissed = false;

  private readonly queueState = new QueueStateController(this, this.hub, () => this.queue || 'default');
  private readonly agentList = new AgentListController(this, this.queueState);
  /** In a bottom corner, the invitation stacks above the chat launcher and the call player. */
  private readonly stack = new FloatingStackController(this, {
    corner: () =>
      this.shown && (this.position === 'bottom-left' || this.position === 'bottom-right')
        ? this.position
        : null,
    box: () => this.renderRoot.querySelector<HTMLElement>('[part~="base"]'),
    order: FLOATING_ORDER.overlay,
  });
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ownCallsWidget: CallsWidgetLike | null = null;

  /** Whether the overlay is on screen now. */
  get shown(): boolean {
    if (this.forced) return this.forced === 'shown';
    if (!this.timeUp || this.dismissed || this.callRunning()) return false;
    if (this.showWhenUnavailable) return true;
    const state = this.queueState.state;
    return !!state && state.isOpen && state.numberOfAgentsOnline > 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.dismissed = this.readDismissed();
    document.addEventListener('keydown', this.onKeydown);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => (this.timeUp = true), Math.max(0, this.popupTimeoutSeconds) * 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    document.removeEventListener('keydown', this.onKeydown);
  }

  /** Shows the overlay now, whatever the timer and the queue say (001's `showOverlayWidget`). */
  showOverlayWidget(): void {
    this.forced = 'shown';
  }

  /** Hides the overlay until `showOverlayWidget()` (001's `hideOverlayWidget`). */
  hideOverlayWidget(): void {
    this.forced = 'hidden';
  }

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.shown && this.matches(':focus-within')) this.dismiss();
  };

  private dismissKey(): string {
    return `tandem:${this.orgId}:overlay-dismissed`;
  }

  private readDismissed(): boolean {
    try {
      return globalThis.sessionStorage?.getItem(this.dismissKey()) === '1';
    } catch {
      return false;
    }
  }

  private dismiss(): void {
    this.dismissed = true;
    this.forced = null;
    if (!this.allowFirstPartyCookies) return;
    try {
      globalThis.sessionStorage?.setItem(this.dismissKey(), '1');
    } catch {
      // Storage blocked: the dismissal lasts as long as the page.
    }
  }

  /**
   * Whether the visitor waits or talks, whichever widget runs the call (also one resumed after a
   * reload): the page's visitor state says, or the target, for a calls widget on another hub or org.
   */
  private callRunning(): boolean {
    const visitor = this.hub.session?.visitor;
    // A visitor talking with an agent in the chat is not invited into a call either.
    const chatting = visitor?.chat?.status === 'active';
    return !!visitor?.callActive || chatting || this.target?.callActive === true || inCoBrowseFrame();
  }

  private callsWidget(): CallsWidgetLike {
    if (this.target) return this.target;
    const tag = tagOf(CallsWidget, 'calls-widget');
    const onPage = document.querySelector<CallsWidgetLike>(tag);
    if (onPage) return onPage;
    if (!this.ownCallsWidget) {
      // On its own: a calls widget without its card, for the dialog and the minimised player only.
      const own = document.createElement(tag) as unknown as CallsWidgetLike;
      own.setAttribute('no-card', '');
      own.setAttribute('org-id', this.orgId);
      if (this.queue) own.setAttribute('queue', this.queue);
      if (this.hubUrl) own.setAttribute('hub-url', this.hubUrl);
      if (this.locale) own.setAttribute('locale', this.locale);
      this.renderRoot.append(own);
      this.ownCallsWidget = own;
    }
    return this.ownCallsWidget;
  }

  private invite(): void {
    const widget = this.callsWidget();
    this.forced = null;
    if (this.startCallOnClick) void widget.startCall();
    else widget.show();
    this.timeUp = false;
  }

  private placement(): Record<string, string> {
    const offsets = this.getOverlayOffsets?.(this.position) ?? {};
    const docked = this.position.startsWith('docked');
    const left = this.position.endsWith('left');
    return {
      [left ? 'left' : 'right']: docked ? '0' : (offsets.x ?? '16px'),
      ...(docked
        ? { top: `calc(50% + ${offsets.y ?? '0px'})`, transform: 'translateY(-50%)' }
        : { bottom: offsets.y ?? '16px' }),
      'z-index': offsets.zIndex ?? '1000',
      'flex-direction': left ? 'row-reverse' : 'row',
      ...(docked ? {} : { translate: this.stack.translate }),
    };
  }

  private renderInvite(agent: CallAgent | null): TemplateResult {
    const name = agent?.name ?? '';
    const label = name
      ? msg(str`Talk live with ${name}`, { id: 'overlay.talkWith' })
      : msg('Talk to us live', { id: 'overlay.talk' });
    const photo = agent?.profile_photo_url;
    switch (this.variant) {
      case 'Side dock':
        return html`<div class="dock">
          <button part="invite" class="invite" @click=${this.invite}>
            ${photo ? html`<img src=${photo} alt="" width="32" height="32" />` : nothing}${label}
          </button>
        </div>`;
      case 'Avatar':
        return html`<div class="avatar">
          <button part="invite" class="invite" @click=${this.invite} aria-label=${label}>
            ${photo ? html`<img class="photo" src=${photo} alt="" width="68" height="68" />` : nothing}
            <span class="badge" aria-hidden="true"></span>
            <span class="label" aria-hidden="true">${label}</span>
          </button>
        </div>`;
      default:
        return html`<div class="video">
          <button part="invite" class="invite" @click=${this.invite}>
            ${photo ? html`<img class="preview" src=${photo} alt="" width="176" height="234" />` : nothing}
            <span class="caption">
              <span class="live"
                ><span class="dot" aria-hidden="true"></span>${msg('Live now', { id: 'overlay.live' })}</span
              >
              <strong>${label}</strong>
            </span>
          </button>
        </div>`;
    }
  }

  override render(): TemplateResult {
    const shown = this.shown;
    const agent = this.agentList.agents[0] ?? null;
    return html`<aside
      part="base"
      data-state=${shown ? 'shown' : 'hidden'}
      data-variant=${this.variant}
      data-position=${this.position}
      data-agents-online=${this.agentList.count ?? 0}
      style=${styleProperties(this.placement())}
      aria-label=${msg('Talk to us', { id: 'overlay.label' })}
      ?hidden=${!shown}
    >
      ${
        shown
          ? html`${this.renderInvite(agent)}
              <button
                part="dismiss"
                class="dismiss"
                @click=${this.dismiss}
                aria-label=${msg('Dismiss', { id: 'overlay.dismiss' })}
                title=${msg('Dismiss', { id: 'overlay.dismiss' })}
              >
                <span aria-hidden="true">×</span>
              </button>`
          : nothing
      }
    </aside>`;
  }
}
