/**
 * Tandem: registers every element. This is the CDN entry and the package's root entry; import
 * `tandem/<tag>.js` instead to register one element alone.
 */
export { CallsWidget } from './elements/calls-widget/calls-widget.js';
export { ChatWidget } from './elements/chat-widget/chat-widget.js';
export { OverlayWidget } from './elements/overlay-widget/overlay-widget.js';
export { BookingCard } from './elements/booking-card/booking-card.js';
export { AgentConsole } from './elements/agent-console/agent-console.js';
export { TandemElement } from './elements/tandem-element.js';

export { QueueIsOpenEvent } from './events/queue-is-open.js';
export { QueueIsClosedEvent } from './events/queue-is-closed.js';
export { AgentsOnlineEvent } from './events/agents-online.js';
export { QueueEstimatedWaitingTimeEvent } from './events/queue-estimated-waiting-time.js';
export { AgentStatusChangeEvent } from './events/agent-status-change.js';
export { TandemErrorEvent } from './events/tandem-error.js';
export { TandemError } from './errors.js';

export type { QueueIsOpenDetail } from './events/queue-is-open.js';
export type { QueueIsClosedDetail } from './events/queue-is-closed.js';
export type { AgentsOnlineDetail } from './events/agents-online.js';
export type { QueueEstimatedWaitingTimeDetail } from './events/queue-estimated-waiting-time.js';
export type { TandemErrorDetail } from './events/tandem-error.js';
export type { CallAgent, AgentProfile, AgentStatus, QueueState, ErrorCode } from './protocol/frames.js';
