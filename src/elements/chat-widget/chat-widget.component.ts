import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import { property } from '../property.js';
import { styleProperties } from '../../styles/style-properties.js';
import { orgTheme } from '../../styles/org-theme.js';
import { TandemElement } from '../tandem-element.js';
import { QueueStateController } from '../../controllers/queue-state-controller.js';
import { VisitorChatController } from '../../controllers/visitor-chat-controller.js';
import { ChatTriggerController, type ChatTrigger } from '../../controllers/chat-trigger-controller.js';
import { ChatStatusController } from '../../controllers/chat-status-controller.js';
import { FloatingStackController, FLOATING_ORDER } from '../../controllers/floating-stack-controller.js';
import {
  ChatClickEvent,
  ChatLoadedEvent,
  ChatMaximizeEvent,
  ChatMinimizeEvent,
  ChatSessionCreatedEvent,
  ChatSessionEndedEvent,
  ChatSessionStartedEvent,
  ChatStartWritingEvent,
  ChatTriggerEvent,
  ChatWindowClosedEvent,
  ChatWindowOpenEvent,
  StatusChangeEvent,
  type ChatStatusWord,
} from '../../events/chat-events.js';
import { dispatchTandemError, type TandemErrorDetail } from '../../events/tandem-error.js';
import { ErrorCode, type VisitorInfo } from '../../protocol/frames.js';
import { toErrorDetail } from '../../errors.js';
import { formatChatHeld, formatRateLimited } from '../../format.js';
import { count, defaultTrueBoolean, flag, wordList } from '../../attribute-converters.js';
import type { PhoneNormalizer } from '../../validation/phone.js';
import { tokens } from '../../styles/tokens.styles.js';
import { styles } from './chat-widget.styles.js';
import { launcherStyles } from './launcher.styles.js';
import { createLauncherButton } from './launcher-view.js';
import { viewPart } from '../view-part.js';
import {
  chatStatusText,
  renderChatWindow,
  renderConversation,
  renderOfflineForm,
} from './chat-widget-views.js';

/** Where the window stands: `data-window` of the base part. */
export type ChatWindowState = 'closed' | 'open' | 'minimized';

const DEFAULT_QUEUE = 'default';

/**
 * Live chat with the shop's agents: floating (a launcher and a window) or `embedded` in the page.
 * The union of the mluvii (002), web1on1 (003) and onWebChat (004) widget APIs.
 *
 * @tagname chat-widget
 * @summary Live chat with an agent, with delivery that loses nothing.
 *
 * @fires chat-window-open - The chat window opened.
 * @fires chat-window-closed - The chat window closed.
 * @fires chat-session-created - The visitor's conversation waits for an agent. `detail`: `{conversationId, conversation}`.
 * @fires chat-session-started - An agent joined. `detail`: `{conversationId, conversation}`.
 * @fires chat-session-ended - The conversation ended. `detail`: `{conversationId, conversation}`.
 * @fires chat-click - The visitor clicked the launcher.
 * @fires chat-maximize - The window was maximised.
 * @fires chat-minimize - The window was minimised.
 * @fires chat-trigger - A trigger opened the chat. `detail`: `{trigger}` (`open-after-seconds` or `goto-chat`).
 * @fires chat-start-writing - The visitor started to write.
 * @fires chat-loaded - The widget is connected and knows its status. `detail`: `{code, status}`.
 * @fires status-change - The status changed. `detail`: `{code, status}`: 0 offline, 1 online, 2 busy.
 * @fires error - Something failed (`bad-command` for a malformed `>cs` command, `invalid-argument` for an invalid phone number, `rate-limited` with `retryAfter` in seconds when the hub refuses more messages for now: they stay in the outbox and are sent again then, ...). `detail`: `{code, message, retryAfter?}`. Does not bubble.
 * @fires tandem-error - The same error, with the same `detail`, bubbling and composed: typed as Tandem's `TandemErrorEvent` where `error` is DOM's `ErrorEvent`.
 *
 * @csspart base - The widget; `data-status` is `online`, `offline` or `busy`, `data-window` is `closed`, `open` or `minimized`.
 * @csspart launcher - The floating launcher button.
 * @csspart window - The chat window.
 * @csspart log - The list of messages.
 * @csspart message - One message; `data-from` is `visitor`, `agent` or `system`, `data-state` is `sending`, `delivered` or `read`.
 * @csspart message-text - The text of one message, shown as typed (line breaks kept).
 * @csspart typing - The agent-is-typing indicator.
 * @csspart input - The message field.
 * @csspart send - The send button.
 * @csspart offline-form - The form shown while nobody is online.
 *
 * @cssprop --tandem-color-accent - Accent colour (launcher, visitor's messages).
 * @cssprop --tandem-color-surface - Window background.
 * @cssprop --tandem-chat-offset-x - Distance of the floating widget from the right edge.
 * @cssprop --tandem-chat-offset-y - Distance of the floating widget from the bottom edge.
 * @cssprop --tandem-chat-z-index - z-index of the floating widget.
 * @cssprop --tandem-chat-height - Height of the embedded window.
 */
export class ChatWidget extends TandemElement {
  static override styles = [tokens, launcherStyles, styles];

  /** The queue whose agents answer: id, name or slug. */
  @property() queue = '';

  /** mluvii's widget preset; agents see it on the conversation. */
  @property() preset = '';

  /** mluvii's scope: a conversation is restored only in a widget with the same scope. */
  @property() scope = '';

  /** In the page's flow instead of floating; `open()` and `close()` are then no-ops (web1on1). */
  @property({ converter: flag }) embedded = false;

  /** onWebChat's two widget languages, `l1` and `l2` (e.g. `languages="sv-SE en-US"`). */
  @property({ converter: wordList }) languages: string[] = [];

  /** Opens the window by itself after this many seconds (fires `chat-trigger`); 0 never. */
  @property({ attribute: 'open-after-seconds', converter: count }) openAfterSeconds = 0;

  /** `false` stops the widget writing any storage (it never writes before the visitor writes). */
  @property({ attribute: 'allow-first-party-cookies', converter: defaultTrueBoolean })
  allowFirstPartyCookies = true;

  /** The page's own phone normalisation (mluvii's setCustomNumberNormalization): returns null for an invalid number. */
  @property({ attribute: false }) normalizePhoneNumber: PhoneNormalizer | null = null;

  @state() private windowState: ChatWindowState = 'closed';
  @state() private hiddenByPage = false;
  @state() private draft = '';
  @state() private notice = '';
  @state() private offlineSent = false;

  @query('textarea') private input?: HTMLTextAreaElement;
  @query('.log') private log?: HTMLElement;
  /** The floating launcher and window share the page's corner with the overlay and the call player. */
  private readonly stack = new FloatingStackController(this, {
    corner: () => (this.embedded || this.hiddenByPage ? null : 'bottom-right'),
    box: () => this.renderRoot.querySelector<HTMLElement>('.floating'),
    order: FLOATING_ORDER.chat,
  });

  private readonly queueState = new QueueStateController(this, this.hub, () => this.queue || DEFAULT_QUEUE);
  private readonly chatStatus = new ChatStatusController(this, this.hub, this.queueState, (detail, first) => {
    if (first) this.dispatchEvent(new ChatLoadedEvent(detail));
    this.dispatchEvent(new StatusChangeEvent(detail));
  });
  private wroteInConversation: string | null = null;

  private readonly chat = new VisitorChatController(this, this.hub, {
    queue: () => this.queue || DEFAULT_QUEUE,
    scope: () => this.scope,
    preset: () => this.preset,
    locale: () => this.localeController.locale,
    normalizePhoneNumber: () => this.normalizePhoneNumber,
    persist: () => this.allowFirstPartyCookies,
    onSessionChange: (change, conversation) => {
      const detail = { conversationId: conversation.conversationId, conversation };
      this.dispatchEvent(
        change === 'created'
          ? new ChatSessionCreatedEvent(detail)
          : change === 'started'
            ? new ChatSessionStartedEvent(detail)
            : new ChatSessionEndedEvent(detail),
      );
    },
    onError: (detail) => this.fail(detail),
  });

  constructor() {
    super();
    // Lives as long as the element, through the controller list.
    new ChatTriggerController(this, {
      openAfterSeconds: () => this.openAfterSeconds,
      isOpened: () => this.isOpened(),
      onTrigger: (trigger) => this.onTrigger(trigger),
    });
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const log = this.log;
    if (log) log.scrollTop = log.scrollHeight;
    if (this.isOpened() && this.windowState !== 'minimized' && document.visibilityState === 'visible')
      this.chat.markRead();
  }

  // ---- web1on1 and onWebChat: the window -----------------------------------------------------------

  /** Opens the chat window (a no-op when embedded). */
  open(): void {
    if (this.embedded || this.windowState === 'open') return;
    this.windowState = 'open';
    this.dispatchEvent(new ChatWindowOpenEvent());
    void this.updateComplete.then(() => this.input?.focus());
  }

  /** Closes the chat window (a no-op when embedded). */
  close(): void {
    if (this.embedded || this.windowState === 'closed') return;
    this.windowState = 'closed';
    this.dispatchEvent(new ChatWindowClosedEvent());
  }

  /** Whether the window is open (always true when embedded). */
  isOpened(): boolean {
    return this.embedded || this.windowState !== 'closed';
  }

  /** onWebChat's `max` 0: collapses the window to its title bar. */
  minimize(): void {
    if (this.windowState === 'minimized') return;
    this.windowState = 'minimized';
    this.dispatchEvent(new ChatMinimizeEvent());
  }

  /** onWebChat's `max` 1: opens the window in full. */
  maximize(): void {
    if (this.windowState === 'open' || this.embedded) return;
    const wasClosed = this.windowState === 'closed';
    this.windowState = 'open';
    if (wasClosed) this.dispatchEvent(new ChatWindowOpenEvent());
    this.dispatchEvent(new ChatMaximizeEvent());
  }

  /** onWebChat's `show` 1. */
  show(): void {
    this.hiddenByPage = false;
  }

  /** onWebChat's `show` 0: hides the whole widget. */
  hide(): void {
    this.hiddenByPage = true;
  }

  /** Switches between the two configured languages (onWebChat's `l1` / `l2`). */
  setLanguage(which: 'l1' | 'l2'): void {
    const locale = this.chatLanguages()[which === 'l1' ? 0 : 1];
    if (locale) this.locale = locale;
    else
      this.fail({
        code: ErrorCode.invalidArgument,
        message: `No ${which} language: set languages="<l1> <l2>".`,
      });
  }

  /** `languages`, else the preset's (002), else the org's (004's l1 and l2, set on the hub). */
  private chatLanguages(): string[] {
    if (this.languages.length) return this.languages;
    const settings = this.hub.session?.settings;
    return settings?.presets?.[this.preset]?.languages ?? settings?.chatLanguages ?? [];
  }

  // ---- visitor info (onWebChat) -------------------------------------------------------------------

  /**
   * Sets the visitor's name, email, phone and notes; the agent sees them. The phone is normalised to
   * international format; an invalid number is refused (an `error` event) and nothing is stored.
   */
  setVisitorInfo(info: VisitorInfo): void {
    this.chat.setVisitorInfo(info);
  }

  getVisitorInfo(): VisitorInfo {
    return { ...(this.chat.conversation?.visitorInfo ?? {}), ...this.chat.visitorInfo };
  }

  // ---- messages (web1on1) -------------------------------------------------------------------------

  /** Prefills the visitor's input. */
  setPredefinedMessage(message: string): void {
    this.draft = String(message);
  }

  /** Shows a local, agent-styled message; nothing is sent. */
  showFakeAgentMessage(message: string, name?: string): void {
    this.chat.showFakeAgentMessage(String(message), name ?? null);
  }

  /** Sends a message on the visitor's behalf (a `>cs` command is run by the hub, never shown as chat text). */
  sendClientMessage(message: string): void {
    try {
      this.chat.send(String(message));
    } catch (error) {
      this.fail(toErrorDetail(error));
    }
  }

  /** `online`, `offline` or `busy` (onWebChat's status; mluvii's codes come with `status-change`). */
  getStatus(): ChatStatusWord {
    return this.status;
  }

  // ---- private ------------------------------------------------------------------------------------

  private get status(): ChatStatusWord {
    return this.chatStatus.status;
  }

  private fail(detail: TandemErrorDetail): void {
    // A rate limit on messages shows while the outbox waits (render); on anything else it says when.
    if (detail.code === ErrorCode.rateLimited)
      this.notice = this.chat.limited.held
        ? ''
        : this.localeController.run(() => formatRateLimited(detail.retryAfter));
    else this.notice = detail.message;
    dispatchTandemError(this, detail);
  }

  private onTrigger(trigger: ChatTrigger): void {
    if (trigger === 'goto-chat' && this.embedded) {
      this.scrollIntoView({ block: 'nearest' });
      this.input?.focus();
    } else {
      this.open();
    }
    this.dispatchEvent(new ChatTriggerEvent(trigger));
  }

  private onLauncher(): void {
    this.dispatchEvent(new ChatClickEvent());
    if (this.windowState === 'closed') this.open();
    else this.close();
  }

  private onInput(event: Event): void {
    this.draft = (event.target as HTMLTextAreaElement).value;
    const conversationKey = this.chat.conversation?.conversationId ?? 'new';
    if (this.wroteInConversation !== conversationKey && this.draft) {
      this.wroteInConversation = conversationKey;
      this.dispatchEvent(new ChatStartWritingEvent());
    }
    this.chat.typing();
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.submit();
    }
  }

  private submit(event?: Event): void {
    event?.preventDefault();
    if (!this.draft.trim()) return;
    this.notice = '';
    this.sendClientMessage(this.draft);
    this.draft = '';
  }

  private async onOfflineSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const form = {
      name: String(data.get('name') ?? '').trim(),
      email: String(data.get('email') ?? '').trim(),
      text: String(data.get('text') ?? '').trim(),
    };
    try {
      await this.chat.sendOffline(form);
      this.offlineSent = true;
    } catch (error) {
      this.fail(toErrorDetail(error));
    }
  }

  private renderWindow(): TemplateResult {
    const minimized = this.windowState === 'minimized' && !this.embedded;
    const chat = this.chat;
    const conversation = chat.conversation;
    // The offline form stands in for the conversation only while there is none to show.
    const showOffline =
      this.status !== 'online' &&
      this.status !== 'busy' &&
      !chat.active &&
      chat.pending.length === 0 &&
      !(conversation && chat.shown.length);
    return renderChatWindow({
      status: this.status,
      statusText: chatStatusText(this.hub.connection.kind === 'unavailable', conversation, this.status),
      embedded: this.embedded,
      minimized,
      body: showOffline
        ? renderOfflineForm({
            sent: this.offlineSent,
            name: this.chat.visitorInfo.name ?? '',
            email: this.chat.visitorInfo.email ?? '',
            onSubmit: (event) => void this.onOfflineSubmit(event),
          })
        : renderConversation({
            messages: chat.shown,
            agentTyping: chat.agentTyping,
            ended: conversation?.status === 'ended',
            draft: this.draft,
            locale: this.localeController.locale,
            onInput: (event) => this.onInput(event),
            onKeydown: (event) => this.onKeydown(event),
            onSubmit: (event) => this.submit(event),
          }),
      notice: chat.limited.held ? formatChatHeld(chat.limited.seconds) : this.notice,
      onMaximize: () => this.maximize(),
      onMinimize: () => this.minimize(),
      onClose: () => this.close(),
    });
  }

  override render(): TemplateResult {
    const status = this.status;
    const windowState = this.embedded ? 'open' : this.windowState;
    const unread = this.chat.transcript.messages.filter(
      (m) => m.from === 'agent' && m.seq > (this.chat.conversation?.readSeq.visitor ?? 0),
    ).length;
    const settings = this.hub.session?.settings;
    // A preset's theme (002), set on the hub.
    const theme = orgTheme(settings, settings?.presets?.[this.preset]?.themeId);
    return html`${theme}
      <div
        part="base"
        class="${this.embedded ? 'embedded' : 'floating'}"
        data-status=${status}
        data-window=${windowState}
        data-loaded=${this.chatStatus.loaded}
        style=${styleProperties({ translate: this.embedded ? undefined : this.stack.translate })}
        ?hidden=${this.hiddenByPage}
      >
        ${windowState !== 'closed' ? this.renderWindow() : nothing}
        ${
          this.embedded
            ? nothing
            : viewPart(createLauncherButton, {
                status,
                expanded: this.windowState !== 'closed',
                unread: this.windowState === 'closed' ? unread : 0,
                onClick: () => this.onLauncher(),
              })
        }
      </div>`;
  }
}
