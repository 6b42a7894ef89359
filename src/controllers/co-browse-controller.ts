import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ErrorCode } from '../protocol/frames.js';
import type { TandemErrorDetail } from '../events/tandem-error.js';
import type { VisitorCallController } from './visitor-call-controller.js';
import type { CartBridgeController } from './cart-bridge-controller.js';

/** 001's `floatingPlayer` option. */
export interface FloatingPlayerOptions {
  /** `iframe` (default): the shop loads in a frame under the player; `manual`: the page navigates itself. */
  navigationMode?: 'iframe' | 'manual';
  /** With `manual`: ask before a reload or close ends the call (default true). */
  confirmClosingBrowser?: boolean;
}

export interface CoBrowseOptions {
  /** 001's `disableCoBrowsing`. */
  disabled(): boolean;
  /** 001's `merchantBaseUrl`: where relative pages resolve (default: this page's origin). */
  merchantBaseUrl(): string;
  floatingPlayer(): FloatingPlayerOptions;
  /** Minimises the call into the floating player. */
  minimize(): void;
  onError(detail: TandemErrorDetail, warn?: boolean): void;
}

/** Marks the frame the shop loads in while co-browsing: Tandem inside it leaves the call alone. */
export const CO_BROWSE_FRAME_ATTRIBUTE = 'data-tandem-co-browsing';

/** True in a page loaded inside a calls widget's co-browsing frame. */
export function inCoBrowseFrame(): boolean {
  try {
    return !!window.frameElement?.hasAttribute(CO_BROWSE_FRAME_ATTRIBUTE);
  } catch {
    return false;
  }
}

/**
 * Co-browsing (001): `floatAbove(url?)` floats the call above the page and takes the visitor (and the
 * agent, who follows the visitor's page) to another page of the shop; the agent can send the visitor
 * to a page too. In `iframe` mode the shop loads in a full-page same-origin frame under the player, so
 * the call never reloads, and the address bar and title follow the frame; in `manual` mode the page
 * routes itself (an SPA: the address changes in place and its router hears `popstate`), and a reload
 * or close, which would end the call, is confirmed first. The agent sees the visitor's page live.
 */
export class CoBrowseController implements ReactiveController {
  /** The page shown in the co-browsing frame, or null while the visitor is on the page itself. */
  frameUrl: string | null = null;

  private readonly host: ReactiveControllerHost;
  private readonly call: VisitorCallController;
  private readonly bridge: CartBridgeController;
  private readonly options: CoBrowseOptions;
  private reportedFor: string | null = null;
  private lastPage = '';
  private navigationTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    host: ReactiveControllerHost,
    call: VisitorCallController,
    bridge: CartBridgeController,
    options: CoBrowseOptions,
  ) {
    (this.host = host).addController(this);
    this.call = call;
    this.bridge = bridge;
    this.options = options;
  }

  hostConnected(): void {
    window.addEventListener('popstate', this.onNavigation);
    window.addEventListener('hashchange', this.onNavigation);
    window.addEventListener('beforeunload', this.onBeforeUnload);
    navigationApi()?.addEventListener('navigatesuccess', this.onNavigation);
  }

  hostUpdated(): void {
    // A new call: the agent hears where the visitor is.
    const callId = this.bridge.callId;
    if (callId && callId !== this.reportedFor) {
      this.reportedFor = callId;
      this.lastPage = '';
      this.reportPage();
    }
    if (!callId) this.reportedFor = null;
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.onNavigation);
    window.removeEventListener('hashchange', this.onNavigation);
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    navigationApi()?.removeEventListener('navigatesuccess', this.onNavigation);
    clearTimeout(this.navigationTimer);
  }

  /**
   * 001's `floatAbove(url?)`: minimises the call into the floating player; with a URL of the shop's
   * own origin, takes the visitor there (and the agent follows). Another origin is refused.
   */
  floatAbove(url?: string): void {
    if (url === undefined || url === '') {
      this.options.minimize();
      return;
    }
    if (this.options.disabled()) {
      this.refuse('floatAbove: co-browsing is turned off (disable-co-browsing).');
      return;
    }
    const target = this.resolve(url);
    if (!target) {
      this.refuse(`floatAbove: "${url}" is not a page of this shop (${location.origin}).`);
      return;
    }
    this.options.minimize();
    if (!this.call.active) {
      location.assign(target);
      return;
    }
    if (this.mode() === 'manual') {
      // The page routes itself (an SPA): the address changes in place and its router hears a
      // `popstate`, as after the browser's own back button; the call never reloads.
      history.pushState(history.state, '', target);
      window.dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
      return;
    }
    this.frameUrl = target;
    this.host.requestUpdate();
  }

  /** The co-browsing frame loaded a page: the address bar, the title and the agent follow it. */
  frameLoaded(frame: HTMLIFrameElement): void {
    let href: string;
    let title: string;
    try {
      href = frame.contentWindow!.location.href;
      title = frame.contentDocument?.title ?? '';
    } catch {
      return; // Another origin inside the frame (a payment page, say): nothing to follow.
    }
    if (href === 'about:blank') return;
    if (href !== location.href) history.replaceState(history.state, '', href);
    if (title) document.title = title;
    this.reportPage(href, title);
  }

  /** After the call: the visitor stays on the page they browsed to, without the frame. */
  leaveFrame(): void {
    const url = this.frameUrl;
    if (!url || this.call.active) return;
    this.frameUrl = null;
    location.assign(location.href);
  }

  private mode(): 'iframe' | 'manual' {
    return this.options.floatingPlayer().navigationMode === 'manual' ? 'manual' : 'iframe';
  }

  /** The absolute URL of a page of this shop, or null for another origin or a non-web URL. */
  private resolve(url: string): string | null {
    try {
      const base = new URL(this.options.merchantBaseUrl() || location.origin, location.href);
      const target = new URL(url, base);
      return target.origin === location.origin ? target.href : null;
    } catch {
      return null;
    }
  }

  private refuse(message: string): void {
    this.options.onError({ code: ErrorCode.invalidArgument, message }, true);
  }

  private reportPage(url = location.href, title = document.title): void {
    if (this.options.disabled() || !this.bridge.callId) return;
    const page = `${url}\n${title}`;
    if (page === this.lastPage) return;
    this.lastPage = page;
    this.bridge.send({ kind: 'page', url: url.slice(0, 2048), title: title.slice(0, 500) });
  }

  private readonly onNavigation = (): void => {
    // The Navigation API and history events fire before a new title is set: read both a beat later.
    clearTimeout(this.navigationTimer);
    this.navigationTimer = setTimeout(() => {
      if (!this.frameUrl) this.reportPage();
    }, 50);
  };

  private readonly onBeforeUnload = (event: BeforeUnloadEvent): void => {
    const { confirmClosingBrowser = true } = this.options.floatingPlayer();
    if (this.mode() !== 'manual' || !confirmClosingBrowser) return;
    if (this.call.phase !== 'in-call') return;
    event.preventDefault();
    event.returnValue = '';
  };
}

/** The Navigation API (Chromium), when the browser has it. */
function navigationApi(): EventTarget | undefined {
  return (globalThis as { navigation?: EventTarget }).navigation;
}
