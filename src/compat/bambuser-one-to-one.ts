/**
 * Bambuser One-to-One (seed 001) on Tandem: `/compat/bambuser-one-to-one.js` in place of Bambuser's
 * `embed.js`. Once Tandem's elements are defined, it calls the page's `window.onBambuserOneToOneReady`
 * with `BambuserOneToOneEmbed`; each instance is a floating `<calls-widget no-card>` appended to
 * `<body>` (nothing shows until `show()`, a trigger or the `smart` overlay, as with Bambuser), its
 * options set as the element's properties of the same names, `.on`/`.removeListener` as DOM
 * listeners called `handler(detail, callback)`, and its methods the element's.
 */
import type { CallsWidget } from '../elements/calls-widget/calls-widget.component.js';
import { hubUrlOf, orgOfScript, ownScript, VendorListeners, warnOnce, whenTandemReady } from './shared.js';
import type { VendorHandler } from './shared.js';

const VENDOR = 'Bambuser One-to-One';

/** 001's constructor options that are `<calls-widget>` properties of the same name. */
const OPTIONS = [
  'queue',
  'triggers',
  'connectId',
  'dropInEnabled',
  'bookingsEnabled',
  'openBookingPage',
  'locale',
  'data',
  'allowFirstPartyCookies',
  'trackingTags',
  'enableScanning',
  'merchantBaseUrl',
  'dataLayerTracking',
  'ecommerceTracking',
  'bookingServiceIds',
  'bookingResourceId',
  'bookingIframeUrl',
  'disableCoBrowsing',
  'floatingPlayer',
  'themeId',
  'getMinimizedWidgetStyle',
  'smartVariantOverride',
  'popupTimeoutSeconds',
  'getOverlayOffsets',
] as const;

/** 001's events; `.on` with another name still listens, with a warning. */
const EVENTS = new Set([
  'queue-is-open',
  'queue-is-closed',
  'agents-online',
  'queue-estimated-waiting-time',
  'tracking-event',
  'provide-product-data',
  'provide-search-data',
  'should-add-item-to-cart',
  'should-update-item-in-cart',
  'goto-checkout',
  'goto-chat',
  // Tandem's own, on the same element.
  'booking-requested',
  'error',
]);

const FLOATING_PLAYER_NAVIGATION_MODE = Object.freeze({ IFRAME: 'iframe', MANUAL: 'manual' } as const);
const ELEMENTS = Object.freeze({ DROP_IN_CARD: 'drop-in-card', BOOKING_CARD: 'book-meeting-card' } as const);

type Options = Record<string, unknown>;
type Method<K extends keyof CallsWidget> = CallsWidget[K] extends (...args: infer A) => infer R
  ? (...args: A) => R
  : never;

const script = ownScript('bambuser-one-to-one.js');

class BambuserOneToOneEmbed {
  static readonly FLOATING_PLAYER_NAVIGATION_MODE = FLOATING_PLAYER_NAVIGATION_MODE;
  readonly FLOATING_PLAYER_NAVIGATION_MODE = FLOATING_PLAYER_NAVIGATION_MODE;
  readonly ELEMENTS = ELEMENTS;

  readonly #widget: CallsWidget;
  readonly #listeners: VendorListeners;

  constructor(options: Options = {}) {
    const widget = document.createElement('calls-widget');
    widget.noCard = true;
    widget.hubUrl = hubUrlOf(script);
    const orgId = typeof options['orgId'] === 'string' ? options['orgId'] : orgOfScript(script);
    if (!orgId) warnOnce(VENDOR, 'no orgId: pass {orgId} (your Tandem org id or its alias).');
    widget.orgId = orgId;
    const settable = widget as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(options ?? {})) {
      if (key === 'orgId' || value === undefined) continue;
      if ((OPTIONS as readonly string[]).includes(key)) settable[key] = value;
      else warnOnce(VENDOR, `the option "${key}" is not supported and is ignored.`);
    }
    document.body.append(widget);
    this.#widget = widget;
    this.#listeners = new VendorListeners(widget);
  }

  /** The `<calls-widget>` behind this embed, for what only Tandem offers. */
  get element(): CallsWidget {
    return this.#widget;
  }

  on(eventName: string, handler: VendorHandler): void {
    if (typeof handler !== 'function') return warnOnce(VENDOR, `on("${eventName}") needs a function.`);
    if (!EVENTS.has(eventName)) warnOnce(VENDOR, `the event "${eventName}" is not one Tandem fires.`);
    this.#listeners.on(eventName, handler);
  }

  removeListener(eventName: string, handler: VendorHandler): void {
    this.#listeners.off(eventName, handler);
  }

  show: Method<'show'> = () => this.#widget.show();
  destroy: Method<'destroy'> = () => this.#widget.destroy();
  floatAbove: Method<'floatAbove'> = (url) => this.#widget.floatAbove(url);
  areQueuesOpen: Method<'areQueuesOpen'> = () => this.#widget.areQueuesOpen();
  setQueue: Method<'setQueue'> = (queueTerm) => this.#widget.setQueue(queueTerm);
  getNumberOfOnlineAgents: Method<'getNumberOfOnlineAgents'> = (queueTerm) =>
    this.#widget.getNumberOfOnlineAgents(queueTerm);
  getEstimatedWaitingTime: Method<'getEstimatedWaitingTime'> = (queueTerm) =>
    this.#widget.getEstimatedWaitingTime(queueTerm);
  updateData: Method<'updateData'> = (data) => this.#widget.updateData(data);
  setTrackingTags: Method<'setTrackingTags'> = (tags) => this.#widget.setTrackingTags(tags);
  showOverlayWidget: Method<'showOverlayWidget'> = () => this.#widget.showOverlayWidget();
  hideOverlayWidget: Method<'hideOverlayWidget'> = () => this.#widget.hideOverlayWidget();
  updateProduct: Method<'updateProduct'> = (id, factory) => this.#widget.updateProduct(id, factory);
  updateElement: Method<'updateElement'> = (id, state) => this.#widget.updateElement(id, state);
}

type ReadyHandler = (embed: typeof BambuserOneToOneEmbed) => void;

declare global {
  interface Window {
    onBambuserOneToOneReady?: ReadyHandler;
    BambuserOneToOneEmbed?: typeof BambuserOneToOneEmbed;
  }
}

void whenTandemReady(script, VENDOR).then(() => {
  window.BambuserOneToOneEmbed = BambuserOneToOneEmbed;
  const ready = window.onBambuserOneToOneReady;
  if (typeof ready === 'function') {
    ready(BambuserOneToOneEmbed);
    return;
  }
  // Defined after the script loaded (001 asks for before): run it as soon as it is set.
  let later: ReadyHandler | undefined;
  Object.defineProperty(window, 'onBambuserOneToOneReady', {
    configurable: true,
    get: () => later,
    set: (handler: unknown) => {
      later = typeof handler === 'function' ? (handler as ReadyHandler) : undefined;
      later?.(BambuserOneToOneEmbed);
    },
  });
});
