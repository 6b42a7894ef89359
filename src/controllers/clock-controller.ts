import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The time now, refreshed every `intervalMs` while the element is on the page ("waiting 2 min"). */
export class ClockController implements ReactiveController {
  now = Date.now();

  private readonly host: ReactiveControllerHost;
  private readonly intervalMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost, intervalMs: number) {
    (this.host = host).addController(this);
    this.intervalMs = intervalMs;
  }

  hostConnected(): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      this.now = Date.now();
      this.host.requestUpdate();
    }, this.intervalMs);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
