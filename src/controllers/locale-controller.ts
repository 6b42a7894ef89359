import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  activateLocale,
  isLocaleLoaded,
  loadLocale,
  resolveLocale,
  withLocale,
  type SupportedLocale,
} from '../localization.js';

/** Hosts that the page's `<html lang>` changes must re-resolve, shared by one MutationObserver. */
const langWatchers = new Set<LocaleController>();
let langObserver: MutationObserver | null = null;

/**
 * Resolves the element's locale (its `locale` attribute, the page's `<html lang>`, the browser's
 * language, en-US), loads its translations, and renders the element in it: for the duration of the
 * host's update, `msg()` translates into this element's locale, whatever locale other elements on the
 * page use. Until the translations arrive the element renders the source text (en-US), then updates.
 *
 * `msg()` called outside an update (an event handler, after an `await`) goes through {@link run}.
 */
export class LocaleController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly requested: () => string | undefined;
  private resolved: SupportedLocale | null = null;
  /** The locale whose translations this controller waits for, to update its host once they arrive. */
  private awaited: SupportedLocale | null = null;
  /** The locale active before the host's update, restored after it. */
  private outer: SupportedLocale | null = null;

  constructor(host: ReactiveControllerHost, requested: () => string | undefined) {
    (this.host = host).addController(this);
    this.requested = requested;
  }

  /** The locale the element renders in; also what its dates and numbers are formatted for. */
  get locale(): SupportedLocale {
    return this.resolved ?? resolveLocale(this.requested());
  }

  /** Runs `fn` with `msg()` translating into this element's locale: for messages built outside render. */
  run<T>(fn: () => T): T {
    return withLocale(this.locale, fn);
  }

  hostConnected(): void {
    langWatchers.add(this);
    langObserver ??= new MutationObserver(() => {
      for (const watcher of langWatchers) watcher.host.requestUpdate();
    });
    langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    this.apply();
  }

  hostUpdate(): void {
    this.apply();
    // Lit renders synchronously inside update(), between hostUpdate and hostUpdated.
    this.outer = activateLocale(this.locale);
  }

  hostUpdated(): void {
    if (this.outer === null) return;
    activateLocale(this.outer);
    this.outer = null;
  }

  hostDisconnected(): void {
    langWatchers.delete(this);
    if (langWatchers.size === 0) {
      langObserver?.disconnect();
      langObserver = null;
    }
  }

  private apply(): void {
    const locale = resolveLocale(this.requested());
    this.resolved = locale;
    if (isLocaleLoaded(locale) || this.awaited === locale) return;
    this.awaited = locale;
    loadLocale(locale).then(
      () => {
        if (this.awaited !== locale) return;
        this.awaited = null;
        // Only the latest locale's arrival matters; an earlier one the host has moved on from does not.
        if (this.resolved === locale) this.host.requestUpdate();
      },
      () => {
        // A failed load leaves the source text, still readable; the next update tries again.
        if (this.awaited === locale) this.awaited = null;
      },
    );
  }
}
