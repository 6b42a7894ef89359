import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { TandemElement } from '../tandem-element.js';
import { QueueStateController } from '../../controllers/queue-state-controller.js';
import { AgentCallController, type TransferTarget } from '../../controllers/agent-call-controller.js';
import { AgentChatController } from '../../controllers/agent-chat-controller.js';
import { AgentBookingsController } from '../../controllers/agent-bookings-controller.js';
import { AGENT_STATUSES, AgentSessionController } from '../../controllers/agent-session-controller.js';
import { ClockController } from '../../controllers/clock-controller.js';
import { AgentCommerceController } from '../../controllers/agent-commerce-controller.js';
import { CartUpdatedEvent } from '../../events/cart-updated.js';
import { canScanCodes, scanCode } from '../../call/code-scanner.js';
import type { ProductData, ProductRef } from '../../protocol/commerce.js';
import { renderCommercePanel } from './commerce-views.js';
import { ChatOfferedEvent, MessageReceivedEvent } from '../../events/chat-events.js';
import { AgentStatusChangeEvent } from '../../events/agent-status-change.js';
import { CallOfferedEvent } from '../../events/call-offered.js';
import { CallStartedEvent } from '../../events/call-started.js';
import { CallEndedEvent } from '../../events/call-ended.js';
import { TrackingEvent } from '../../events/tracking-event.js';
import { hasErrorCode } from '../../errors.js';
import {
  ErrorCode,
  type AgentProfile,
  type AgentStatus,
  type CallInfo,
  type Conversation,
  type QueueState,
} from '../../protocol/frames.js';
import { formatAgentsOnline } from '../../format.js';
import { qualityLabel } from '../calls-widget/call-views.js';
import { tokens } from '../../styles/tokens.styles.js';
import { styles } from './agent-console.styles.js';
import { renderCallPanel, renderTicketList } from './console-views.js';
import { renderChatLists, renderConversation } from './chat-views.js';

/** Refreshes "waiting 2 min" labels. */
const CLOCK_MS = 15_000;

/**
 * Where the shop's agents work: sign in, set your status, see who waits, take calls, transfer them.
 *
 * @tagname agent-console
 * @summary The agents' side: sign-in, status, the queue and the calls.
 *
 * @fires agent-status-change - The agent signed in, changed status or signed out. `detail`: `{agent}` (null once signed out).
 * @fires call-offered - A visitor this agent may take is waiting (a call routed to one agent rings that agent only). `detail`: `{ticketId, queueId, data, trackingTags, productIds}`.
 * @fires call-started - The agent accepted and the call is on. `detail`: `{callId, ticketId, queueId, productIds}`.
 * @fires call-ended - The call ended (either side hung up, a transfer, a lost party). `detail`: `{callId, ticketId, reason}`.
 * @fires tracking-event - `call_transferred` when the agent transfers a call (`detail`: `{eventName, eventData}`), as the visitor's widget fires it.
 * @fires chat-offered - A chat this agent may take is waiting (or an offline message came in). `detail`: `{conversationId, visitor}`.
 * @fires message-received - Once for each visitor message the console receives, those sent before the agent accepted included. `detail`: `{conversationId, messageId, text, from}`.
 * @fires cart-updated - The visitor's page confirmed a cart change. `detail`: `{callId, lines}` (what the agent added in this call, with quantities).
 * @fires error - The console cannot reach its hub or org. `detail`: `{code, message}`. Does not bubble.
 *
 * @csspart base - The console's frame; `data-state` is `signed-out`, `signed-in` or `in-call`.
 * @csspart sign-in-form - The sign-in form.
 * @csspart profile - The signed-in agent's name, photo and status control.
 * @csspart queue - The summary of the queue.
 * @csspart tickets - The list of waiting visitors.
 * @csspart accept-next - Accepts the first waiting visitor.
 * @csspart call - The running call.
 * @csspart remote-video - The visitor's video.
 * @csspart local-video - The agent's own preview.
 * @csspart controls - Mute, camera and end-call buttons.
 * @csspart end-call - Ends the call.
 * @csspart products - The products attached to the call.
 * @csspart product-list - The call's products and search results, with their data from the visitor's page.
 * @csspart commerce - The product panel: search, products, the visitor's cart and page.
 * @csspart product-search - The product search field.
 * @csspart add-to-cart - Adds one SKU to the visitor's cart (`data-sku`).
 * @csspart show-product - Shows a product to the visitor.
 * @csspart visitor-cart - What the agent added to the visitor's cart in this call.
 * @csspart visitor-page - The page the visitor is on, and where to send them (co-browsing).
 * @csspart navigate-url - The address to send the visitor to.
 * @csspart bookings - The agent's upcoming bookings, each with a cancel button.
 * @csspart chats - The chat area.
 * @csspart chat-lists - Waiting, mine and offline conversations.
 * @csspart conversation - The selected conversation; `data-status` is its status.
 * @csspart chat-details - Visitor info, fields, forms, category, meta variables, mentions and notifications.
 * @csspart transcript - The selected conversation's messages.
 * @csspart reply - The reply field.
 * @csspart accept-chat - Accepts the selected conversation.
 * @csspart end-chat - Ends the selected conversation.
 *
 * @cssprop --tandem-color-accent - Accent colour of buttons and focus rings.
 * @cssprop --tandem-color-surface - Background.
 * @cssprop --tandem-radius - Corner radius.
 */
export class AgentConsole extends TandemElement {
  static override styles = [tokens, styles];

  /** The queue whose summary the console shows: id, name or slug. */
  @property() queue = '';

  @state() private busy = false;
  @state() private message = '';

  private readonly queueState = new QueueStateController(this, this.hub, () => this.queue || 'default');
  private readonly calls = new AgentCallController(this, this.hub, {
    onOffered: (detail) => this.dispatchEvent(new CallOfferedEvent(detail)),
    onStarted: (call) =>
      this.dispatchEvent(
        new CallStartedEvent({
          callId: call.callId,
          ticketId: call.ticketId,
          queueId: call.queueId,
          productIds: call.productIds,
        }),
      ),
    onEnded: (call) => {
      this.dispatchEvent(
        new CallEndedEvent({ callId: call.callId, ticketId: call.ticketId, reason: call.endReason }),
      );
      if (call.endReason === 'transferred') {
        // The seed's call_transferred, on the agent's side too.
        const { callId, queueId, transferredTo } = call;
        this.dispatchEvent(
          new TrackingEvent({ eventName: 'call_transferred', eventData: { callId, queueId, transferredTo } }),
        );
      }
    },
  });
  private readonly chats = new AgentChatController(this, this.hub, {
    onOffered: (detail) => this.dispatchEvent(new ChatOfferedEvent(detail)),
    onMessage: (message) => {
      if (message.from !== 'visitor' || message.kind !== 'text') return;
      const { conversationId, messageId, text, from } = message;
      this.dispatchEvent(new MessageReceivedEvent({ conversationId, messageId, text, from }));
    },
  });
  private readonly bookings = new AgentBookingsController(this, this.hub);
  private readonly agentSession = new AgentSessionController(this, this.hub, (agent) =>
    this.dispatchEvent(new AgentStatusChangeEvent({ agent })),
  );
  private readonly clock = new ClockController(this, CLOCK_MS);
  private readonly commerce = new AgentCommerceController(this, this.hub, {
    call: () => this.call,
    onCartUpdated: (callId, lines) => this.dispatchEvent(new CartUpdatedEvent({ callId, lines })),
  });
  /** Cancels a scan the agent started when the console leaves the page. */
  private scanning: AbortController | null = null;

  /** The signed-in agent, or null. */
  get agent(): AgentProfile | null {
    return this.agentSession.agent;
  }

  /** The running call, or null. */
  get call(): CallInfo | null {
    return this.calls.call?.status === 'active' ? this.calls.call : null;
  }

  /** Signs an agent in; resolves with its profile, rejects with a TandemError (`bad-credentials`, ...). */
  async signIn(agentId: string, password: string): Promise<AgentProfile> {
    return this.agentSession.signIn(agentId, password);
  }

  /** Sets the signed-in agent's status; visitors' widgets update live. */
  async setStatus(status: AgentStatus): Promise<AgentProfile> {
    return this.agentSession.setStatus(status);
  }

  /** Ends the running call, if any, and signs the agent out. */
  async signOut(): Promise<void> {
    if (this.call) await this.calls.endCall();
    await this.agentSession.signOut();
  }

  /** Accepts a waiting visitor (default: the first this agent may take); resolves when the call is on. */
  async accept(ticketId?: string): Promise<CallInfo> {
    return this.calls.accept(ticketId);
  }

  /** Ends the running call. */
  async endCall(): Promise<void> {
    await this.calls.endCall();
  }

  /** Transfers the running call to another agent (`{agentId}`, or an agent id string) or a queue (`{queue}`). */
  async transfer(target: TransferTarget | string): Promise<void> {
    await this.calls.transfer(typeof target === 'string' ? { agentId: target } : target);
  }

  /** Accepts a waiting chat (default: the oldest) or takes up an offline message. */
  async acceptChat(conversationId?: string): Promise<Conversation> {
    return this.chats.accept(conversationId);
  }

  /** Sends a message in a conversation the agent has; resolves with its id once stored. */
  async sendMessage(conversationId: string, text: string): Promise<string> {
    return this.chats.send(conversationId, text);
  }

  /** Ends a conversation. */
  async endChat(conversationId: string): Promise<void> {
    await this.chats.end(conversationId);
  }

  /** Opens a product of the call (a ref, a URL or a product id) and shows it to the visitor; resolves with its data. */
  async showProduct(ref: string): Promise<ProductData> {
    return this.commerce.showProduct(ref);
  }

  /** Searches the shop through the visitor's page (`provide-search-data`); resolves with product data and refs. */
  async searchProducts(query: string): Promise<Array<ProductData | ProductRef>> {
    return this.commerce.searchProducts(query);
  }

  /** Adds one of a SKU to the visitor's cart; resolves with the page's answer (`true`/`false`), rejects without one. */
  async addToCart(sku: string): Promise<boolean> {
    return this.commerce.addToCart(sku);
  }

  /** Sets a SKU's quantity in the visitor's cart (0 removes it); resolves with the page's answer. */
  async updateCartItem(sku: string, quantity: number): Promise<boolean> {
    return this.commerce.updateCartItem(sku, quantity);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.scanning?.abort();
  }

  override updated(): void {
    for (const video of this.renderRoot.querySelectorAll<HTMLVideoElement>('video[data-stream]')) {
      const stream =
        video.dataset.stream === 'remote' ? (this.calls.peer?.remoteStream ?? null) : this.calls.media.stream;
      if (video.srcObject !== stream) video.srcObject = stream;
    }
  }

  private async run(action: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.message = '';
    try {
      await action();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.message = this.localeController.run(() =>
        hasErrorCode(error, ErrorCode.badCredentials)
          ? msg('That agent id and password do not match.', { id: 'console.badCredentials' })
          : msg(str`Something went wrong: ${reason}`, { id: 'console.failed' }),
      );
    } finally {
      this.busy = false;
    }
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    void this.run(() =>
      this.signIn(String(data.get('agentId') ?? '').trim(), String(data.get('password') ?? '')),
    );
  }

  private onStatusChange(event: Event): void {
    const select = event.target as HTMLSelectElement;
    void this.run(() => this.setStatus(select.value as AgentStatus)).then(() => {
      // On failure the control goes back to what the hub holds.
      select.value = this.agent?.status ?? select.value;
    });
  }

  private statusLabel(status: AgentStatus): string {
    return {
      online: msg('Online', { id: 'status.online' }),
      busy: msg('Busy', { id: 'status.busy' }),
      offline: msg('Offline', { id: 'status.offline' }),
    }[status];
  }

  private queueSummary(queue: QueueState): string {
    const open = queue.isOpen ? msg('open', { id: 'queue.open' }) : msg('closed', { id: 'queue.closed' });
    const agents = formatAgentsOnline(queue.numberOfAgentsOnline);
    return msg(str`${queue.name}: ${open} · ${agents} · ${queue.waiting} waiting`, {
      id: 'console.queueSummary',
    });
  }

  private renderSignIn(): TemplateResult {
    const unavailable = this.hub.connection.kind === 'unavailable';
    return html`<h2>${msg('Agent sign-in', { id: 'console.signInTitle' })}</h2>
      <form part="sign-in-form" @submit=${this.onSubmit}>
        <label>
          ${msg('Agent id', { id: 'console.agentId' })}
          <input name="agentId" autocomplete="username" required />
        </label>
        <label>
          ${msg('Password', { id: 'console.password' })}
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit" ?disabled=${this.busy || unavailable}>
          ${this.busy ? msg('Signing in…', { id: 'console.signingIn' }) : msg('Sign in', { id: 'console.signIn' })}
        </button>
      </form>`;
  }

  private renderCallArea(agent: AgentProfile): TemplateResult {
    const call = this.call;
    const calls = this.calls;
    if (call) {
      return renderCallPanel({
        call,
        quality: calls.peer?.quality ?? 'connecting',
        qualityLabel: qualityLabel(calls.peer?.quality ?? 'connecting'),
        remoteCameraOff: !calls.remoteMedia.video,
        audioMuted: calls.media.audioMuted,
        videoOff: calls.media.videoOff,
        hasAudio: calls.media.hasAudio,
        hasVideo: calls.media.hasVideo,
        transferAgents: (this.queueState.state?.agents ?? []).filter((a) => a.id !== agent.id),
        transferQueues: calls.queues,
        onMute: () => calls.setAudioMuted(!calls.media.audioMuted),
        onCamera: () => calls.setVideoOff(!calls.media.videoOff),
        onEnd: () => void this.run(() => this.endCall()),
        onTransfer: (target) => void this.run(() => this.transfer(target)),
        commerce: this.renderCommerce(),
      });
    }
    return renderTicketList({
      tickets: calls.tickets,
      now: this.clock.now,
      locale: this.localeController.locale,
      blocked:
        agent.status === 'online'
          ? null
          : msg('Set your status to online to take calls.', { id: 'console.goOnline' }),
      onAccept: (ticketId) => void this.run(() => this.accept(ticketId)),
    });
  }

  private renderCommerce(): TemplateResult {
    const commerce = this.commerce;
    return renderCommercePanel({
      commerce,
      locale: this.localeController.locale,
      canScan: commerce.settings.scanning && canScanCodes(),
      onSearch: (query) => void this.run(() => commerce.searchProducts(query)),
      onScan: () => void this.run(() => this.scanProduct()),
      onShow: (id) => void this.run(() => commerce.showProduct(id)),
      onHide: () => commerce.hideProduct(),
      onAdd: (sku, productId) => void this.run(() => commerce.addToCart(sku, productId)),
      onQuantity: (sku, quantity) => void this.run(() => commerce.updateCartItem(sku, quantity)),
      onNavigate: (url) => commerce.navigate(url),
    });
  }

  /** Scans a product's code with the back camera into a search (001's enableScanning). */
  private async scanProduct(): Promise<void> {
    this.scanning?.abort();
    this.scanning = new AbortController();
    const code = await scanCode(this.scanning.signal);
    await this.commerce.searchProducts(code, 'scanned-code');
  }

  private renderSignedIn(agent: AgentProfile): TemplateResult {
    const queue = this.queueState.state;
    return html`<div part="profile" class="profile">
        <img src=${agent.profile_photo_url} alt="" width="48" height="48" />
        <div class="who">
          <span class="name">${agent.name}</span>
          <span
            ><span class="dot" data-status=${agent.status} aria-hidden="true"></span>
            ${this.statusLabel(agent.status)}</span
          >
        </div>
        <button
          class="secondary"
          type="button"
          @click=${() => this.run(() => this.signOut())}
          ?disabled=${this.busy}
        >
          ${msg('Sign out', { id: 'console.signOut' })}
        </button>
      </div>
      <div class="status-row">
        <label>
          ${msg('Status', { id: 'console.status' })}
          <select
            name="status"
            .value=${agent.status}
            @change=${this.onStatusChange}
            ?disabled=${this.busy || !!this.call}
          >
            ${AGENT_STATUSES.map((s) => html`<option value=${s} ?selected=${s === agent.status}>${this.statusLabel(s)}</option>`)}
          </select>
        </label>
      </div>
      <p part="queue" class="queue" role="status">
        ${queue ? this.queueSummary(queue) : msg('Connecting…', { id: 'status.connecting' })}
      </p>
      ${this.renderCallArea(agent)} ${this.renderChats(agent)} ${this.renderBookings()}`;
  }

  private renderBookings(): TemplateResult {
    const format = new Intl.DateTimeFormat(this.localeController.locale, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    const bookings = this.bookings.bookings;
    return html`<section class="bookings" part="bookings" aria-labelledby="bookings-title">
      <h3 id="bookings-title">${msg('Upcoming bookings', { id: 'console.bookings' })}</h3>
      ${
        bookings.length
          ? html`<ul class="ticket-list">
              ${bookings.map(
                (b) =>
                  html`<li class="ticket" data-booking-id=${b.bookingId} data-status=${b.status}>
                    <div class="row">
                      <strong>${format.format(new Date(b.start))} · ${b.serviceName}</strong>
                      <span class="muted">${b.visitor.name} · ${b.visitor.email} · ${b.visitor.phone}</span>
                    </div>
                    ${
                      b.status === 'cancelled'
                        ? html`<span class="muted"
                            >${msg('Cancelled', { id: 'console.bookingCancelled' })}</span
                          >`
                        : html`<button
                            class="secondary"
                            @click=${() => this.run(() => this.bookings.cancel(b.bookingId))}
                          >
                            ${msg('Cancel booking', { id: 'console.cancelBooking' })}
                          </button>`
                    }
                  </li>`,
              )}
            </ul>`
          : html`<p class="muted">${msg('No upcoming bookings.', { id: 'console.noBookings' })}</p>`
      }
    </section>`;
  }

  private renderChats(agent: AgentProfile): TemplateResult {
    const chats = this.chats;
    const selected = chats.selected;
    return html`<section class="chats" part="chats" aria-labelledby="chats-title">
      <h3 id="chats-title">${msg('Chats', { id: 'chats.title' })}</h3>
      <div class="chat-layout">
        ${renderChatLists({
          conversations: chats.conversations,
          selfId: agent.id,
          selectedId: chats.selectedId,
          onSelect: (id) => chats.select(id),
        })}
        ${
          selected
            ? renderConversation({
                conversation: selected,
                messages: chats.transcript(selected.conversationId).messages,
                pending: chats.pending.get(selected.conversationId) ?? [],
                selfId: agent.id,
                visitorTyping: chats.visitorTyping.has(selected.conversationId),
                agents: this.queueState.state?.agents ?? [],
                locale: this.localeController.locale,
                onAccept: () => void this.run(() => this.acceptChat(selected.conversationId)),
                onSend: (text) => void this.run(() => this.sendMessage(selected.conversationId, text)),
                onTyping: () => chats.typing(selected.conversationId, true),
                onEnd: () => void this.run(() => this.endChat(selected.conversationId)),
                onAssign: (agentId) => void this.run(() => chats.assign(selected.conversationId, agentId)),
              })
            : html`<p class="muted">${msg('Choose a conversation.', { id: 'chats.choose' })}</p>`
        }
      </div>
    </section>`;
  }

  override render(): TemplateResult {
    const agent = this.agent;
    const connection = this.hub.connection;
    const state = !agent ? 'signed-out' : this.call ? 'in-call' : 'signed-in';
    return html`<section
      part="base"
      data-state=${state}
      aria-label=${msg('Agent console', { id: 'console.label' })}
    >
      ${agent ? this.renderSignedIn(agent) : this.renderSignIn()}
      <p class="message" role="alert">
        ${
          this.message ||
          (connection.kind === 'unavailable'
            ? msg('The hub cannot be reached. Retrying…', { id: 'console.unavailable' })
            : nothing)
        }
      </p>
    </section>`;
  }
}
