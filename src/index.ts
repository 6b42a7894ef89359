/**
 * Tandem: registers every element. This is the CDN entry and the package's root entry; import
 * `tandem/<tag>.js` instead to register one element alone. Every event class and every type a page
 * handles (event details, the seeds' option shapes, what the hub sends) is exported from here.
 */
// First: before Lit loads and creates its Trusted Types policy (see the module).
import './trusted-types-guard.js';

export * from './elements/calls-widget/calls-widget.js';
export * from './elements/chat-widget/chat-widget.js';
export * from './elements/overlay-widget/overlay-widget.js';
export * from './elements/booking-card/booking-card.js';
export * from './elements/agent-console/agent-console.js';
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
