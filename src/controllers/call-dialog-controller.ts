import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { VisitorCallController } from './visitor-call-controller.js';

export interface CallDialogOptions {
  /** The queue the widget shows, for the tracking events. */
  queueId(): string | null;
  /** 001's `call_widget_opened` and `call_widget_closed`. */
  track(eventName: 'call_widget_opened' | 'call_widget_closed', eventData: Record<string, unknown>): void;
}

/**
 * Whether the calls widget's dialog is open, minimised to the floating player, or on the booking
 * view; a visitor who waits or talks keeps it (minimised), also after a reload resumed the call.
 */
export class CallDialogController implements ReactiveController {
  open = false;
  minimized = false;
  booking = false;

  private readonly host: ReactiveControllerHost;
  private readonly call: VisitorCallController;
  private readonly options: CallDialogOptions;

  constructor(host: ReactiveControllerHost, call: VisitorCallController, options: CallDialogOptions) {
    (this.host = host).addController(this);
    this.call = call;
    this.options = options;
  }

  hostUpdate(): void {
    // A wait or call resumed after a reload (or on the shop's next page) shows as the minimised player.
    if (this.call.active && !this.open) {
      this.open = true;
      this.minimized = true;
    }
  }

  /** True while the floating player shows instead of the dialog. */
  get playerShown(): boolean {
    return this.open && this.minimized && this.call.active;
  }

  /** True while the modal dialog shows. */
  get dialogShown(): boolean {
    return this.open && !this.minimized;
  }

  show(): void {
    if (this.dialogShown) return;
    const wasOpen = this.open;
    this.open = true;
    this.minimized = false;
    if (!wasOpen) this.options.track('call_widget_opened', { queueId: this.options.queueId() });
    this.host.requestUpdate();
  }

  showBooking(show = true): void {
    if (show) this.show();
    this.booking = show;
    this.host.requestUpdate();
  }

  minimize(): void {
    this.minimized = true;
    this.host.requestUpdate();
  }

  /** Closes the dialog; a visitor in the queue or a call keeps it, minimised. */
  close(): void {
    if (this.call.active) return this.minimize();
    if (this.open) this.options.track('call_widget_closed', { queueId: this.options.queueId() });
    this.open = false;
    this.minimized = false;
    if (this.call.phase === 'ended') this.call.reset();
    this.host.requestUpdate();
  }
}
