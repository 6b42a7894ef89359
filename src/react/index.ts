// Generated from custom-elements.json by scripts/framework-wrappers.mjs (`npm run build:manifest`).
// Edit the JSDoc in src/elements/, not this file.
/**
 * React components for the Tandem elements, made with @lit/react: every property is a prop (set
 * as a property, so objects and functions pass as they are), every event an `on<Event>` prop.
 * `error` is left to `onTandemError`: the same detail, typed as Tandem's.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { AgentConsole as AgentConsoleElement } from '../elements/agent-console/agent-console.js';
import { BookingCard as BookingCardElement } from '../elements/booking-card/booking-card.js';
import { CallsWidget as CallsWidgetElement } from '../elements/calls-widget/calls-widget.js';
import { ChatWidget as ChatWidgetElement } from '../elements/chat-widget/chat-widget.js';
import { OverlayWidget as OverlayWidgetElement } from '../elements/overlay-widget/overlay-widget.js';
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

/** `<agent-console>`: The agents' workspace: sign-in, status, the queue, calls, chats and bookings. */
export const AgentConsole = createComponent({
  tagName: 'agent-console',
  elementClass: AgentConsoleElement,
  react: React,
  events: {
    onAgentStatusChange: 'agent-status-change' as EventName<AgentStatusChangeEvent>,
    onCallOffered: 'call-offered' as EventName<CallOfferedEvent>,
    onCallStarted: 'call-started' as EventName<CallStartedEvent>,
    onCallEnded: 'call-ended' as EventName<CallEndedEvent>,
    onTrackingEvent: 'tracking-event' as EventName<TrackingEvent>,
    onChatOffered: 'chat-offered' as EventName<ChatOfferedEvent>,
    onMessageReceived: 'message-received' as EventName<MessageReceivedEvent>,
    onCartUpdated: 'cart-updated' as EventName<CartUpdatedEvent>,
    onTandemError: 'tandem-error' as EventName<TandemErrorEvent>,
  },
  displayName: 'AgentConsole',
});

/** `<booking-card>`: Book a meeting with an agent for later, and see a booked meeting. */
export const BookingCard = createComponent({
  tagName: 'booking-card',
  elementClass: BookingCardElement,
  react: React,
  events: {
    onBookingCreated: 'booking-created' as EventName<BookingCreatedEvent>,
    onTandemError: 'tandem-error' as EventName<TandemErrorEvent>,
  },
  displayName: 'BookingCard',
});

/** `<calls-widget>`: Video calls with the shop's agents: queue state, joining the queue, the call. */
export const CallsWidget = createComponent({
  tagName: 'calls-widget',
  elementClass: CallsWidgetElement,
  react: React,
  events: {
    onQueueIsOpen: 'queue-is-open' as EventName<QueueIsOpenEvent>,
    onQueueIsClosed: 'queue-is-closed' as EventName<QueueIsClosedEvent>,
    onAgentsOnline: 'agents-online' as EventName<AgentsOnlineEvent>,
    onQueueEstimatedWaitingTime: 'queue-estimated-waiting-time' as EventName<QueueEstimatedWaitingTimeEvent>,
    onTrackingEvent: 'tracking-event' as EventName<TrackingEvent>,
    onBookingRequested: 'booking-requested' as EventName<BookingRequestedEvent>,
    onGotoChat: 'goto-chat' as EventName<GotoChatEvent>,
    onProvideProductData: 'provide-product-data' as EventName<ProvideProductDataEvent>,
    onProvideSearchData: 'provide-search-data' as EventName<ProvideSearchDataEvent>,
    onShouldAddItemToCart: 'should-add-item-to-cart' as EventName<ShouldAddItemToCartEvent>,
    onShouldUpdateItemInCart: 'should-update-item-in-cart' as EventName<ShouldUpdateItemInCartEvent>,
    onGotoCheckout: 'goto-checkout' as EventName<GotoCheckoutEvent>,
    onTandemError: 'tandem-error' as EventName<TandemErrorEvent>,
  },
  displayName: 'CallsWidget',
});

/** `<chat-widget>`: Live chat with an agent, with delivery that loses nothing. */
export const ChatWidget = createComponent({
  tagName: 'chat-widget',
  elementClass: ChatWidgetElement,
  react: React,
  events: {
    onChatWindowOpen: 'chat-window-open' as EventName<ChatWindowOpenEvent>,
    onChatWindowClosed: 'chat-window-closed' as EventName<ChatWindowClosedEvent>,
    onChatSessionCreated: 'chat-session-created' as EventName<ChatSessionCreatedEvent>,
    onChatSessionStarted: 'chat-session-started' as EventName<ChatSessionStartedEvent>,
    onChatSessionEnded: 'chat-session-ended' as EventName<ChatSessionEndedEvent>,
    onChatClick: 'chat-click' as EventName<ChatClickEvent>,
    onChatMaximize: 'chat-maximize' as EventName<ChatMaximizeEvent>,
    onChatMinimize: 'chat-minimize' as EventName<ChatMinimizeEvent>,
    onChatTrigger: 'chat-trigger' as EventName<ChatTriggerEvent>,
    onChatStartWriting: 'chat-start-writing' as EventName<ChatStartWritingEvent>,
    onChatLoaded: 'chat-loaded' as EventName<ChatLoadedEvent>,
    onStatusChange: 'status-change' as EventName<StatusChangeEvent>,
    onTandemError: 'tandem-error' as EventName<TandemErrorEvent>,
  },
  displayName: 'ChatWidget',
});

/** `<overlay-widget>`: The pop-up that invites visitors into a call (Video, Side dock or Avatar). */
export const OverlayWidget = createComponent({
  tagName: 'overlay-widget',
  elementClass: OverlayWidgetElement,
  react: React,
  events: {
    onTandemError: 'tandem-error' as EventName<TandemErrorEvent>,
  },
  displayName: 'OverlayWidget',
});
