import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CHAT_STATUS_CODES, type ChatStatusWord, type StatusChangeDetail } from '../events/chat-events.js';
import type { HubSessionController } from './hub-session-controller.js';
import type { QueueStateController } from './queue-state-controller.js';

/**
 * Whether the chat's queue is answered: `online` while an agent is online, `busy` while all are
 * busy, `offline` otherwise (closed, nobody there, no connection). Tells the element each change,
 * the first one included, as its queue's state comes in.
 */
export class ChatStatusController implements ReactiveController {
  private readonly hub: HubSessionController;
  private readonly queue: QueueStateController;
  private lastStatus: ChatStatusWord | null = null;

  constructor(
    host: ReactiveControllerHost,
    hub: HubSessionController,
    queue: QueueStateController,
    onChange: (detail: StatusChangeDetail, first: boolean) => void,
  ) {
    host.addController(this);
    this.hub = hub;
    this.queue = queue;
    // Listening from the start (as AgentListController does), so that the first state is not missed;
    // both controllers live exactly as long as the element.
    queue.addListener(() => {
      const status = this.status;
      if (status === this.lastStatus) return;
      const first = this.lastStatus === null;
      this.lastStatus = status;
      onChange({ code: CHAT_STATUS_CODES[status], status }, first);
    });
  }

  hostConnected(): void {
    // Nothing to set up: the status is derived from the queue controller's state.
  }

  get status(): ChatStatusWord {
    const state = this.queue.state;
    if (!state || !state.isOpen || this.hub.connection.kind !== 'ready') return 'offline';
    if (state.numberOfAgentsOnline > 0) return 'online';
    return state.numberOfAgentsBusy > 0 ? 'busy' : 'offline';
  }

  /** The status has been announced at least once (`chat-loaded` has fired). */
  get loaded(): boolean {
    return this.lastStatus !== null;
  }
}
