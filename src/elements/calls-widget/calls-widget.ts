import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { msg, str } from '@lit/localize';
import { TandemElement } from '../tandem-element.js';
import { defineElement } from '../../define.js';
import { QueueStateController } from '../../controllers/queue-state-controller.js';
import { AgentListController } from '../../controllers/agent-list-controller.js';
import { VisitorCallController, type JoinOptions } from '../../controllers/visitor-call-controller.js';
import { QueueIsOpenEvent } from '../../events/queue-is-open.js';
import { QueueIsClosedEvent } from '../../events/queue-is-closed.js';
import { AgentsOnlineEvent, type AgentsOnlineDetail } from '../../events/agents-online.js';
import {
  QueueEstimatedWaitingTimeEvent,
  type QueueEstimatedWaitingTimeDetail,
} from '../../events/queue-estimated-waiting-time.js';
import { TrackingEvent, type TrackingEventDetail } from '../../events/tracking-event.js';
import { BookingRequestedEvent } from '../../events/booking-requested.js';
import { GotoChatEvent } from '../../events/goto-chat.js';
import { TandemErrorEvent, type TandemErrorDetail } from '../../events/tandem-error.js';
import { TandemError, toErrorDetail } from '../../errors.js';
import { ErrorCode, type CallAgent, type QueueState, type TrackingTag } from '../../protocol/frames.js';
import { validateTrackingTags } from '../../call/tracking-tags.js';
import { defaultTrueBoolean, wordList } from '../../attribute-converters.js';
import { formatAgentsOnline, formatInstant, formatWaitingTime } from '../../format.js';
import { tokens, card } from '../../styles/tokens.styles.js';
import { styles } from './calls-widget.styles.js';
// The `smart` trigger places an overlay, and the booking option hands over to a booking card:
// importing them registers <overlay-widget> and <booking-card> too.
import '../overlay-widget/overlay-widget.js';
import '../booking-card/booking-card.js';
import type { Booking } from '../../protocol/booking.js';
import type {
  OverlayOffsets,
  OverlayPosition,
  OverlayVariant,
  OverlayWidget,
} from '../overlay-widget/overlay-widget.js';
import {
  renderEnded,
  renderInCall,
  renderJoining,
  renderMedia,
  renderStart,
  renderWaiting,
} from './call-views.js';

/** What the widget's card shows: `data-state` of its base part. */
export type CallsWidgetView = 'connecting' | 'open' | 'closed' | 'unavailable';

/** Result of `areQueuesOpen()`, as in the Bambuser seed (001). */
export interface QueuesOpenResult {
  isOpen: boolean;
  nextOpenTime: string | null;
  nextCloseTime: string | null;
}

/** The start screen's customisable elements, as the Bambuser seed's `ELEMENTS` (001). */
export const ELEMENTS = {
  DROP_IN_CARD: 'drop-in-card',
  BOOKING_CARD: 'book-meeting-card',
} as const;
export type ElementId = (typeof ELEMENTS)[keyof typeof ELEMENTS];

/** `updateElement`'s state (001): `null` resets the element to its default. */
export interface ElementState {
  disableCTA?: boolean;
  content?: { title?: string; subtitle?: string; buttonText?: string };
}

/** The seed's floating player navigation modes (001). */
export const FLOATING_PLAYER_NAVIGATION_MODE = { IFRAME: 'iframe', MANUAL: 'manual' } as const;

/** `strings` as in the FluxPlayer seed (000): `text` may hold `{{name}}`, the routed agent's name. */
export interface CallsWidgetStrings {
  title?: string;
  text?: string;
}

/** What `onBeforeRender` returns, as in the FluxPlayer seed (000). */
export interface CallRouting {
  callAgentId: string;
  productIds?: string[];
}

/** Returned by `getMinimizedWidgetStyle`, as in the Bambuser seed (001). */
export interface MinimizedWidgetStyle {
  position?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
  verticalMargin?: string;
  horizontalMargin?: string;
  zIndex?: string;
}

export type CallsWidgetTrigger = 'connect-link' | 'queue-link' | 'always' | 'smart';

export type VisitorData = Record<string, unknown>;

const DEFAULT_QUEUE = 'default';
/** A booked meeting can be joined from this long before its start. */
const MEETING_EARLY_MS = 10 * 60 * 1000;
const DATA_TIMEOUT_MS = 5000;

/**
 * A visitor's way into a video call with the shop's agents: live queue state, then the call itself
 * in a dialog (camera and microphone, the queue, the call, a minimised player while browsing).
 *
 * @tagname calls-widget
 * @summary Video calls with the shop's agents: queue state, joining the queue, the call.
 *
 * @fires queue-is-open - The queue opened, or is open when the widget first learns its state. `detail`: `{isOpen: true, nextCloseTime}`.
 * @fires queue-is-closed - The queue closed, or is closed when the widget first learns its state. `detail`: `{isOpen: false, nextOpenTime}`.
 * @fires agents-online - The number of online agents changed (and once when first known). `detail`: `{numberOfAgentsOnline, queueId}`.
 * @fires queue-estimated-waiting-time - The estimated waiting time changed (and once when first known). `detail`: `{estimatedWaitingTime, agents, place, queueId}`.
 * @fires tracking-event - A call tracking event: `detail`: `{eventName, eventData}` with eventName `call_widget_opened`, `joined_queue`, `left_queue`, `call_started`, `call_transferred`, `call_ended` or `call_widget_closed`.
 * @fires booking-requested - The visitor chose to book a meeting on the start screen. `detail`: `{queueId}`. Cancel it to handle booking yourself; otherwise the booking card opens in the dialog.
 * @fires goto-chat - The visitor chose chat instead of a call; the widget closes.
 * @fires error - The widget cannot do its work. `detail`: `{code, message}`. Does not bubble.
 *
 * @csspart base - The card; its `data-state` is `connecting`, `open`, `closed` or `unavailable`.
 * @csspart title - The card's heading.
 * @csspart status - The card's live status line (queue state and waiting time).
 * @csspart agents - The row of online agents.
 * @csspart agents-online - The text with the number of agents online.
 * @csspart open-button - The card's button that opens the call dialog.
 * @csspart dialog - The call dialog; its `data-phase` is `idle`, `media`, `joining`, `waiting`, `in-call` or `ended`.
 * @csspart drop-in-card - The start screen's drop-in option.
 * @csspart book-meeting-card - The start screen's booking option.
 * @csspart start-button - The drop-in option's button.
 * @csspart queue-status - Place in the queue and waiting time.
 * @csspart leave-button - Leaves the queue.
 * @csspart remote-video - The agent's video.
 * @csspart local-video - The visitor's own preview.
 * @csspart agent - The agent's name and photo during the call.
 * @csspart quality - The connection quality indicator.
 * @csspart controls - Mute, camera, minimise and hang-up buttons.
 * @csspart rejoin-button - Rejoins at the front after the agent's connection was lost.
 * @csspart book-button - The booking option's button.
 * @csspart booking-card - The `<booking-card>` the booking option opens in the dialog.
 * @csspart booking-iframe - The sandboxed external booking system, with `booking-iframe-url`.
 * @csspart meeting - A booked meeting opened from its connect link; `data-status` is `confirmed` or `cancelled`.
 * @csspart join-meeting - Joins the booked meeting.
 * @csspart minimized - The minimised player shown while the visitor browses during a wait or call.
 *
 * @cssprop --tandem-color-accent - Accent colour.
 * @cssprop --tandem-color-surface - Card and dialog background.
 * @cssprop --tandem-color-text - Text colour.
 * @cssprop --tandem-color-muted - Secondary text colour.
 * @cssprop --tandem-color-online - Colour of the open and online indicators.
 * @cssprop --tandem-color-closed - Colour of the closed indicator and the hang-up button.
 * @cssprop --tandem-radius - Corner radius.
 * @cssprop --tandem-font-family - Font.
 * @cssprop --tandem-card-min-height - Reserved height, so the page does not move as the state arrives.
 */
export class CallsWidget extends TandemElement {
  static override styles = [tokens, card, styles];

  /** The start screen's customisable elements (001's `ELEMENTS`), for `updateElement`. */
  static readonly ELEMENTS = ELEMENTS;

  /** 001's `FLOATING_PLAYER_NAVIGATION_MODE`. */
  static readonly FLOATING_PLAYER_NAVIGATION_MODE = FLOATING_PLAYER_NAVIGATION_MODE;

  /** The queue visitors join: its id, name or slug. Defaults to the org's default queue. */
  @property() queue = '';

  /** Shows the drop-in (call now) option on the start screen. `drop-in-enabled="false"` hides it. */
  @property({ attribute: 'drop-in-enabled', converter: defaultTrueBoolean }) dropInEnabled = true;

  /** Shows the booking option on the start screen. */
  @property({ attribute: 'bookings-enabled', type: Boolean }) bookingsEnabled = false;

  /** What opens the widget: `connect-link`, `queue-link`, `always`, `smart` (space- or comma-separated). */
  @property({ converter: wordList }) triggers: CallsWidgetTrigger[] = [];

  /** A booked meeting's connect id (else the `bambuserConnectId` URL parameter, with `connect-link`). */
  @property({ attribute: 'connect-id' }) connectId = '';

  /** Only agents with all these tags take the call (space- or comma-separated). */
  @property({ attribute: 'agent-tags', converter: wordList }) agentTags: string[] = [];

  /** `false` stops the widget writing any cookie or storage (it never writes before the visitor acts). */
  @property({ attribute: 'allow-first-party-cookies', converter: defaultTrueBoolean })
  allowFirstPartyCookies = true;

  /** A theme: `light` (default) or `dark`. */
  @property({ attribute: 'theme-id' }) themeId = '';

  /** Opens straight on booking (001's openBookingPage). */
  @property({ attribute: 'open-booking-page', type: Boolean }) openBookingPage = false;

  /** An external booking system to embed, in a sandboxed iframe, instead of Tandem's booking card (001's bookingIframeUrl). */
  @property({ attribute: 'booking-iframe-url' }) bookingIframeUrl = '';

  /** Only these published booking services (001's bookingServiceIds). */
  @property({ attribute: 'booking-service-ids', converter: wordList }) bookingServiceIds: string[] = [];

  /** Only this booking resource, an agent (001's bookingResourceId). */
  @property({ attribute: 'booking-resource-id' }) bookingResourceId = '';

  /** Hides the widget's card: only the call dialog and the minimised player show (for launchers of your own). */
  @property({ attribute: 'no-card', type: Boolean }) noCard = false;

  /** With the `smart` trigger: seconds before the overlay invites the visitor (001's popupTimeoutSeconds). */
  @property({ attribute: 'popup-timeout-seconds', type: Number }) popupTimeoutSeconds = 60;

  /** With the `smart` trigger: the overlay's variant, `Video`, `Side dock` or `Avatar` (001's smartVariantOverride). */
  @property({ attribute: 'smart-variant-override' }) smartVariantOverride: OverlayVariant = 'Video';

  /** With the `smart` trigger: the overlay's offsets per position (001's getOverlayOffsets). */
  @property({ attribute: false }) getOverlayOffsets: ((position: OverlayPosition) => OverlayOffsets) | null =
    null;

  /** Overrides of the drop-in option's title and text (`{{name}}`: the routed agent's name). */
  @property({ attribute: false }) strings: CallsWidgetStrings = {};

  /** Receives the online agents and returns `{callAgentId, productIds}` to route the call (may be async). */
  @property({ attribute: false }) onBeforeRender:
    | ((callAgents: CallAgent[]) => CallRouting | null | undefined | Promise<CallRouting | null | undefined>)
    | null = null;

  /** Customer data shown to the agent: an object, or a function returning a Promise of one. */
  @property({ attribute: false }) data: VisitorData | (() => Promise<VisitorData>) | null = null;

  /** Custom tracking tags `{key, value}[]` (at most 20; see `setTrackingTags`). */
  @property({ attribute: false }) trackingTags: TrackingTag[] = [];

  /** Returns the minimised player's placement `{position, verticalMargin, horizontalMargin, zIndex}`. */
  @property({ attribute: false }) getMinimizedWidgetStyle: (() => MinimizedWidgetStyle) | null = null;

  @state() private dialogOpen = false;
  @state() private bookingOpen = false;
  /** The booked meeting a connect link opened the widget for. */
  @state() private meeting: Booking | null = null;
  @state() private elementStates: Partial<Record<ElementId, ElementState>> = {};
  @state() private minimized = false;
  @state() private routing: { agent: CallAgent; productIds: string[] } | null = null;

  @query('dialog') private dialog?: HTMLDialogElement;

  private readonly queueState = new QueueStateController(this, this.hub, () => this.queue || DEFAULT_QUEUE);

  private readonly agentList = new AgentListController(this, this.queueState, (_before, count, queueId) =>
    this.dispatchEvent(new AgentsOnlineEvent({ numberOfAgentsOnline: count, queueId })),
  );

  private readonly callFlow = new VisitorCallController(this, this.hub, {
    // A booked meeting goes through the org's default queue, which keeps no hours and serves every
    // agent: the booking already decided the agent and the time.
    queueTerm: () => (this.meeting ? DEFAULT_QUEUE : this.queue || DEFAULT_QUEUE),
    joinOptions: () => this.joinOptions(),
    persist: () => this.allowFirstPartyCookies,
    track: (eventName, eventData) => this.track(eventName, eventData),
    onError: (detail) => this.fail(detail),
  });

  private routedFor: readonly CallAgent[] | null = null;
  /** The overlay the `smart` trigger placed on the page. */
  private overlay: OverlayWidget | null = null;
  private triggered = false;

  constructor() {
    super();
    this.queueState.addListener((previous, next) => this.announce(previous, next));
  }

  // ---- lifecycle ----------------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.triggered) {
      this.triggered = true;
      void this.updateComplete.then(() => this.runTriggers());
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.dialog?.close();
    this.overlay?.remove();
    this.overlay = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A wait or call resumed after a reload (or on the shop's next page) shows as the minimised player.
    if (this.callFlow.active && !this.dialogOpen) {
      this.dialogOpen = true;
      this.minimized = true;
    }
    if (changed.has('onBeforeRender')) this.routedFor = null;
    const agents = this.agentList.agents;
    if (this.onBeforeRender && agents !== this.routedFor && this.callFlow.phase === 'idle') {
      this.routedFor = agents;
      void this.route(agents);
    }
  }

  protected override updated(): void {
    this.attachStreams();
    const dialog = this.dialog;
    if (!dialog) return;
    if (this.dialogOpen && !this.minimized && !dialog.open) dialog.showModal();
    if ((!this.dialogOpen || this.minimized) && dialog.open) dialog.close();
  }

  // ---- public API ---------------------------------------------------------------------------------

  /** Opens the widget on its start screen (or on the running call). */
  show(): void {
    if (this.dialogOpen && !this.minimized) return;
    const wasOpen = this.dialogOpen;
    this.dialogOpen = true;
    this.minimized = false;
    if (!wasOpen) this.track('call_widget_opened', { queueId: this.queueState.state?.queueId ?? null });
  }

  /** Starts the call flow from code: camera and microphone, then the queue (FluxPlayer's `startCall`). */
  async startCall(): Promise<void> {
    this.show();
    await this.callFlow.start();
  }

  /** Leaves the queue or hangs up, closes the widget and removes it from the page. */
  async destroy(): Promise<void> {
    if (this.callFlow.phase === 'in-call') await this.callFlow.hangUp();
    else if (this.callFlow.active) await this.callFlow.leave();
    this.close();
    this.remove();
  }

  /** True while the visitor waits in the queue or is in a call (also after a reload resumed it). */
  get callActive(): boolean {
    return this.callFlow.active;
  }

  /** The start screen's customisable elements, as on the seed's embed instance. */
  get ELEMENTS(): typeof ELEMENTS {
    return ELEMENTS;
  }

  /**
   * Changes a start-screen element (001): `disableCTA` and `content` (`title`, `subtitle`,
   * `buttonText`); `null` resets it. An unknown id fires `error` with `invalid-argument`.
   */
  updateElement(id: ElementId, state: ElementState | null): void {
    if (!Object.values(ELEMENTS).includes(id)) {
      this.fail(
        { code: ErrorCode.invalidArgument, message: `updateElement: unknown element "${String(id)}".` },
        true,
      );
      return;
    }
    const next = { ...this.elementStates };
    if (state === null) delete next[id];
    else next[id] = { ...next[id], ...state, content: { ...next[id]?.content, ...state.content } };
    this.elementStates = next;
  }

  /** Shows the `smart` trigger's overlay now (001's showOverlayWidget). */
  showOverlayWidget(): void {
    this.smartOverlay().showOverlayWidget();
  }

  /** Hides the `smart` trigger's overlay (001's hideOverlayWidget). */
  hideOverlayWidget(): void {
    this.overlay?.hideOverlayWidget();
  }

  /** Whether the widget's queue is open, with its next opening and closing times (ISO 8601). */
  async areQueuesOpen(): Promise<QueuesOpenResult> {
    const { isOpen, nextOpenTime, nextCloseTime } = await this.stateOf();
    return { isOpen, nextOpenTime, nextCloseTime };
  }

  /** Switches the widget to another queue, by id, name or slug. */
  setQueue(queueTerm: string): void {
    this.queue = queueTerm;
  }

  /** The number of online agents of a queue (default: the widget's own). */
  async getNumberOfOnlineAgents(queueTerm?: string): Promise<AgentsOnlineDetail> {
    const state = await this.stateOf(queueTerm);
    return { numberOfAgentsOnline: state.numberOfAgentsOnline, queueId: state.queueId };
  }

  /** The estimated waiting time, in seconds, of a queue (default: the widget's own); `place` is the visitor's. */
  async getEstimatedWaitingTime(queueTerm?: string): Promise<QueueEstimatedWaitingTimeDetail> {
    const state = await this.stateOf(queueTerm);
    const ticket = this.callFlow.ticket;
    if (ticket?.status === 'waiting' && ticket.queueId === state.queueId && ticket.place !== null) {
      return {
        estimatedWaitingTime: ticket.estimatedWaitingTime,
        agents: state.numberOfAgentsOnline,
        place: ticket.place,
        queueId: state.queueId,
      };
    }
    return waitingTimeOf(state);
  }

  /** Sets new customer data, or (without an argument) calls the `data` function again; the agent sees it. */
  async updateData(data?: VisitorData): Promise<void> {
    if (data !== undefined) this.data = data;
    try {
      await this.callFlow.update({ data: await this.resolveData() });
    } catch (error) {
      this.fail(toErrorDetail(error));
    }
  }

  /**
   * Sets the tracking tags. A violation of the constraints (at most 20, string keys, string / number /
   * boolean values, strings up to 1 KB) fires `error` with `invalid-argument` and changes nothing;
   * duplicate keys: the last one wins.
   */
  setTrackingTags(tags: TrackingTag[]): void {
    let valid: TrackingTag[];
    try {
      valid = validateTrackingTags(tags);
    } catch (error) {
      this.fail(toErrorDetail(error), true);
      return;
    }
    this.trackingTags = valid;
    this.callFlow.update({ trackingTags: valid }).catch((error: unknown) => this.fail(toErrorDetail(error)));
  }

  // ---- private ------------------------------------------------------------------------------------

  private stateOf(queueTerm?: string): Promise<QueueState> {
    const session = this.hub.session;
    if (!session) {
      const { connection } = this.hub;
      const error = connection.kind === 'unavailable' ? connection.error : null;
      return Promise.reject(
        new TandemError(error?.code ?? ErrorCode.orgNotFound, error?.message ?? 'No org-id is set.'),
      );
    }
    return session.queueState(queueTerm || this.queueState.queueTerm);
  }

  /** The overlay that invites visitors into this widget's calls; placed on the page once. */
  private smartOverlay(): OverlayWidget {
    if (!this.overlay) {
      const overlay = document.createElement('overlay-widget');
      overlay.orgId = this.orgId;
      overlay.hubUrl = this.hubUrl;
      overlay.locale = this.locale;
      overlay.queue = this.queue;
      overlay.variant = this.smartVariantOverride;
      overlay.position = this.smartVariantOverride === 'Side dock' ? 'docked_right' : 'bottom-right';
      overlay.popupTimeoutSeconds = this.popupTimeoutSeconds;
      overlay.allowFirstPartyCookies = this.allowFirstPartyCookies;
      overlay.getOverlayOffsets = this.getOverlayOffsets;
      overlay.target = this;
      document.body.append(overlay);
      this.overlay = overlay;
    }
    return this.overlay;
  }

  /**
   * A connect link: the booked meeting, its agent as the call's routing, and, from ten minutes
   * before its start until its end, straight into the call.
   */
  private async joinMeeting(connectId: string): Promise<void> {
    this.show();
    try {
      const session = this.hub.session;
      if (!session) throw new TandemError(ErrorCode.orgNotFound, 'No org-id is set.');
      const { booking } = await session.command('booking.byConnectId', { connectId });
      this.meeting = booking;
      if (booking.status !== 'confirmed') return;
      this.routing = { agent: booking.agent, productIds: [] };
      const now = Date.now();
      if (now >= Date.parse(booking.start) - MEETING_EARLY_MS && now <= Date.parse(booking.end)) {
        await this.callFlow.start();
      }
    } catch (error) {
      this.fail(toErrorDetail(error));
    }
  }

  private runTriggers(): void {
    if (this.triggers.includes('smart')) this.smartOverlay();
    if (this.openBookingPage) {
      this.show();
      this.bookingOpen = true;
      return;
    }
    const params = new URLSearchParams(location.search);
    const queueFromLink = params.get('bambuserQueueId');
    const connectId = this.connectId || params.get('bambuserConnectId');
    if (this.triggers.includes('queue-link') && queueFromLink) {
      this.setQueue(queueFromLink);
      this.show();
    } else if (this.triggers.includes('connect-link') && connectId) {
      void this.joinMeeting(connectId);
    } else if (this.triggers.includes('always')) {
      this.show();
    }
  }

  private async route(agents: readonly CallAgent[]): Promise<void> {
    const decide = this.onBeforeRender;
    if (!decide) return;
    try {
      const result = await decide(agents.map((a) => ({ ...a, tags: [...a.tags] })));
      if (!result) {
        this.routing = null;
        return;
      }
      const agent = agents.find((a) => a.id === result.callAgentId);
      if (!agent) {
        this.routing = null;
        if (result.callAgentId) {
          this.fail({
            code: ErrorCode.invalidArgument,
            message: `onBeforeRender chose "${result.callAgentId}", who is not online.`,
          });
        }
        return;
      }
      this.routing = {
        agent,
        productIds: Array.isArray(result.productIds) ? result.productIds.map(String) : [],
      };
    } catch (error) {
      this.routing = null;
      this.fail(
        { code: ErrorCode.invalidArgument, message: `onBeforeRender failed: ${String(error)}` },
        true,
      );
    }
  }

  private async joinOptions(): Promise<JoinOptions> {
    let trackingTags: TrackingTag[] = [];
    try {
      trackingTags = validateTrackingTags(this.trackingTags);
    } catch (error) {
      // Nothing invalid is sent: the call goes ahead without tags, and the page hears why.
      this.fail(toErrorDetail(error), true);
    }
    const options: JoinOptions = { data: await this.resolveData(), trackingTags };
    if (this.routing) {
      options.callAgentId = this.routing.agent.id;
      options.productIds = this.routing.productIds;
    }
    if (this.agentTags.length) options.agentTags = this.agentTags;
    return options;
  }

  /** The page's data, waited for at most a few seconds: a slow page must not hold the visitor. */
  private async resolveData(): Promise<VisitorData> {
    const source = this.data;
    if (!source) return {};
    if (typeof source !== 'function') return { ...source };
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const data = await Promise.race([
        source(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('the data function did not resolve within 5 s')),
            DATA_TIMEOUT_MS,
          );
        }),
      ]);
      return data && typeof data === 'object' ? { ...data } : {};
    } catch (error) {
      this.fail(
        {
          code: ErrorCode.invalidArgument,
          message: `data: ${error instanceof Error ? error.message : String(error)}`,
        },
        true,
      );
      return {};
    } finally {
      clearTimeout(timer);
    }
  }

  private track(eventName: TrackingEventDetail['eventName'], eventData: Record<string, unknown>): void {
    this.dispatchEvent(new TrackingEvent({ eventName, eventData }));
  }

  private fail(detail: TandemErrorDetail, warn = false): void {
    if (warn) console.warn(`[tandem] ${detail.message}`);
    this.dispatchEvent(new TandemErrorEvent(detail));
  }

  /** Closes the dialog; a visitor in the queue or a call keeps it, minimised. */
  private close(): void {
    if (this.callFlow.active) {
      this.minimized = true;
      return;
    }
    if (this.dialogOpen)
      this.track('call_widget_closed', { queueId: this.queueState.state?.queueId ?? null });
    this.dialogOpen = false;
    this.minimized = false;
    if (this.callFlow.phase === 'ended') this.callFlow.reset();
  }

  private onDialogCancel(event: Event): void {
    // Escape: the dialog closes (or minimises) through our own state, so Lit stays the source of truth.
    event.preventDefault();
    this.close();
  }

  /** The booking option: the page may take it over (cancel the event); else the booking card opens here. */
  private requestBooking(): void {
    const event = new BookingRequestedEvent({ queueId: this.queueState.state?.queueId ?? null });
    if (this.dispatchEvent(event)) this.bookingOpen = true;
  }

  private renderBooking(): TemplateResult {
    const back = html`<button class="link" @click=${() => (this.bookingOpen = false)}>
      ${msg('Back', { id: 'booking.back' })}
    </button>`;
    if (this.bookingIframeUrl) {
      // An external booking system: sandboxed, so it cannot reach the shop's page.
      return html`<div class="view booking">
        ${back}
        <iframe
          part="booking-iframe"
          src=${this.bookingIframeUrl}
          title=${msg('Book a meeting', { id: 'booking.title' })}
          sandbox="allow-forms allow-scripts allow-same-origin allow-popups"
          referrerpolicy="strict-origin-when-cross-origin"
        ></iframe>
      </div>`;
    }
    return html`<div class="view booking">
      ${back}
      <booking-card
        part="booking-card"
        org-id=${this.orgId}
        hub-url=${this.hubUrl}
        locale=${this.locale}
        booking-resource-id=${this.bookingResourceId}
        .bookingServiceIds=${this.bookingServiceIds}
      ></booking-card>
    </div>`;
  }

  private renderMeeting(meeting: Booking): TemplateResult {
    const when = new Intl.DateTimeFormat(this.localeController.locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(meeting.start));
    const cancelled = meeting.status !== 'confirmed';
    const early = Date.now() < Date.parse(meeting.start) - MEETING_EARLY_MS;
    const over = Date.now() > Date.parse(meeting.end);
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
                ?disabled=${early || over}
                @click=${() => this.callFlow.start()}
              >
                ${msg('Join the meeting', { id: 'meeting.join' })}
              </button>
              ${
                early
                  ? html`<p class="muted">
                      ${msg('You can join from ten minutes before the start.', { id: 'meeting.early' })}
                    </p>`
                  : over
                    ? html`<p class="muted">${msg('This meeting has ended.', { id: 'meeting.over' })}</p>`
                    : nothing
              }`
      }
    </div>`;
  }

  private gotoChat(): void {
    this.dispatchEvent(new GotoChatEvent());
    this.callFlow.media.stop();
    this.callFlow.reset();
    this.close();
  }

  /** Fires the seed's queue events for what changed between two states of the widget's queue. */
  private announce(previous: QueueState | null, next: QueueState): void {
    const first = !previous || previous.queueId !== next.queueId;
    if (first || previous.isOpen !== next.isOpen || previous.nextCloseTime !== next.nextCloseTime) {
      this.dispatchEvent(
        next.isOpen
          ? new QueueIsOpenEvent({ isOpen: true, nextCloseTime: next.nextCloseTime })
          : new QueueIsClosedEvent({ isOpen: false, nextOpenTime: next.nextOpenTime }),
      );
    }
    const waiting = waitingTimeOf(next);
    if (first || !sameWaitingTime(waitingTimeOf(previous), waiting)) {
      this.dispatchEvent(new QueueEstimatedWaitingTimeEvent(waiting));
    }
  }

  /** Media streams are not attributes: they are attached to the rendered video elements here. */
  private attachStreams(): void {
    const root = this.renderRoot;
    for (const video of root.querySelectorAll<HTMLVideoElement>('video[data-stream]')) {
      const stream =
        video.dataset.stream === 'remote'
          ? (this.callFlow.peer?.remoteStream ?? null)
          : this.callFlow.media.stream;
      if (video.srcObject !== stream) video.srcObject = stream;
    }
  }

  private get view(): CallsWidgetView {
    const state = this.queueState.state;
    if (this.hub.connection.kind === 'unavailable' || this.queueState.error) return 'unavailable';
    if (!state) return 'connecting';
    return state.isOpen ? 'open' : 'closed';
  }

  private statusText(view: CallsWidgetView): string {
    const state = this.queueState.state;
    const locale = this.localeController.locale;
    if (view === 'connecting' || !state) return msg('Connecting…', { id: 'status.connecting' });
    if (view === 'unavailable')
      return msg('Video calls are not available right now.', { id: 'calls.unavailable' });
    if (view === 'closed') {
      if (!state.nextOpenTime) return msg('Closed', { id: 'calls.closed' });
      const opens = formatInstant(state.nextOpenTime, locale);
      return msg(str`Closed · opens ${opens}`, { id: 'calls.closedUntil' });
    }
    if (state.estimatedWaitingTime === null) {
      return msg('Open · nobody is online right now', { id: 'calls.openNobodyOnline' });
    }
    const wait = formatWaitingTime(state.estimatedWaitingTime, locale);
    return msg(str`Open · estimated wait ${wait}`, { id: 'calls.openWait' });
  }

  private heading(): string {
    return this.strings.title || msg('Video call with us', { id: 'calls.title' });
  }

  private text(): string {
    const name = this.routing?.agent.name;
    if (this.strings.text) return this.strings.text.replaceAll('{{name}}', name ?? '');
    return name
      ? msg(str`${name} shows you our products live, face to face.`, { id: 'calls.textNamed' })
      : msg('One of our experts shows you our products live, face to face.', { id: 'calls.text' });
  }

  private renderAgents(view: CallsWidgetView): TemplateResult {
    const agents = this.agentList.agents;
    const count = this.agentList.count;
    const shown = agents.slice(0, 4);
    const hidden = view === 'connecting' || view === 'unavailable' || count === null;
    return html`<div part="agents" class="agents" ?hidden=${hidden}>
      ${
        shown.length
          ? html`<ul class="avatars" aria-hidden="true">
              ${shown.map((a) => html`<li><img src=${a.profile_photo_url} alt="" width="36" height="36" /></li>`)}
            </ul>`
          : nothing
      }
      <span part="agents-online">${formatAgentsOnline(count ?? 0)}</span>
    </div>`;
  }

  private renderCard(view: CallsWidgetView): TemplateResult {
    const active = this.callFlow.active;
    return html`<section
      part="base"
      class="card"
      data-state=${view}
      data-theme=${this.themeId || 'light'}
      aria-labelledby="title"
      aria-busy=${view === 'connecting'}
    >
      <h2 id="title" part="title">
        <span class="dot ${view === 'connecting' ? 'pulse' : ''}" aria-hidden="true"></span>
        ${this.heading()}
      </h2>
      <p part="status" class="status" role="status">${this.statusText(view)}</p>
      ${this.renderAgents(view)}
      <button
        part="open-button"
        class="primary"
        @click=${() => this.show()}
        ?disabled=${view === 'unavailable' || view === 'connecting'}
        aria-haspopup="dialog"
      >
        ${active ? msg('Back to your call', { id: 'call.back' }) : msg('Talk to us by video', { id: 'call.open' })}
      </button>
    </section>`;
  }

  private renderPreview(): TemplateResult {
    const media = this.callFlow.media;
    if (!media.hasVideo || this.callFlow.receiveOnly) return html``;
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

  private renderControls(): TemplateResult {
    const media = this.callFlow.media;
    const receiveOnly = this.callFlow.receiveOnly;
    return html`<div part="controls" class="controls">
      <button
        class="round"
        aria-pressed=${media.audioMuted}
        ?disabled=${!media.hasAudio || receiveOnly}
        @click=${() => this.callFlow.setAudioMuted(!media.audioMuted)}
      >
        ${media.audioMuted ? msg('Unmute', { id: 'call.unmute' }) : msg('Mute', { id: 'call.mute' })}
      </button>
      <button
        class="round"
        aria-pressed=${media.videoOff}
        ?disabled=${!media.hasVideo || receiveOnly}
        @click=${() => this.callFlow.setVideoOff(!media.videoOff)}
      >
        ${media.videoOff ? msg('Camera on', { id: 'call.cameraOn' }) : msg('Camera off', { id: 'call.cameraOff' })}
      </button>
      <button class="round" @click=${() => (this.minimized = true)}>
        ${msg('Minimise', { id: 'call.minimise' })}
      </button>
      <button class="round hang-up" part="hang-up-button" @click=${() => this.callFlow.hangUp()}>
        ${msg('Hang up', { id: 'call.hangUp' })}
      </button>
    </div>`;
  }

  private renderPhase(): TemplateResult {
    const flow = this.callFlow;
    const state = this.queueState.state;
    switch (flow.phase) {
      case 'media':
        return renderMedia({
          permission: flow.media.permission,
          onRetry: () => void flow.start(),
          onWithout: () => void flow.continueWithoutMedia(),
          onChat: () => this.gotoChat(),
        });
      case 'joining':
        return renderJoining();
      case 'waiting':
        return renderWaiting({
          ticket: flow.ticket,
          locale: this.localeController.locale,
          agent: flow.ticket?.callAgentId
            ? (this.agentList.agents.find((a) => a.id === flow.ticket?.callAgentId) ??
              this.routing?.agent ??
              null)
            : null,
          transferring: flow.call?.endReason === 'transferred',
          audioOnly: flow.media.hasAudio && !flow.media.hasVideo,
          receiveOnly: flow.receiveOnly,
          preview: this.renderPreview(),
          onLeave: () => void flow.leave(),
        });
      case 'in-call':
        return renderInCall({
          agent: flow.call!.agent,
          quality: flow.peer?.quality ?? 'connecting',
          remoteVideo: html`<video
            part="remote-video"
            class="remote"
            data-stream="remote"
            autoplay
            playsinline
            aria-label=${msg(str`Video of ${flow.call!.agent.name}`, { id: 'call.remoteVideo' })}
          ></video>`,
          remoteCameraOff: !flow.remoteMedia.video,
          preview: this.renderPreview(),
          controls: this.renderControls(),
        });
      case 'ended':
        return renderEnded({
          reason: flow.endReason,
          canRejoin: flow.endReason === 'agent-left' && !!flow.ticket?.canRejoin,
          onRejoin: () => void flow.rejoin(),
          onClose: () => this.close(),
        });
      default: {
        if (this.meeting) return this.renderMeeting(this.meeting);
        if (this.bookingOpen) return this.renderBooking();
        const closed = state && !state.isOpen;
        const opens = state?.nextOpenTime
          ? formatInstant(state.nextOpenTime, this.localeController.locale)
          : null;
        const dropIn = this.elementStates[ELEMENTS.DROP_IN_CARD];
        const booking = this.elementStates[ELEMENTS.BOOKING_CARD];
        return renderStart({
          dropIn: this.dropInEnabled
            ? {
                title: dropIn?.content?.title ?? this.heading(),
                subtitle: dropIn?.content?.subtitle ?? this.text(),
                buttonText: dropIn?.content?.buttonText ?? msg('Start video call', { id: 'call.start' }),
                disabled: dropIn?.disableCTA ?? false,
              }
            : null,
          booking: this.bookingsEnabled
            ? {
                title: booking?.content?.title ?? msg('Book a meeting', { id: 'booking.title' }),
                subtitle:
                  booking?.content?.subtitle ??
                  msg('Pick a time that suits you to meet one of our experts by video.', {
                    id: 'booking.ready',
                  }),
                buttonText: booking?.content?.buttonText ?? msg('Book a meeting', { id: 'booking.title' }),
                disabled: booking?.disableCTA ?? false,
              }
            : null,
          dropInBlocked: !state
            ? msg('Connecting…', { id: 'status.connecting' })
            : closed
              ? opens
                ? msg(str`We are closed. We open ${opens}.`, { id: 'call.closedOpens' })
                : msg('We are closed.', { id: 'call.closedNow' })
              : null,
          status: this.statusText(this.view),
          onStart: () => void flow.start(),
          onBook: () => this.requestBooking(),
        });
      }
    }
  }

  private renderMinimized(): TemplateResult {
    const flow = this.callFlow;
    const style = this.getMinimizedWidgetStyle?.() ?? {};
    const position = style.position ?? 'bottom-right';
    const vertical = style.verticalMargin ?? '16px';
    const horizontal = style.horizontalMargin ?? '16px';
    const placement = {
      position: 'fixed',
      [position.startsWith('top') ? 'top' : 'bottom']: vertical,
      [position.endsWith('left') ? 'left' : 'right']: horizontal,
      'z-index': style.zIndex ?? '1000',
    };
    const inCall = flow.phase === 'in-call';
    return html`<div
      part="minimized"
      class="mini"
      style=${styleMap(placement)}
      role="region"
      aria-label=${msg('Your video call', { id: 'call.mini' })}
    >
      ${
        inCall
          ? html`<video
              class="mini-video"
              data-stream="remote"
              autoplay
              playsinline
              aria-label=${msg(str`Video of ${flow.call!.agent.name}`, { id: 'call.remoteVideo' })}
            ></video>`
          : html`<p role="status">
              ${
                flow.ticket?.place
                  ? msg(str`You are number ${flow.ticket.place} in line`, { id: 'queue.place' })
                  : msg('Connecting…', { id: 'status.connecting' })
              }
            </p>`
      }
      <div class="mini-actions">
        <button class="secondary" @click=${() => this.show()}>${msg('Open', { id: 'call.expand' })}</button>
        ${
          inCall
            ? html`<button class="hang-up" @click=${() => flow.hangUp()}>
                ${msg('Hang up', { id: 'call.hangUp' })}
              </button>`
            : html`<button class="secondary" @click=${() => flow.leave()}>
                ${msg('Leave', { id: 'queue.leaveShort' })}
              </button>`
        }
      </div>
    </div>`;
  }

  override render(): TemplateResult {
    const view = this.view;
    const phase = this.callFlow.phase;
    const minimizedVisible = this.dialogOpen && this.minimized && this.callFlow.active;
    return html`${this.noCard ? nothing : this.renderCard(view)}
      <dialog
        part="dialog"
        data-phase=${phase}
        data-theme=${this.themeId || 'light'}
        aria-labelledby="dialog-title"
        @cancel=${this.onDialogCancel}
      >
        <div class="dialog-header">
          <h2 id="dialog-title">${this.heading()}</h2>
          ${
            this.callFlow.active
              ? html`<button
                  class="icon"
                  @click=${() => (this.minimized = true)}
                  aria-label=${msg('Minimise', { id: 'call.minimise' })}
                >
                  –
                </button>`
              : html`<button
                  class="icon"
                  @click=${() => this.close()}
                  aria-label=${msg('Close', { id: 'dialog.close' })}
                >
                  ×
                </button>`
          }
        </div>
        ${this.dialogOpen ? this.renderPhase() : nothing}
      </dialog>
      ${minimizedVisible ? this.renderMinimized() : nothing}`;
  }
}

function waitingTimeOf(state: QueueState): QueueEstimatedWaitingTimeDetail;
function waitingTimeOf(state: QueueState | null): QueueEstimatedWaitingTimeDetail | null;
function waitingTimeOf(state: QueueState | null): QueueEstimatedWaitingTimeDetail | null {
  if (!state) return null;
  return {
    estimatedWaitingTime: state.estimatedWaitingTime,
    agents: state.numberOfAgentsOnline,
    place: state.waiting + 1,
    queueId: state.queueId,
  };
}

function sameWaitingTime(
  a: QueueEstimatedWaitingTimeDetail | null,
  b: QueueEstimatedWaitingTimeDetail,
): boolean {
  return (
    !!a && a.estimatedWaitingTime === b.estimatedWaitingTime && a.agents === b.agents && a.place === b.place
  );
}

defineElement('calls-widget', CallsWidget);

declare global {
  interface HTMLElementTagNameMap {
    'calls-widget': CallsWidget;
  }
}
