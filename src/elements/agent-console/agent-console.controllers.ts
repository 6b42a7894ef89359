import { AgentCallController } from '../../controllers/agent-call-controller.js';
import { AgentChatController } from '../../controllers/agent-chat-controller.js';
import type { HubSessionController } from '../../controllers/hub-session-controller.js';
import { ChatOfferedEvent, MessageReceivedEvent } from '../../events/chat-events.js';
import { CallOfferedEvent } from '../../events/call-offered.js';
import { CallStartedEvent } from '../../events/call-started.js';
import { CallEndedEvent } from '../../events/call-ended.js';
import { TrackingEvent } from '../../events/tracking-event.js';
import type { ReactiveControllerHost } from 'lit';

/** The console, as its controllers' callbacks see it: an element that fires events. */
type ConsoleHost = ReactiveControllerHost & HTMLElement;

/** The console's calls, firing the seed's call events (and call_transferred) from the console. */
export function createAgentCallController(host: ConsoleHost, hub: HubSessionController): AgentCallController {
  return new AgentCallController(host, hub, {
    onOffered: (detail) => host.dispatchEvent(new CallOfferedEvent(detail)),
    onStarted: (call) =>
      host.dispatchEvent(
        new CallStartedEvent({
          callId: call.callId,
          ticketId: call.ticketId,
          queueId: call.queueId,
          productIds: call.productIds,
        }),
      ),
    onEnded: (call) => {
      host.dispatchEvent(
        new CallEndedEvent({ callId: call.callId, ticketId: call.ticketId, reason: call.endReason }),
      );
      if (call.endReason === 'transferred') {
        // The seed's call_transferred, on the agent's side too.
        const { callId, queueId, transferredTo } = call;
        host.dispatchEvent(
          new TrackingEvent({ eventName: 'call_transferred', eventData: { callId, queueId, transferredTo } }),
        );
      }
    },
  });
}

/** The console's chats, firing chat-offered and message-received (visitor text messages) from the console. */
export function createAgentChatController(host: ConsoleHost, hub: HubSessionController): AgentChatController {
  return new AgentChatController(host, hub, {
    onOffered: (detail) => host.dispatchEvent(new ChatOfferedEvent(detail)),
    onMessage: (message) => {
      if (message.from !== 'visitor' || message.kind !== 'text') return;
      const { conversationId, messageId, text, from } = message;
      host.dispatchEvent(new MessageReceivedEvent({ conversationId, messageId, text, from }));
    },
  });
}
