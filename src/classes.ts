/**
 * The classes of every element, without registering any (`tandem/classes.js`): for a page that
 * registers them under names of its own, e.g. when another library holds `<chat-widget>`:
 * `customElements.define('my-chat', ChatWidget)`. Exports what the root entry does.
 */
export * from './elements/calls-widget/calls-widget.component.js';
export * from './elements/chat-widget/chat-widget.component.js';
export * from './elements/overlay-widget/overlay-widget.component.js';
export * from './elements/booking-card/booking-card.component.js';
export * from './elements/agent-console/agent-console.component.js';
export { TandemElement } from './elements/tandem-element.js';

export * from './events/index.js';
export { TandemError } from './errors.js';

export type { TransferTarget } from './controllers/agent-call-controller.js';
export type { ProductFactory, CartOutcome } from './controllers/cart-bridge-controller.js';
export type { FloatingPlayerOptions } from './controllers/co-browse-controller.js';
export type { CartState, ProductEntry } from './controllers/agent-commerce-controller.js';
export type { PhoneNormalizer } from './validation/phone.js';
export { ErrorCode } from './protocol/frames.js';
export type {
  AgentProfile,
  AgentStatus,
  Booking,
  BookingService,
  BookingSlot,
  CallAgent,
  CallEndReason,
  CallInfo,
  CartLine,
  ChatMessage,
  CommerceMessage,
  Conversation,
  ConversationDetails,
  ConversationStatus,
  ProductData,
  ProductPrice,
  ProductRef,
  ProductRefType,
  ProductSize,
  ProductVariation,
  QueueState,
  Ticket,
  TicketEndReason,
  TrackingTag,
  VisitorInfo,
} from './protocol/frames.js';
