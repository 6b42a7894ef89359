import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { resolveLocale, setLocale, getLocale, type SupportedLocale } from '../localization.js';

/** Hosts that the page's `<html lang>` changes must re-resolve, shared by one MutationObserver. */
const langWatchers = new Set<LocaleController>();
let langObserver: MutationObserver | null = null;

/**
 * Resolves the element's locale (its `locale` attribute, the page's `<html lang>`, the browser's
 * language, en-US) and makes it the active lit-localize locale. Elements decorated with
 * `@localized()` re-render when the translations have loaded.
 */
export class LocaleController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly requested: () => string | undefined;
  private resolved: SupportedLocale | null = null;

  constructor(host: ReactiveControllerHost, requested: () => string | undefined) {
    (this.host = host).addController(this);
    this.requested = requested;
  }

  /** The locale the element renders in; also what its dates and numbers are formatted for. */
  get locale(): SupportedLocale {
    return this.resolved ?? resolveLocale(this.requested());
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
    if (locale === this.resolved) return;
    this.resolved = locale;
    if (getLocale() !== locale) {
      // A failed load leaves the previous locale active, which is still readable text.
      setLocale(locale).catch(() => undefined);
    }
  }
}
