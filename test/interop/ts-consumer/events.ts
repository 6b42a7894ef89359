// A shop's TypeScript: the root entry types every event, property and public shape.
import 'tandem';
import type { CallInfo, Conversation, TandemErrorDetail, TrackingEventDetail, TransferTarget } from 'tandem';
import { ChatWidget, TandemErrorEvent } from 'tandem';

const calls = document.createElement('calls-widget');
calls.addEventListener('queue-is-open', (e) => e.detail.nextCloseTime);
calls.addEventListener('booking-requested', (e) => e.detail.queueId);
calls.addEventListener('goto-chat', (e) => e.detail);
calls.addEventListener('tracking-event', (e) => {
  const detail: TrackingEventDetail | { event: string } = e.detail;
  return detail;
});
calls.addEventListener('tandem-error', (e) => {
  const code: TandemErrorDetail['code'] = e.detail.code;
  return code;
});
// @ts-expect-error: no such field in queue-is-open's detail
calls.addEventListener('queue-is-open', (e) => e.detail.nope);

const console = document.createElement('agent-console');
console.addEventListener('call-started', (e) => e.detail.callId);
console.addEventListener('call-ended', (e) => e.detail.reason);
document.createElement('booking-card').addEventListener('booking-created', (e) => e.detail.booking);
// Bubbling events are typed on the document and the window too.
document.addEventListener('tandem-error', (e) => e.detail.message);
window.addEventListener('chat-session-started', (e) => e.detail.conversation.conversationId);

calls.triggers = ['always', 'queue-link'];
calls.dropInEnabled = false;
calls.beforeRender = (agents) => ({ callAgentId: agents[0]!.id });
// @ts-expect-error: a boolean property
calls.noCard = 'yes';

const chat: ChatWidget = document.createElement('chat-widget');
chat.languages = ['sv-SE', 'en-US'];
export const error: TandemErrorEvent = new TandemErrorEvent({ code: 'not-found', message: 'x' }, 'tandem-error');

export type Shapes = [CallInfo, Conversation, TransferTarget, typeof error];
