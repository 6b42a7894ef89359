import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallAgent } from '../protocol/frames.js';
import type { QueueStateController } from './queue-state-controller.js';

/** Called when the number of online agents changes; `previous` is null the first time. */
export type AgentCountListener = (previous: number | null, next: number, queueId: string) => void;

/** The online agents of the element's queue (CallAgent shape) and their count. */
export class AgentListController implements ReactiveController {
  private readonly queue: QueueStateController;

  constructor(host: ReactiveControllerHost, queue: QueueStateController, onCountChange?: AgentCountListener) {
    host.addController(this);
    this.queue = queue;
    // Listening from the start (not from hostConnected) so the first state, which can arrive while
    // the queue controller connects, is not missed. Both live exactly as long as the element.
    queue.addListener((previous, next) => {
      const before = previous && previous.queueId === next.queueId ? previous.numberOfAgentsOnline : null;
      if (before !== next.numberOfAgentsOnline)
        onCountChange?.(before, next.numberOfAgentsOnline, next.queueId);
    });
  }

  /** Agents serving the queue whose status is `online`; empty until the state is known. */
  get agents(): readonly CallAgent[] {
    return this.queue.state?.agents ?? [];
  }

  /** Null until the queue's state is known. */
  get count(): number | null {
    return this.queue.state?.numberOfAgentsOnline ?? null;
  }

  hostConnected(): void {
    // Nothing to set up: the list is derived from the queue controller's state.
  }
}
