import { html, nothing, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import { CallsWidgetOptions } from './calls-widget.options.js';
import { tagOf } from '../../define.js';
import { waitingTimeOf } from '../../controllers/queue-events-controller.js';
import { createCallsWidgetControllers, type CallsWidgetControllers } from './calls-widget.controllers.js';
import type { AgentsOnlineDetail } from '../../events/agents-online.js';
import type { QueueEstimatedWaitingTimeDetail } from '../../events/queue-estimated-waiting-time.js';
import { BookingRequestedEvent } from '../../events/booking-requested.js';
import { GotoChatEvent } from '../../events/goto-chat.js';
import { FloatingStackController, FLOATING_ORDER } from '../../controllers/floating-stack-controller.js';
import { ErrorCode, type TrackingTag } from '../../protocol/frames.js';
import {
  ELEMENTS,
  FLOATING_PLAYER_NAVIGATION_MODE,
  type ElementId,
  type ElementState,
  type QueuesOpenResult,
  type VisitorData,
} from '../../call/call-types.js';
import { tokens, card } from '../../styles/tokens.styles.js';
import { styles } from './calls-widget.styles.js';
import { cardStyles } from './card.styles.js';
import { shopStyles } from './shop.styles.js';
import {
  cardView,
  createCard,
  renderHeaderButton,
  renderMinimized,
  statusText,
} from './calls-widget-views.js';
import { heading, renderDialogBody } from './dialog-views.js';
import { renderCoBrowseFrame, renderShop } from './shop-views.js';
import { orgTheme } from '../../styles/org-theme.js';
import { viewPart } from '../view-part.js';
import type { ProductFactory } from '../../controllers/cart-bridge-controller.js';

export * from '../../call/call-types.js';
export type { CallsWidgetView } from './calls-widget-views.js';

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
 * @fires tracking-event - A tracking event: `detail`: `{eventName, eventData}` for the call steps (`call_widget_opened`, `joined_queue`, `left_queue`, `call_started`, `call_transferred`, `call_ended`, `call_widget_closed`) and the product and cart steps (`product_viewed`, `cart_item_added`, `cart_item_updated`, `cart_item_removed`, `checkout_started`), or `{event, ecommerce}` for GA4 ecommerce (`view_item`, `add_to_cart`, `remove_from_cart`, `begin_checkout`). Also pushed to `window.dataLayer` (see `data-layer-tracking`, `ecommerce-tracking`).
 * @fires booking-requested - The visitor chose to book a meeting on the start screen. `detail`: `{queueId}`. Cancel it to handle booking yourself; otherwise the booking card opens in the dialog.
 * @fires goto-chat - The visitor chose chat instead of a call; the widget closes.
 * @fires provide-product-data - The agent needs product data. `detail`: `{products: [{ref, type, id}], signal}`; answer with `updateProduct(id, factory)`.
 * @fires provide-search-data - The agent searches the shop. `detail`: `{query, callback(results), respond, signal}`.
 * @fires should-add-item-to-cart - The agent adds a product to the visitor's cart. `detail`: `{sku, callback(success), respond, signal}`; no answer within 15 s is a failure.
 * @fires should-update-item-in-cart - The agent changes a quantity (0 removes). `detail`: `{sku, quantity, callback(success), respond, signal}`.
 * @fires goto-checkout - The visitor pressed checkout in the call view; send them there, e.g. with `floatAbove('/checkout')`.
 * @fires error - The widget cannot do its work (`rate-limited` with `retryAfter` in seconds when the hub refuses more queue joins for now; the start screen says when to try again). `detail`: `{code, message, retryAfter?}`. Does not bubble.
 * @fires tandem-error - The same error, with the same `detail`, bubbling and composed: typed as Tandem's `TandemErrorEvent` where `error` is DOM's `ErrorEvent`.
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
 * @csspart chat-instead - "Chat instead" on the start screen, while waiting and when the camera fails (fires `goto-chat`).
 * @csspart rejoin-button - Rejoins at the front after the agent's connection was lost.
 * @csspart book-button - The booking option's button.
 * @csspart booking-card - The `<booking-card>` the booking option opens in the dialog.
 * @csspart booking-iframe - The sandboxed external booking system, with `booking-iframe-url`.
 * @csspart meeting - A booked meeting opened from its connect link; `data-status` is `confirmed` or `cancelled`.
 * @csspart join-meeting - Joins the booked meeting.
 * @csspart minimized - The minimised player shown while the visitor browses during a wait or call.
 * @csspart minimized-video - The agent's video in the minimised player.
 * @csspart shop - The products in the call view: the product the agent shows, the cart, checkout.
 * @csspart product - The product the agent shows.
 * @csspart cart - What the agent added to the cart in this call.
 * @csspart checkout-button - Sends the visitor to checkout (`goto-checkout`).
 * @csspart co-browsing-frame - The shop's page under the floating player while co-browsing.
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
export class CallsWidget extends CallsWidgetOptions {
  static override styles = [tokens, card, cardStyles, styles, shopStyles];

  /** The start screen's customisable elements (001's `ELEMENTS`), for `updateElement`. */
  static readonly ELEMENTS = ELEMENTS;

  /** 001's `FLOATING_PLAYER_NAVIGATION_MODE`. */
  static readonly FLOATING_PLAYER_NAVIGATION_MODE = FLOATING_PLAYER_NAVIGATION_MODE;

  @state() private elementStates: Partial<Record<ElementId, ElementState>> = {};
  /** The booking card's tag once its module has loaded (the name its class is registered under). */
  @state() private bookingCardTag: string | null = null;

  @query('dialog') private dialog?: HTMLDialogElement;

  private readonly parts: CallsWidgetControllers = createCallsWidgetControllers(this, this.hub);
  /** The minimised player shares the page's corner with the chat launcher and the overlay. */
  private readonly stack = new FloatingStackController(this, {
    corner: () =>
      this.parts.dialogState.playerShown
        ? (this.getMinimizedWidgetStyle?.().position ?? 'bottom-right')
        : null,
    box: () => this.renderRoot.querySelector<HTMLElement>('[part~="minimized"]'),
    order: FLOATING_ORDER.player,
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.dialog?.close();
  }

  protected override updated(): void {
    // The booking option hands over to a booking card, registered when it is first shown (it brings
    // the booking flow and phone-number handling, which a call does not need).
    if (this.parts.dialogState.booking && !this.bookingCardTag) {
      void import('../booking-card/booking-card.component.js').then(({ BookingCard }) => {
        this.bookingCardTag = tagOf(BookingCard, 'booking-card');
      });
    }
    this.attachStreams();
    const dialog = this.dialog;
    // A modal dialog opens only in a document (a removed widget may still update once).
    if (!dialog || !this.isConnected) return;
    const shown = this.parts.dialogState.dialogShown;
    if (shown && !dialog.open) dialog.showModal();
    if (!shown && dialog.open) dialog.close();
  }

  /** Opens the widget on its start screen (or on the running call). */
  show(): void {
    this.parts.dialogState.show();
  }

  /** Starts the call flow from code: camera and microphone, then the queue (FluxPlayer's `startCall`). */
  async startCall(): Promise<void> {
    this.show();
    await this.parts.callFlow.start();
  }

  /** Leaves the queue or hangs up, closes the widget and removes it from the page. */
  async destroy(): Promise<void> {
    await this.parts.callFlow.end();
    this.parts.dialogState.close();
    this.remove();
  }

  /** True while the visitor waits in the queue or is in a call (also after a reload resumed it). */
  get callActive(): boolean {
    return this.parts.callFlow.active;
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
      const message = `updateElement: unknown element "${String(id)}".`;
      return this.parts.fail({ code: ErrorCode.invalidArgument, message }, true);
    }
    const next = { ...this.elementStates };
    if (state === null) delete next[id];
    else next[id] = { ...next[id], ...state, content: { ...next[id]?.content, ...state.content } };
    this.elementStates = next;
  }

  /** Shows the `smart` trigger's overlay now (001's showOverlayWidget). */
  showOverlayWidget(): void {
    this.parts.smartOverlay.show();
  }

  /** Hides the `smart` trigger's overlay (001's hideOverlayWidget). */
  hideOverlayWidget(): void {
    this.parts.smartOverlay.hide();
  }

  /** Whether the widget's queue is open, with its next opening and closing times (ISO 8601). */
  async areQueuesOpen(): Promise<QueuesOpenResult> {
    const { isOpen, nextOpenTime, nextCloseTime } = await this.parts.queueState.stateOf();
    return { isOpen, nextOpenTime, nextCloseTime };
  }

  /** Switches the widget to another queue, by id, name or slug. */
  setQueue(queueTerm: string): void {
    this.queue = queueTerm;
  }

  /** The number of online agents of a queue (default: the widget's own). */
  async getNumberOfOnlineAgents(queueTerm?: string): Promise<AgentsOnlineDetail> {
    const state = await this.parts.queueState.stateOf(queueTerm);
    return { numberOfAgentsOnline: state.numberOfAgentsOnline, queueId: state.queueId };
  }

  /** The estimated waiting time, in seconds, of a queue (default: the widget's own); `place` is the visitor's. */
  async getEstimatedWaitingTime(queueTerm?: string): Promise<QueueEstimatedWaitingTimeDetail> {
    return waitingTimeOf(await this.parts.queueState.stateOf(queueTerm), this.parts.callFlow.ticket);
  }

  /**
   * Gives the agent the data of a product (001's `updateProduct`): `factory` returns the product data
   * object (or is one). A product already on screen updates on both sides. Data of the wrong shape
   * fires `error` (`invalid-argument`) naming what is missing, and the agent sees why.
   */
  updateProduct(id: string, factory: ProductFactory): void {
    void this.parts.bridge.updateProduct(id, factory);
  }

  /**
   * Floats the call above the page (001's `floatAbove`); with a URL of this shop, takes the visitor
   * (and the agent) there while the call goes on. Another origin fires `error` and goes nowhere.
   */
  floatAbove(url?: string): void {
    this.parts.coBrowse.floatAbove(url);
  }

  /** Sets new customer data, or (without an argument) calls the `data` function again; the agent sees it. */
  async updateData(data?: VisitorData): Promise<void> {
    if (data !== undefined) this.data = data;
    await this.parts.details.sendData();
  }

  /**
   * Sets the tracking tags. A violation of the constraints (at most 20, string keys, string / number /
   * boolean values, strings up to 1 KB) fires `error` with `invalid-argument` and changes nothing;
   * duplicate keys: the last one wins.
   */
  setTrackingTags(tags: TrackingTag[]): void {
    this.trackingTags = this.parts.details.acceptTrackingTags(tags) ?? this.trackingTags;
  }

  private gotoChat(): void {
    this.dispatchEvent(new GotoChatEvent());
    this.parts.callFlow.media.stop();
    this.parts.callFlow.reset();
    this.parts.dialogState.close();
  }

  private onDialogCancel(event: Event): void {
    // Escape: the dialog closes (or minimises) through our own state, so Lit stays the source of truth.
    event.preventDefault();
    this.closeDialog();
  }

  /** Closes the dialog (minimised while a call runs); after a co-browsed call, the frame goes too. */
  private closeDialog(): void {
    this.parts.dialogState.close();
    this.parts.coBrowse.leaveFrame();
  }

  /** The booking option: the page may take it over (cancel the event); else the booking card opens here. */
  private requestBooking(): void {
    const event = new BookingRequestedEvent({ queueId: this.parts.queueState.state?.queueId ?? null });
    if (this.dispatchEvent(event)) this.parts.dialogState.showBooking();
  }

  /** The booking option: the widget's own `bookings-enabled`, else the org's setting. */
  private bookingsOffered(): boolean {
    return this.bookingsEnabled ?? this.hub.session?.settings.bookingsEnabled ?? false;
  }

  /** Media streams are not attributes: they are attached to the rendered video elements here. */
  private attachStreams(): void {
    for (const video of this.renderRoot.querySelectorAll<HTMLVideoElement>('video[data-stream]')) {
      const remote = video.dataset.stream === 'remote';
      const stream = remote
        ? (this.parts.callFlow.peer?.remoteStream ?? null)
        : this.parts.callFlow.media.stream;
      if (video.srcObject !== stream) video.srcObject = stream;
    }
  }

  override render(): TemplateResult {
    const { callFlow: flow, dialogState: dialog } = this.parts;
    const localeController = this.localeController;
    const locale = localeController.locale;
    const state = this.parts.queueState.state;
    const unavailable = this.hub.connection.kind === 'unavailable' || !!this.parts.queueState.error;
    const view = cardView(unavailable, state);
    const status = statusText(view, state, locale, flow.ticket);
    const meeting = this.parts.meetings.meeting;
    const card = viewPart(createCard, {
      ...{ view, themeId: this.themeId, heading: heading(this.strings), status },
      queueName: state?.name ?? null,
      ...{
        agents: this.parts.agentList.agents,
        agentCount: this.parts.agentList.count,
        callActive: flow.active,
      },
      onOpen: () => this.show(),
    });
    const { bridge, coBrowse } = this.parts;
    const shop = renderShop({
      ...{ product: bridge.shown, cart: bridge.cart, outcome: bridge.outcome, locale },
      onCheckout: () => bridge.checkout(),
    });
    const frame = coBrowse.frameUrl
      ? renderCoBrowseFrame(coBrowse.frameUrl, document.title, (f) => coBrowse.frameLoaded(f))
      : nothing;
    const body = renderDialogBody({
      shop,
      ...{
        flow,
        locale,
        state,
        unavailable,
        status,
        strings: this.strings,
        routing: this.parts.routing.routing,
      },
      onlineAgents: this.parts.agentList.agents,
      meeting: meeting ? { booking: meeting, timing: this.parts.meetings.timing(meeting) } : null,
      booking: dialog.booking
        ? {
            ...{
              iframeUrl: this.bookingIframeUrl,
              orgId: this.orgId,
              hubUrl: this.hubUrl,
              locale: this.locale,
            },
            ...{ resourceId: this.bookingResourceId, serviceIds: this.bookingServiceIds },
            cardTag: this.bookingCardTag,
            onBack: () => dialog.showBooking(false),
          }
        : null,
      dropIn: this.dropInEnabled ? (this.elementStates[ELEMENTS.DROP_IN_CARD] ?? {}) : null,
      book: this.bookingsOffered() ? (this.elementStates[ELEMENTS.BOOKING_CARD] ?? {}) : null,
      onChat: () => this.gotoChat(),
      onMinimize: () => dialog.minimize(),
      onClose: () => this.closeDialog(),
      onBook: () => this.requestBooking(),
    });
    const player = dialog.playerShown
      ? renderMinimized({
          style: this.getMinimizedWidgetStyle?.() ?? {},
          translate: this.stack.translate,
          agent: flow.phase === 'in-call' ? flow.call!.agent : null,
          place: flow.ticket?.place ?? null,
          onOpen: () => this.show(),
          onHangUp: () => void flow.hangUp(),
          onLeave: () => void flow.leave(),
        })
      : nothing;
    return html`${orgTheme(this.hub.session?.settings, this.themeId)}${frame}${this.noCard ? nothing : card}
      <dialog
        part="dialog"
        data-phase=${flow.phase}
        data-theme=${this.themeId || 'light'}
        aria-labelledby="dialog-title"
        @cancel=${this.onDialogCancel}
      >
        <div class="dialog-header">
          <h2 id="dialog-title">${heading(this.strings)}</h2>
          ${renderHeaderButton(
            flow.active,
            () => dialog.minimize(),
            () => dialog.close(),
          )}
        </div>
        ${dialog.open ? body : nothing}
      </dialog>
      ${player}`;
  }
}
