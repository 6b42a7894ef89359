import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { defineElement } from '../../define.js';
import { localized, msg, str } from '@lit/localize';
import { TandemElement } from '../tandem-element.js';
import { QueueStateController } from '../../controllers/queue-state-controller.js';
import { AgentListController } from '../../controllers/agent-list-controller.js';
import { QueueIsOpenEvent } from '../../events/queue-is-open.js';
import { QueueIsClosedEvent } from '../../events/queue-is-closed.js';
import { AgentsOnlineEvent, type AgentsOnlineDetail } from '../../events/agents-online.js';
import {
  QueueEstimatedWaitingTimeEvent,
  type QueueEstimatedWaitingTimeDetail,
} from '../../events/queue-estimated-waiting-time.js';
import { TandemError } from '../../errors.js';
import type { QueueState } from '../../protocol/frames.js';
import { formatAgentsOnline, formatInstant, formatWaitingTime } from '../../format.js';
import { tokens, card } from '../../styles/tokens.styles.js';
import { styles } from './calls-widget.styles.js';

/** What the widget shows: `data-state` of its base part. */
export type CallsWidgetView = 'connecting' | 'open' | 'closed' | 'unavailable';

/** Result of `areQueuesOpen()`, as in the Bambuser seed (001). */
export interface QueuesOpenResult {
  isOpen: boolean;
  nextOpenTime: string | null;
  nextCloseTime: string | null;
}

const DEFAULT_QUEUE = 'default';

/**
 * A visitor's way into a video call with the shop's agents. Shows whether the queue is open, who is
 * online and how long the wait is, live.
 *
 * @tagname calls-widget
 * @summary Video calls with the shop's agents: live queue state and agents online.
 *
 * @fires queue-is-open - The queue opened, or is open when the widget first learns its state. `detail`: `{isOpen: true, nextCloseTime}`.
 * @fires queue-is-closed - The queue closed, or is closed when the widget first learns its state. `detail`: `{isOpen: false, nextOpenTime}`.
 * @fires agents-online - The number of online agents changed (and once when first known). `detail`: `{numberOfAgentsOnline, queueId}`.
 * @fires queue-estimated-waiting-time - The estimated waiting time changed (and once when first known). `detail`: `{estimatedWaitingTime, agents, place, queueId}`.
 * @fires error - The widget cannot reach its hub or org. `detail`: `{code, message}`. Does not bubble.
 *
 * @csspart base - The card; its `data-state` is `connecting`, `open`, `closed` or `unavailable`.
 * @csspart title - The heading.
 * @csspart status - The live status line (queue state and waiting time).
 * @csspart agents - The row of online agents.
 * @csspart agents-online - The text with the number of agents online.
 *
 * @cssprop --tandem-color-accent - Accent colour.
 * @cssprop --tandem-color-surface - Card background.
 * @cssprop --tandem-color-text - Text colour.
 * @cssprop --tandem-color-muted - Secondary text colour.
 * @cssprop --tandem-color-online - Colour of the open and online indicators.
 * @cssprop --tandem-color-closed - Colour of the closed indicator.
 * @cssprop --tandem-radius - Corner radius.
 * @cssprop --tandem-font-family - Font.
 * @cssprop --tandem-card-min-height - Reserved height, so the page does not move as the state arrives.
 */
@localized()
export class CallsWidget extends TandemElement {
  static override styles = [tokens, card, styles];

  /** The queue visitors join: its id, name or slug. Defaults to the org's default queue. */
  @property() queue = '';

  private readonly queueState = new QueueStateController(this, this.hub, () => this.queue || DEFAULT_QUEUE);

  private readonly agentList = new AgentListController(this, this.queueState, (_before, count, queueId) =>
    this.dispatchEvent(new AgentsOnlineEvent({ numberOfAgentsOnline: count, queueId })),
  );

  constructor() {
    super();
    this.queueState.addListener((previous, next) => this.announce(previous, next));
  }

  /** Whether the widget's queue is open, with its next opening and closing times (ISO 8601). */
  async areQueuesOpen(): Promise<QueuesOpenResult> {
    const { isOpen, nextOpenTime, nextCloseTime } = await this.stateOf();
    return { isOpen, nextOpenTime, nextCloseTime };
  }

  /** Switches the widget to another queue, by id, name or slug. */
  setQueue(queueTerm: string): void {
    this.queue = queueTerm;
  }

  /** The number of online agents of a queue (default: the widget's own). */
  async getNumberOfOnlineAgents(queueTerm?: string): Promise<AgentsOnlineDetail> {
    const state = await this.stateOf(queueTerm);
    return { numberOfAgentsOnline: state.numberOfAgentsOnline, queueId: state.queueId };
  }

  /** The estimated waiting time, in seconds, of a queue (default: the widget's own). */
  async getEstimatedWaitingTime(queueTerm?: string): Promise<QueueEstimatedWaitingTimeDetail> {
    return waitingTimeOf(await this.stateOf(queueTerm));
  }

  private stateOf(queueTerm?: string): Promise<QueueState> {
    const session = this.hub.session;
    if (!session) {
      const { connection } = this.hub;
      const error = connection.kind === 'unavailable' ? connection.error : null;
      return Promise.reject(new TandemError(error?.code ?? 'org-not-found', error?.message ?? 'No org-id is set.'));
    }
    return session.queueState(queueTerm || this.queueState.queueTerm);
  }

  /** Fires the seed's queue events for what changed between two states of the widget's queue. */
  private announce(previous: QueueState | null, next: QueueState): void {
    const first = !previous || previous.queueId !== next.queueId;
    if (first || previous.isOpen !== next.isOpen || previous.nextCloseTime !== next.nextCloseTime) {
      this.dispatchEvent(
        next.isOpen
          ? new QueueIsOpenEvent({ isOpen: true, nextCloseTime: next.nextCloseTime })
          : new QueueIsClosedEvent({ isOpen: false, nextOpenTime: next.nextOpenTime }),
      );
    }
    const waiting = waitingTimeOf(next);
    if (first || !sameWaitingTime(waitingTimeOf(previous), waiting)) {
      this.dispatchEvent(new QueueEstimatedWaitingTimeEvent(waiting));
    }
  }

  private get view(): CallsWidgetView {
    const state = this.queueState.state;
    if (this.hub.connection.kind === 'unavailable' || this.queueState.error) return 'unavailable';
    if (!state) return 'connecting';
    return state.isOpen ? 'open' : 'closed';
  }

  private statusText(view: CallsWidgetView): string {
    const state = this.queueState.state;
    const locale = this.localeController.locale;
    if (view === 'connecting' || !state) return msg('Connecting…', { id: 'status.connecting' });
    if (view === 'unavailable') return msg('Video calls are not available right now.', { id: 'calls.unavailable' });
    if (view === 'closed') {
      if (!state.nextOpenTime) return msg('Closed', { id: 'calls.closed' });
      const opens = formatInstant(state.nextOpenTime, locale);
      return msg(str`Closed · opens ${opens}`, { id: 'calls.closedUntil' });
    }
    if (state.estimatedWaitingTime === null) {
      return msg('Open · nobody is online right now', { id: 'calls.openNobodyOnline' });
    }
    const wait = formatWaitingTime(state.estimatedWaitingTime, locale);
    return msg(str`Open · estimated wait ${wait}`, { id: 'calls.openWait' });
  }

  private renderAgents(view: CallsWidgetView): TemplateResult {
    const agents = this.agentList.agents;
    const count = this.agentList.count;
    const shown = agents.slice(0, 4);
    const hidden = view === 'connecting' || view === 'unavailable' || count === null;
    return html`<div part="agents" class="agents" ?hidden=${hidden}>
      ${shown.length
        ? html`<ul class="avatars" aria-hidden="true">
            ${shown.map((a) => html`<li><img src=${a.profile_photo_url} alt="" width="36" height="36" /></li>`)}
          </ul>`
        : nothing}
      <span part="agents-online">${formatAgentsOnline(count ?? 0)}</span>
    </div>`;
  }

  override render(): TemplateResult {
    const view = this.view;
    return html`<section part="base" class="card" data-state=${view} aria-labelledby="title" aria-busy=${view === 'connecting'}>
      <h2 id="title" part="title">
        <span class="dot ${view === 'connecting' ? 'pulse' : ''}" aria-hidden="true"></span>
        ${msg('Video call with us', { id: 'calls.title' })}
      </h2>
      <p part="status" class="status" role="status">${this.statusText(view)}</p>
      ${this.renderAgents(view)}
    </section>`;
  }
}

function waitingTimeOf(state: QueueState): QueueEstimatedWaitingTimeDetail;
function waitingTimeOf(state: QueueState | null): QueueEstimatedWaitingTimeDetail | null;
function waitingTimeOf(state: QueueState | null): QueueEstimatedWaitingTimeDetail | null {
  if (!state) return null;
  return {
    estimatedWaitingTime: state.estimatedWaitingTime,
    agents: state.numberOfAgentsOnline,
    place: state.waiting + 1,
    queueId: state.queueId,
  };
}

function sameWaitingTime(a: QueueEstimatedWaitingTimeDetail | null, b: QueueEstimatedWaitingTimeDetail): boolean {
  return !!a && a.estimatedWaitingTime === b.estimatedWaitingTime && a.agents === b.agents && a.place === b.place;
}

defineElement('calls-widget', CallsWidget);

declare global {
  interface HTMLElementTagNameMap {
    'calls-widget': CallsWidget;
  }
}
