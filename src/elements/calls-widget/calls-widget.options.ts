import { defineAlias, property } from '../property.js';
import { TandemElement } from '../tandem-element.js';
import type { TrackingTag } from '../../protocol/frames.js';
import type {
  CallRoutingDecider,
  CallsWidgetStrings,
  CallsWidgetTrigger,
  MinimizedWidgetStyle,
  VisitorDataSource,
} from '../../call/call-types.js';
import type { FloatingPlayerOptions } from '../../controllers/co-browse-controller.js';
import { count, defaultTrueBoolean, flag, optionalBoolean, wordList } from '../../attribute-converters.js';
import type {
  OverlayOffsets,
  OverlayPosition,
  OverlayVariant,
} from '../overlay-widget/overlay-widget.component.js';

/**
 * The calls widget's options, as the seeds name them (001's embed options, 000's `strings` and
 * `onBeforeRender`): attributes and properties only. `CallsWidget` adds the behaviour.
 */
export class CallsWidgetOptions extends TandemElement {
  /** The queue visitors join: its id, name or slug. Defaults to the org's default queue. */
  @property() queue = '';

  /** Shows the drop-in (call now) option on the start screen. `drop-in-enabled="false"` hides it. */
  @property({ attribute: 'drop-in-enabled', converter: defaultTrueBoolean }) dropInEnabled = true;

  /** Shows the booking option on the start screen (`"false"` hides it); without it, the org's setting decides (001's bookingsEnabled). */
  @property({ attribute: 'bookings-enabled', converter: optionalBoolean }) bookingsEnabled: boolean | null =
    null;

  /** What opens the widget: `connect-link`, `queue-link`, `always`, `smart` (space- or comma-separated). */
  @property({ converter: wordList }) triggers: CallsWidgetTrigger[] = [];

  /** A booked meeting's connect id (else the `bambuserConnectId` URL parameter, with `connect-link`). */
  @property({ attribute: 'connect-id' }) connectId = '';

  /** Only agents with all these tags take the call (space- or comma-separated). */
  @property({ attribute: 'agent-tags', converter: wordList }) agentTags: string[] = [];

  /** `false` stops the widget writing any cookie or storage (it never writes before the visitor acts). */
  @property({ attribute: 'allow-first-party-cookies', converter: defaultTrueBoolean })
  allowFirstPartyCookies = true;

  /** A theme: `light` (default), `dark`, or one of the org's themes set on the hub (001's themeId). */
  @property({ attribute: 'theme-id' }) themeId = '';

  /** Opens straight on booking (001's openBookingPage). */
  @property({ attribute: 'open-booking-page', converter: flag }) openBookingPage = false;

  /** An external booking system to embed, in a sandboxed iframe, instead of Tandem's booking card (001's bookingIframeUrl). */
  @property({ attribute: 'booking-iframe-url' }) bookingIframeUrl = '';

  /** Only these published booking services (001's bookingServiceIds). */
  @property({ attribute: 'booking-service-ids', converter: wordList }) bookingServiceIds: string[] = [];

  /** Only this booking resource, an agent (001's bookingResourceId). */
  @property({ attribute: 'booking-resource-id' }) bookingResourceId = '';

  /** Hides the widget's card: only the call dialog and the minimised player show (for launchers of your own). */
  @property({ attribute: 'no-card', converter: flag }) noCard = false;

  /** With the `smart` trigger: seconds before the overlay invites the visitor (001's popupTimeoutSeconds). */
  @property({ attribute: 'popup-timeout-seconds', converter: count }) popupTimeoutSeconds = 60;

  /** With the `smart` trigger: the overlay's variant, `Video`, `Side dock` or `Avatar` (001's smartVariantOverride). */
  @property({ attribute: 'smart-variant-override' }) smartVariantOverride: OverlayVariant = 'Video';

  /** With the `smart` trigger: the overlay's offsets per position (001's getOverlayOffsets). */
  @property({ attribute: false }) getOverlayOffsets: ((position: OverlayPosition) => OverlayOffsets) | null =
    null;

  /** Overrides of the drop-in option's title and text (`{{name}}`: the routed agent's name). */
  @property({ attribute: false }) strings: CallsWidgetStrings = {};

  /** Receives the online agents and returns `{callAgentId, productIds}` to route the call (may be async). */
  @property({ attribute: false }) onBeforeRender: CallRoutingDecider | null = null;

  /**
   * `onBeforeRender` under a name frameworks pass as a property: React and Vue take every `on*`
   * prop for an event listener.
   */
  get beforeRender(): CallRoutingDecider | null {
    return this.onBeforeRender;
  }
  set beforeRender(decider: CallRoutingDecider | null) {
    this.onBeforeRender = decider;
  }

  /** Customer data shown to the agent: an object, or a function returning a Promise of one. */
  @property({ attribute: false }) data: VisitorDataSource | null = null;

  /** Custom tracking tags `{key, value}[]` (at most 20; see `setTrackingTags`). */
  @property({ attribute: false }) trackingTags: TrackingTag[] = [];

  /** Returns the minimised player's placement `{position, verticalMargin, horizontalMargin, zIndex}`. */
  @property({ attribute: false }) getMinimizedWidgetStyle: (() => MinimizedWidgetStyle) | null = null;

  /** Turns co-browsing off: no `floatAbove(url)`, no pages from the agent, no page shown to the agent (001's disableCoBrowsing). */
  @property({ attribute: 'disable-co-browsing', converter: flag }) disableCoBrowsing = false;

  /** Where co-browsing pages resolve and the agent's navigation starts (001's merchantBaseUrl; default: this page's origin). */
  @property({ attribute: 'merchant-base-url' }) merchantBaseUrl = '';

  /** How the call floats above the shop while co-browsing: `{navigationMode: 'iframe' | 'manual', confirmClosingBrowser}` (001's floatingPlayer). */
  @property({ attribute: false }) floatingPlayer: FloatingPlayerOptions = { navigationMode: 'iframe' };

  /** Lets the agent scan a product's barcode or QR code into a search (001's enableScanning). */
  @property({ attribute: 'enable-scanning', converter: flag }) enableScanning = false;

  /** Pushes every tracking event to `window.dataLayer` (001's dataLayerTracking). `data-layer-tracking="false"` stops it. */
  @property({ attribute: 'data-layer-tracking', converter: defaultTrueBoolean }) dataLayerTracking = true;

  /** Pushes the GA4 ecommerce events to `window.dataLayer` (001's ecommerceTracking). `ecommerce-tracking="false"` stops it. */
  @property({ attribute: 'ecommerce-tracking', converter: defaultTrueBoolean }) ecommerceTracking = true;
}

// Vue templates write `:before-render="decide"`.
defineAlias(CallsWidgetOptions.prototype, 'before-render', 'beforeRender');
