import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ErrorCode, type TrackingTag } from '../protocol/frames.js';
import { toErrorDetail } from '../errors.js';
import type { TandemErrorDetail } from '../events/tandem-error.js';
import { validateTrackingTags } from '../call/tracking-tags.js';
import type { VisitorData, VisitorDataSource } from '../call/call-types.js';
import type { JoinOptions, VisitorCallController } from './visitor-call-controller.js';
import type { CallRoutingController } from './call-routing-controller.js';

/** A slow `data` function must not hold the visitor: the call goes ahead without it after this. */
const DATA_TIMEOUT_MS = 5000;

export interface TicketDetailsOptions {
  data(): VisitorDataSource | null;
  trackingTags(): TrackingTag[];
  agentTags(): string[];
  onError(detail: TandemErrorDetail, warn?: boolean): void;
}

/**
 * What the visitor's ticket carries to the agent: the page's data (001's `data`, waited for at most
 * a few seconds), its tracking tags (checked against the seed's limits), the routing and agent tags;
 * and their updates during the wait or the call. Waits end when the element leaves the page.
 */
export class TicketDetailsController implements ReactiveController {
  private readonly options: TicketDetailsOptions;
  private readonly call: VisitorCallController;
  private readonly routing: CallRoutingController;
  private aborter = new AbortController();

  constructor(
    host: ReactiveControllerHost,
    call: VisitorCallController,
    routing: CallRoutingController,
    options: TicketDetailsOptions,
  ) {
    host.addController(this);
    this.call = call;
    this.routing = routing;
    this.options = options;
  }

  hostConnected(): void {
    if (this.aborter.signal.aborted) this.aborter = new AbortController();
  }

  hostDisconnected(): void {
    this.aborter.abort();
  }

  /** Everything the ticket carries, collected when the visitor joins. */
  async joinOptions(): Promise<JoinOptions> {
    let trackingTags: TrackingTag[] = [];
    try {
      trackingTags = validateTrackingTags(this.options.trackingTags());
    } catch (error) {
      // Nothing invalid is sent: the call goes ahead without tags, and the page hears why.
      this.options.onError(toErrorDetail(error), true);
    }
    const options: JoinOptions = { data: await this.resolveData(), trackingTags };
    const routing = this.routing.routing;
    if (routing) {
      options.callAgentId = routing.agent.id;
      options.productIds = routing.productIds;
    }
    const agentTags = this.options.agentTags();
    if (agentTags.length) options.agentTags = agentTags;
    return options;
  }

  /** Sends the current data to the agent (during a wait or call). */
  async sendData(): Promise<void> {
    try {
      await this.call.update({ data: await this.resolveData() });
    } catch (error) {
      this.options.onError(toErrorDetail(error));
    }
  }

  /**
   * Checks tags against the seed's limits; returns them as kept (duplicates: the last one wins) and
   * sends them to the agent, or returns null after reporting the violation (nothing changes).
   */
  acceptTrackingTags(tags: TrackingTag[]): TrackingTag[] | null {
    let valid: TrackingTag[];
    try {
      valid = validateTrackingTags(tags);
    } catch (error) {
      this.options.onError(toErrorDetail(error), true);
      return null;
    }
    this.call
      .update({ trackingTags: valid })
      .catch((error: unknown) => this.options.onError(toErrorDetail(error)));
    return valid;
  }

  /** The page's data, waited for at most `DATA_TIMEOUT_MS` and never past the element's removal. */
  private async resolveData(): Promise<VisitorData> {
    const source = this.options.data();
    if (!source) return {};
    if (typeof source !== 'function') return { ...source };
    const signal = this.aborter.signal;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    try {
      const data = await Promise.race([
        source(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('the data function did not resolve within 5 s')),
            DATA_TIMEOUT_MS,
          );
          onAbort = () => reject(new Error('the widget left the page'));
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
      return data && typeof data === 'object' ? { ...data } : {};
    } catch (error) {
      this.options.onError(
        {
          code: ErrorCode.invalidArgument,
          message: `data: ${error instanceof Error ? error.message : String(error)}`,
        },
        true,
      );
      return {};
    } finally {
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }
}
