// Generated from custom-elements.json by scripts/framework-wrappers.mjs (`npm run build:manifest`).
// Edit the JSDoc in src/elements/, not this file.
/**
 * Vue's `GlobalComponents` for the Tandem elements: `<calls-widget :triggers="['always']"
 * @queue-is-open="...">` type-checks with vue-tsc. Types only: import it once, e.g.
 * `import type {} from 'tandem/vue'`, and tell Vue the tags are custom elements
 * (`compilerOptions.isCustomElement`).
 */
import type { DefineComponent } from 'vue';
import type { AgentConsole } from '../elements/agent-console/agent-console.js';
import type { BookingCard } from '../elements/booking-card/booking-card.js';
import type { CallsWidget } from '../elements/calls-widget/calls-widget.js';
import type { ChatWidget } from '../elements/chat-widget/chat-widget.js';
import type { OverlayWidget } from '../elements/overlay-widget/overlay-widget.js';
import type {
  AgentStatusChangeEvent,
  AgentsOnlineEvent,
  BookingCreatedEvent,
  BookingRequestedEvent,
  CallEndedEvent,
  CallOfferedEvent,
  CallStartedEvent,
  CartUpdatedEvent,
  ChatClickEvent,
  ChatLoadedEvent,
  ChatMaximizeEvent,
  ChatMinimizeEvent,
  ChatOfferedEvent,
  ChatSessionCreatedEvent,
  ChatSessionEndedEvent,
  ChatSessionStartedEvent,
  ChatStartWritingEvent,
  ChatTriggerEvent,
  ChatWindowClosedEvent,
  ChatWindowOpenEvent,
  GotoChatEvent,
  GotoCheckoutEvent,
  MessageReceivedEvent,
  ProvideProductDataEvent,
  ProvideSearchDataEvent,
  QueueEstimatedWaitingTimeEvent,
  QueueIsClosedEvent,
  QueueIsOpenEvent,
  ShouldAddItemToCartEvent,
  ShouldUpdateItemInCartEvent,
  StatusChangeEvent,
  TandemErrorEvent,
  TrackingEvent,
} from '../events/index.js';

/** The props of `<agent-console>`: its properties (Vue also takes them in kebab-case) and its events. */
export interface AgentConsoleProps extends Partial<
  Pick<AgentConsole, 'queue' | 'savedReplies' | 'orgId' | 'hubUrl' | 'locale'>
> {
  onAgentStatusChange?: (event: AgentStatusChangeEvent) => void;
  onCallOffered?: (event: CallOfferedEvent) => void;
  onCallStarted?: (event: CallStartedEvent) => void;
  onCallEnded?: (event: CallEndedEvent) => void;
  onTrackingEvent?: (event: TrackingEvent) => void;
  onChatOffered?: (event: ChatOfferedEvent) => void;
  onMessageReceived?: (event: MessageReceivedEvent) => void;
  onCartUpdated?: (event: CartUpdatedEvent) => void;
  onTandemError?: (event: TandemErrorEvent) => void;
}

/** The props of `<booking-card>`: its properties (Vue also takes them in kebab-case) and its events. */
export interface BookingCardProps extends Partial<
  Pick<
    BookingCard,
    | 'bookingServiceIds'
    | 'bookingResourceId'
    | 'connectPage'
    | 'normalizePhoneNumber'
    | 'orgId'
    | 'hubUrl'
    | 'locale'
  >
> {
  onBookingCreated?: (event: BookingCreatedEvent) => void;
  onTandemError?: (event: TandemErrorEvent) => void;
}

/** The props of `<calls-widget>`: its properties (Vue also takes them in kebab-case) and its events. */
export interface CallsWidgetProps extends Partial<
  Pick<
    CallsWidget,
    | 'queue'
    | 'dropInEnabled'
    | 'bookingsEnabled'
    | 'triggers'
    | 'connectId'
    | 'agentTags'
    | 'allowFirstPartyCookies'
    | 'themeId'
    | 'openBookingPage'
    | 'bookingIframeUrl'
    | 'bookingServiceIds'
    | 'bookingResourceId'
    | 'noCard'
    | 'popupTimeoutSeconds'
    | 'smartVariantOverride'
    | 'getOverlayOffsets'
    | 'strings'
    | 'onBeforeRender'
    | 'beforeRender'
    | 'data'
    | 'trackingTags'
    | 'getMinimizedWidgetStyle'
    | 'disableCoBrowsing'
    | 'merchantBaseUrl'
    | 'floatingPlayer'
    | 'enableScanning'
    | 'dataLayerTracking'
    | 'ecommerceTracking'
    | 'orgId'
    | 'hubUrl'
    | 'locale'
  >
> {
  onQueueIsOpen?: (event: QueueIsOpenEvent) => void;
  onQueueIsClosed?: (event: QueueIsClosedEvent) => void;
  onAgentsOnline?: (event: AgentsOnlineEvent) => void;
  onQueueEstimatedWaitingTime?: (event: QueueEstimatedWaitingTimeEvent) => void;
  onTrackingEvent?: (event: TrackingEvent) => void;
  onBookingRequested?: (event: BookingRequestedEvent) => void;
  onGotoChat?: (event: GotoChatEvent) => void;
  onProvideProductData?: (event: ProvideProductDataEvent) => void;
  onProvideSearchData?: (event: ProvideSearchDataEvent) => void;
  onShouldAddItemToCart?: (event: ShouldAddItemToCartEvent) => void;
  onShouldUpdateItemInCart?: (event: ShouldUpdateItemInCartEvent) => void;
  onGotoCheckout?: (event: GotoCheckoutEvent) => void;
  onTandemError?: (event: TandemErrorEvent) => void;
}

/** The props of `<chat-widget>`: its properties (Vue also takes them in kebab-case) and its events. */
export interface ChatWidgetProps extends Partial<
  Pick<
    ChatWidget,
    | 'queue'
    | 'preset'
    | 'scope'
    | 'embedded'
    | 'languages'
    | 'openAfterSeconds'
    | 'allowFirstPartyCookies'
    | 'normalizePhoneNumber'
    | 'orgId'
    | 'hubUrl'
    | 'locale'
  >
> {
  onChatWindowOpen?: (event: ChatWindowOpenEvent) => void;
  onChatWindowClosed?: (event: ChatWindowClosedEvent) => void;
  onChatSessionCreated?: (event: ChatSessionCreatedEvent) => void;
  onChatSessionStarted?: (event: ChatSessionStartedEvent) => void;
  onChatSessionEnded?: (event: ChatSessionEndedEvent) => void;
  onChatClick?: (event: ChatClickEvent) => void;
  onChatMaximize?: (event: ChatMaximizeEvent) => void;
  onChatMinimize?: (event: ChatMinimizeEvent) => void;
  onChatTrigger?: (event: ChatTriggerEvent) => void;
  onChatStartWriting?: (event: ChatStartWritingEvent) => void;
  onChatLoaded?: (event: ChatLoadedEvent) => void;
  onStatusChange?: (event: StatusChangeEvent) => void;
  onTandemError?: (event: TandemErrorEvent) => void;
}

/** The props of `<overlay-widget>`: its properties (Vue also takes them in kebab-case) and its events. */
export interface OverlayWidgetProps extends Partial<
  Pick<
    OverlayWidget,
    | 'queue'
    | 'variant'
    | 'position'
    | 'popupTimeoutSeconds'
    | 'startCallOnClick'
    | 'showWhenUnavailable'
    | 'allowFirstPartyCookies'
    | 'target'
    | 'getOverlayOffsets'
    | 'orgId'
    | 'hubUrl'
    | 'locale'
  >
> {
  onTandemError?: (event: TandemErrorEvent) => void;
}

declare module 'vue' {
  interface GlobalComponents {
    'agent-console': DefineComponent<AgentConsoleProps>;
    'booking-card': DefineComponent<BookingCardProps>;
    'calls-widget': DefineComponent<CallsWidgetProps>;
    'chat-widget': DefineComponent<ChatWidgetProps>;
    'overlay-widget': DefineComponent<OverlayWidgetProps>;
  }
}
