import type { ReactiveController, ReactiveControllerHost } from 'lit';
// The smart trigger places an overlay: importing it registers <overlay-widget>.
import { OverlayWidget } from '../elements/overlay-widget/overlay-widget.component.js';
import { tagOf } from '../define.js';

export interface SmartOverlayOptions {
  /** Whether the `smart` trigger is on. */
  enabled(): boolean;
  /** Sets the overlay up from the calls widget's options, before it is placed. */
  configure(overlay: OverlayWidget): void;
}

/**
 * The `smart` trigger's overlay (001): an `<overlay-widget>` placed on the page for as long as its
 * calls widget is there, back when a moved widget is connected again.
 */
export class SmartOverlayController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly options: SmartOverlayOptions;
  private overlay: OverlayWidget | null = null;
  private connected = false;

  constructor(host: ReactiveControllerHost, options: SmartOverlayOptions) {
    (this.host = host).addController(this);
    this.options = options;
  }

  hostConnected(): void {
    this.connected = true;
    // After the first render, when attributes and properties set by the page have landed.
    void this.host.updateComplete.then(() => {
      if (this.connected && this.options.enabled()) this.place();
    });
  }

  /** Options the page sets after the tag (`getOverlayOffsets`, ...) reach an overlay already placed. */
  hostUpdated(): void {
    if (this.overlay?.isConnected) this.options.configure(this.overlay);
  }

  hostDisconnected(): void {
    this.connected = false;
    this.overlay?.remove();
  }

  /** Shows the overlay now (001's `showOverlayWidget`), placing it first if needed. */
  show(): void {
    this.place().showOverlayWidget();
  }

  /** Hides the overlay (001's `hideOverlayWidget`). */
  hide(): void {
    this.overlay?.hideOverlayWidget();
  }

  private place(): OverlayWidget {
    const overlay = (this.overlay ??= document.createElement(tagOf(OverlayWidget, 'overlay-widget')) as OverlayWidget);
    if (!overlay.isConnected) {
      this.options.configure(overlay);
      document.body.append(overlay);
    }
    return overlay;
  }
}
