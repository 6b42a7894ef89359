import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { property } from '../property.js';
import { msg, str } from '@lit/localize';
import { TandemElement } from '../tandem-element.js';
import { QueueStateController } from '../../controllers/queue-state-controller.js';
import type { TransferTarget } from '../../controllers/agent-call-controller.js';
import { createAgentCallController, createAgentChatController } from './agent-console.controllers.js';
import { AgentBookingsController } from '../../controllers/agent-bookings-controller.js';
import { AgentSessionController } from '../../controllers/agent-session-controller.js';
import { AgentAlertsController, type Waiting } from '../../controllers/agent-alerts-controller.js';
import { ConsoleShortcutsController } from '../../controllers/console-shortcuts-controller.js';
import { ClockController } from '../../controllers/clock-controller.js';
import { AgentCommerceController } from '../../controllers/agent-commerce-controller.js';
import { CartUpdatedEvent } from '../../events/cart-updated.js';
import { canScanCodes, scanCode } from '../../call/code-scanner.js';
import type { ProductData, ProductRef } from '../../protocol/commerce.js';
import { renderCommercePanel } from './commerce-views.js';
import { AgentStatusChangeEvent } from '../../events/agent-status-change.js';
import { hasErrorCode } from '../../errors.js';
import {
  ErrorCode,
  type AgentProfile,
  type AgentStatus,
  type CallInfo,
  type Conversation,
} from '../../protocol/frames.js';
import { qualityLabel } from '../calls-widget/call-views.js';
import { tokens } from '../../styles/tokens.styles.js';
import { styles } from './agent-console.styles.js';
import { workspaceStyles } from './workspace.styles.js';
import { renderCallPanel } from './console-views.js';
import { renderConversation, renderConversationTabs } from './chat-views.js';
import { contextEmail, renderContextPane } from './context-views.js';
import {
  renderBookings,
  renderChatLists,
  renderHelp,
  renderSignIn,
  renderTicketList,
  queueSummary,
  renderTopBar,
  renderWorkEmpty,
  defaultSavedReplies,
  waitingItems,
} from './workspace-views.js';

/** Refreshes the live "waiting 45 s" counters. */
const CLOCK_MS = 1_000;

/**
 * Where the shop's agents work all day: a full-window workspace with a list pane (calls and chats
 * waiting, with live counters; the agent's own chats; offline messages; today's bookings), a work pane
 * (the call, and several chats open at once in tabs) and a context pane (the visitor's data, tags,
 * widget preset, products, cart and page, and earlier conversations and bookings). A new visitor rings
 * (mutable), shows a desktop notification where allowed and counts in the tab's title; keyboard
 * shortcuts (`?` lists them) accept, end and switch conversations. Give it the window's height (e.g.
 * `agent-console { height: 100vh }`); below 1100 px wide the context pane goes under the work pane,
 * below 700 px everything stacks.
 *
 * @tagname agent-console
 * @summary The agents' workspace: sign-in, status, the queue, calls, chats and bookings.
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
 * @fires tandem-error - The same error, with the same `detail`, bubbling and composed: typed as Tandem's `TandemErrorEvent` where `error` is DOM's `ErrorEvent`.
 *
 * @csspart base - The console's frame; `data-state` is `signed-out`, `signed-in` or `in-call`.
 * @csspart sign-in-form - The sign-in form.
 * @csspart profile - The signed-in agent's name, photo and status.
 * @csspart queue - The summary of the queue.
 * @csspart mute - Mutes the ring for new visitors (`aria-pressed`).
 * @csspart notifications - Asks for desktop notifications (shown until the agent answered).
 * @csspart help-button - Opens the keyboard shortcuts overlay.
 * @csspart help - The keyboard shortcuts overlay.
 * @csspart list-pane - Waiting calls and chats, the agent's chats, offline messages and bookings.
 * @csspart work-pane - The call and the open conversations.
 * @csspart context-pane - The visitor: data, tags, preset, products, cart, page, earlier contacts.
 * @csspart waiting-time - A live "waiting" counter.
 * @csspart history - Earlier conversations and bookings of the visitor.
 * @csspart conversation-tabs - The open conversations, switchable.
 * @csspart saved-replies - Picks a saved reply into the reply box.
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
 * @csspart transcript - The selected conversation's messages (the latest ones; earlier ones on request).
 * @csspart show-earlier - The button that renders a long conversation's earlier messages.
 * @csspart more-waiting - Under a waiting list longer than 50, how many more are not shown.
 * @csspart reply - The reply field.
 * @csspart accept-chat - Accepts the selected conversation.
 * @csspart end-chat - Ends the selected conversation.
 *
 * @cssprop --tandem-console-min-height - The console's height before and after it upgrades (default 36rem).
 * @cssprop --tandem-color-accent - Accent colour of buttons and focus rings.
 * @cssprop --tandem-color-surface - Background.
 * @cssprop --tandem-radius - Corner radius.
 */
export class AgentConsole extends TandemElement {
  static override styles = [tokens, styles, workspaceStyles];

  /** The queue whose summary the console shows: id, name or slug. */
  @property() queue = '';

  /** Replies the agent picks from the reply box (default: a few greetings and closings). */
  @property({ attribute: false }) savedReplies: string[] | null = null;

  @state() private busy = false;
  @state() private message = '';

  private readonly queueState = new QueueStateController(this, this.hub, () => this.queue || 'default');
  private readonly calls = createAgentCallController(this, this.hub);
  private readonly chats = createAgentChatController(this, this.hub);
  private readonly bookings = new AgentBookingsController(this, this.hub);
  private readonly agentSession = new AgentSessionController(this, this.hub, (agent) =>
    this.dispatchEvent(new AgentStatusChangeEvent({ agent })),
  );
  private readonly clock = new ClockController(this, CLOCK_MS);
  private readonly commerce = new AgentCommerceController(this, this.hub, {
    call: () => this.call,
    onCartUpdated: (callId, lines) => this.dispatchEvent(new CartUpdatedEvent({ callId, lines })),
  });
  private readonly alerts = new AgentAlertsController(this, {
    waiting: () => this.waitingForMe(),
    storageKey: () => `tandem:${this.orgId}:console-muted`,
  });
  private readonly shortcuts = new ConsoleShortcutsController(this, {
    enabled: () => !!this.agent,
    acceptNext: () => void this.run(() => this.acceptNext()),
    end: () => void this.run(() => this.endCurrent()),
    nextConversation: () => this.chats.step(1),
    previousConversation: () => this.chats.step(-1),
    toggleMute: () => (this.alerts.muted = !this.alerts.muted),
    focusReply: () => this.renderRoot.querySelector<HTMLTextAreaElement>('[part~="reply"]')?.focus(),
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

  /** Accepts the next visitor: the first call this agent may take, else the oldest waiting chat. */
  async acceptNext(): Promise<CallInfo | Conversation | null> {
    const agent = this.agent;
    if (!agent) return null;
    if (!this.call && agent.status === 'online' && this.calls.tickets.length) return this.accept();
    if (this.chats.waiting.length) return this.acceptChat(this.chats.waiting[0]!.conversationId);
    return null;
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

  /** What waits for this agent now: calls while it can take one, and waiting chats. */
  private waitingForMe(): Waiting[] {
    const agent = this.agent;
    if (!agent || agent.status === 'offline') return [];
    const tickets = this.call || agent.status !== 'online' ? [] : this.calls.tickets;
    return this.localeController.run(() => waitingItems(tickets, this.chats.waiting));
  }

  /** Ends the call, or else the conversation on screen if it is the agent's. */
  private async endCurrent(): Promise<void> {
    if (this.call) return this.endCall();
    const selected = this.chats.selected;
    if (selected?.status === 'active' && selected.agent?.id === this.agent?.id) {
      await this.endChat(selected.conversationId);
    }
  }

  private renderCall(agent: AgentProfile): TemplateResult | typeof nothing {
    const call = this.call;
    const calls = this.calls;
    if (!call) return nothing;
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

  private renderListPane(agent: AgentProfile): TemplateResult {
    const { now } = this.clock;
    const locale = this.localeController.locale;
    return html`<div class="list-pane" part="list-pane">
      ${renderTicketList({
        tickets: this.calls.tickets,
        now,
        locale,
        blocked: this.call
          ? msg('You are in a call.', { id: 'console.inACall' })
          : agent.status === 'online'
            ? null
            : msg('Set your status to online to take calls.', { id: 'console.goOnline' }),
        onAccept: (ticketId) => void this.run(() => this.accept(ticketId)),
      })}
      ${renderChatLists({
        conversations: this.chats.conversations,
        selfId: agent.id,
        selectedId: this.chats.selectedId,
        now,
        locale,
        onSelect: (id) => this.chats.select(id),
      })}
      ${renderBookings({
        bookings: this.bookings.bookings,
        now,
        locale,
        onCancel: (id) => void this.run(() => this.bookings.cancel(id)),
      })}
    </div>`;
  }

  private renderWorkPane(agent: AgentProfile): TemplateResult {
    const chats = this.chats;
    const selected = chats.selected;
    const call = this.renderCall(agent);
    return html`<div
      class="work-pane"
      part="work-pane"
      role="region"
      aria-label=${msg('Work', { id: 'console.workPane' })}
    >
      ${call}
      <section class="chats" part="chats" aria-labelledby="chats-title">
        <h2 id="chats-title" class="visually-hidden">${msg('Chats', { id: 'chats.title' })}</h2>
        ${renderConversationTabs({
          open: chats.open,
          selectedId: chats.selectedId,
          onSelect: (id) => chats.select(id),
          onClose: (id) => chats.closeTab(id),
        })}
        ${
          selected
            ? renderConversation({
                conversation: selected,
                ...chats.visibleMessages(selected.conversationId),
                pending: chats.pending.get(selected.conversationId) ?? [],
                selfId: agent.id,
                visitorTyping: chats.visitorTyping.has(selected.conversationId),
                agents: this.queueState.state?.agents ?? [],
                locale: this.localeController.locale,
                savedReplies: this.savedReplies ?? defaultSavedReplies(),
                onAccept: () => void this.run(() => this.acceptChat(selected.conversationId)),
                onSend: (text) => void this.run(() => this.sendMessage(selected.conversationId, text)),
                onTyping: () => chats.typing(selected.conversationId, true),
                onEnd: () => void this.run(() => this.endChat(selected.conversationId)),
                onAssign: (agentId) => void this.run(() => chats.assign(selected.conversationId, agentId)),
                onShowEarlier: () => chats.showEarlier(selected.conversationId),
              })
            : call === nothing
              ? renderWorkEmpty()
              : nothing
        }
      </section>
    </div>`;
  }

  private renderContext(): TemplateResult {
    const call = this.call;
    const conversation = this.chats.selected;
    const email = contextEmail(call, conversation);
    return renderContextPane({
      call,
      commerce: call ? this.renderCommerce() : nothing,
      conversation,
      next: this.calls.tickets[0] ?? null,
      earlierConversations: email
        ? this.chats.conversations.filter(
            (c) => c.visitorInfo.email === email && c.conversationId !== conversation?.conversationId,
          )
        : [],
      earlierBookings: email ? this.bookings.bookings.filter((b) => b.visitor.email === email) : [],
      locale: this.localeController.locale,
      onOpenConversation: (id) => this.chats.select(id),
    });
  }

  private renderSignedIn(agent: AgentProfile): TemplateResult {
    const queue = this.queueState.state;
    return html`${renderTopBar({
        agent,
        busy: this.busy,
        inCall: !!this.call,
        queueSummary: queue ? queueSummary(queue) : msg('Connecting…', { id: 'status.connecting' }),
        muted: this.alerts.muted,
        notifications: this.alerts.notifications,
        onStatusChange: (event) => this.onStatusChange(event),
        onSignOut: () => void this.run(() => this.signOut()),
        onMute: () => (this.alerts.muted = !this.alerts.muted),
        onNotifications: () => void this.alerts.requestNotifications(),
        onHelp: () => this.shortcuts.setHelp(!this.shortcuts.helpOpen),
      })}
      <div class="panes ${this.call || this.chats.selected ? 'working' : ''}">
        ${this.renderListPane(agent)} ${this.renderWorkPane(agent)}
        <div class="context-wrap" part="context-pane">${this.renderContext()}</div>
      </div>
      ${this.shortcuts.helpOpen ? renderHelp(() => this.shortcuts.setHelp(false)) : nothing}`;
  }

  override render(): TemplateResult {
    const agent = this.agent;
    const connection = this.hub.connection;
    const state = !agent ? 'signed-out' : this.call ? 'in-call' : 'signed-in';
    return html`<section
      part="base"
      class=${agent ? 'workspace' : 'signed-out'}
      data-state=${state}
      aria-label=${msg('Agent console', { id: 'console.label' })}
    >
      <p class="message" role="alert">
        ${
          this.message ||
          (connection.kind === 'unavailable'
            ? msg('The hub cannot be reached. Retrying…', { id: 'console.unavailable' })
            : nothing)
        }
      </p>
      ${
        agent
          ? this.renderSignedIn(agent)
          : renderSignIn({
              busy: this.busy,
              unavailable: connection.kind === 'unavailable',
              onSubmit: (event) => this.onSubmit(event),
            })
      }
    </section>`;
  }
}
