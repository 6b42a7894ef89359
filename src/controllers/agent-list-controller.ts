import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallAgent } from '../protocol/frames.js';
import type { QueueStateController } from './queue-state-controller.js';

/** One empty list, so that "no agents yet" is the same value from one update to the next. */
const NO_AGENTS: readonly CallAgent[] = Object.freeze([]);

/** The online agents of the element's queue (CallAgent shape) and their count. */
export class AgentListController implements ReactiveController {
  private readonly queue: QueueStateController;

  constructor(host: ReactiveControllerHost, queue: QueueStateController) {
    host.addController(this);
    this.queue = queue;
  }

  /** Agents serving the queue whose status is `online`; empty until the state is known. */
  get agents(): readonly CallAgent[] {
    return this.queue.state?.agents ?? NO_AGENTS;
  }

  /** Null until the queue's state is known. */
  get count(): number | null {
    return this.queue.state?.numberOfAgentsOnline ?? null;
  }

  hostConnected(): void {
    // Nothing to set up: the list is derived from the queue controller's state.
  }
}
