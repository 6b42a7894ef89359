import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { QueueState, Ticket } from '../protocol/frames.js';
import { QueueIsOpenEvent } from '../events/queue-is-open.js';
import { QueueIsClosedEvent } from '../events/queue-is-closed.js';
import { AgentsOnlineEvent } from '../events/agents-online.js';
import {
  QueueEstimatedWaitingTimeEvent,
  type QueueEstimatedWaitingTimeDetail,
} from '../events/queue-estimated-waiting-time.js';
import type { QueueStateController } from './queue-state-controller.js';

/**
 * The seed's queue events (001) for what changed between two states of the element's queue:
 * `queue-is-open` / `queue-is-closed`, `agents-online` and `queue-estimated-waiting-time`, each once
 * when first known and then on real changes only.
 */
export class QueueEventsController implements ReactiveController {
  constructor(host: ReactiveControllerHost & EventTarget, queue: QueueStateController) {
    host.addController(this);
    // Listening from the start (not from hostConnected) so the first state, which can arrive while
    // the queue controller connects, is not missed. Both live exactly as long as the element.
    queue.addListener((previous, next) => {
      for (const event of queueEvents(previous, next)) host.dispatchEvent(event);
    });
  }

  hostConnected(): void {
    // Nothing to set up: events follow the queue controller's states.
  }
}

/** The events that tell the page what changed from `previous` (null: first state) to `next`. */
export function queueEvents(previous: QueueState | null, next: QueueState): Event[] {
  const events: Event[] = [];
  const first = !previous || previous.queueId !== next.queueId;
  if (first || previous.numberOfAgentsOnline !== next.numberOfAgentsOnline) {
    events.push(
      new AgentsOnlineEvent({ numberOfAgentsOnline: next.numberOfAgentsOnline, queueId: next.queueId }),
    );
  }
  if (first || previous.isOpen !== next.isOpen || previous.nextCloseTime !== next.nextCloseTime) {
    events.push(
      next.isOpen
        ? new QueueIsOpenEvent({ isOpen: true, nextCloseTime: next.nextCloseTime })
        : new QueueIsClosedEvent({ isOpen: false, nextOpenTime: next.nextOpenTime }),
    );
  }
  const waiting = waitingTimeOf(next);
  if (first || !sameWaitingTime(waitingTimeOf(previous), waiting)) {
    events.push(new QueueEstimatedWaitingTimeEvent(waiting));
  }
  return events;
}

/**
 * `queue-estimated-waiting-time`'s detail for a queue's state: the visitor's own place and wait when
 * `ticket` waits in that queue, else the place a new visitor would take.
 */
export function waitingTimeOf(state: QueueState, ticket?: Ticket | null): QueueEstimatedWaitingTimeDetail;
export function waitingTimeOf(state: QueueState | null): QueueEstimatedWaitingTimeDetail | null;
export function waitingTimeOf(
  state: QueueState | null,
  ticket?: Ticket | null,
): QueueEstimatedWaitingTimeDetail | null {
  if (!state) return null;
  if (ticket?.status === 'waiting' && ticket.queueId === state.queueId && ticket.place !== null) {
    const { estimatedWaitingTime, place } = ticket;
    return { estimatedWaitingTime, agents: state.numberOfAgentsOnline, place, queueId: state.queueId };
  }
  return {
    estimatedWaitingTime: state.estimatedWaitingTime,
    agents: state.numberOfAgentsOnline,
    place: state.waiting + 1,
    queueId: state.queueId,
  };
}

function sameWaitingTime(
  a: QueueEstimatedWaitingTimeDetail | null,
  b: QueueEstimatedWaitingTimeDetail,
): boolean {
  return (
    !!a && a.estimatedWaitingTime === b.estimatedWaitingTime && a.agents === b.agents && a.place === b.place
  );
}
