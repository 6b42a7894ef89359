import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ErrorCode, type CallAgent } from '../protocol/frames.js';
import type { TandemErrorDetail } from '../events/tandem-error.js';
import type { CallRoutingDecider, RoutedCall } from '../call/call-types.js';
import type { AgentListController } from './agent-list-controller.js';

export interface CallRoutingOptions {
  /** The page's `onBeforeRender` (000), or null. */
  decider(): CallRoutingDecider | null;
  /** Routing is decided only before the visitor starts a call. */
  canRoute(): boolean;
  /** `warn`: the page's own mistake, also logged to the console. */
  onError(detail: TandemErrorDetail, warn?: boolean): void;
}

/**
 * Which agent takes the visitor's call: the page's `onBeforeRender` (000) asked again whenever the
 * online agents or the function change (only the latest answer lands), or a booked meeting's agent.
 */
export class CallRoutingController implements ReactiveController {
  /** The chosen agent and the products to show, or null: the queue decides. */
  routing: RoutedCall | null = null;

  private readonly host: ReactiveControllerHost;
  private readonly agents: AgentListController;
  private readonly options: CallRoutingOptions;
  /** The agents and function the current routing was asked for. */
  private askedFor: { agents: readonly CallAgent[]; decider: CallRoutingDecider } | null = null;
  private run = 0;
  /** A meeting's agent is fixed: the page is not asked. */
  private fixed = false;

  constructor(host: ReactiveControllerHost, agents: AgentListController, options: CallRoutingOptions) {
    (this.host = host).addController(this);
    this.agents = agents;
    this.options = options;
  }

  hostUpdate(): void {
    const decider = this.options.decider();
    const agents = this.agents.agents;
    if (this.fixed || !decider || !this.options.canRoute()) return;
    if (this.askedFor?.agents === agents && this.askedFor.decider === decider) return;
    this.askedFor = { agents, decider };
    void this.ask(decider, agents);
  }

  hostDisconnected(): void {
    // A late answer for an element that left the page lands nowhere; asked again on return.
    this.run++;
    this.askedFor = null;
  }

  /** Routes to a booked meeting's agent, whatever `onBeforeRender` says. */
  fixAgent(agent: CallAgent): void {
    this.fixed = true;
    this.run++;
    this.routing = { agent, productIds: [] };
    this.host.requestUpdate();
  }

  private async ask(decide: CallRoutingDecider, agents: readonly CallAgent[]): Promise<void> {
    const run = ++this.run;
    const land = (routing: RoutedCall | null, error?: TandemErrorDetail, warn?: boolean): void => {
      if (run !== this.run) return;
      const before = this.routing;
      this.routing = routing;
      const same =
        before?.agent.id === routing?.agent.id && before?.productIds.join() === routing?.productIds.join();
      if (!same) this.host.requestUpdate();
      if (error) this.options.onError(error, warn);
    };
    try {
      const result = await decide(agents.map((a) => ({ ...a, tags: [...a.tags] })));
      if (!result) return land(null);
      const agent = agents.find((a) => a.id === result.callAgentId);
      if (!agent) {
        return land(
          null,
          result.callAgentId
            ? {
                code: ErrorCode.invalidArgument,
                message: `onBeforeRender chose "${result.callAgentId}", who is not online.`,
              }
            : undefined,
        );
      }
      land({ agent, productIds: Array.isArray(result.productIds) ? result.productIds.map(String) : [] });
    } catch (error) {
      land(
        null,
        { code: ErrorCode.invalidArgument, message: `onBeforeRender failed: ${String(error)}` },
        true,
      );
    }
  }
}
