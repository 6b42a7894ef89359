import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Something an agent may take: a waiting call or chat. */
export interface Waiting {
  id: string;
  /** What a desktop notification says. */
  title: string;
  body: string;
}

export interface AgentAlertsOptions {
  /** What waits for this agent now; empty while the agent cannot take anything (signed out, offline). */
  waiting(): Waiting[];
  /** Where the muted switch is kept between visits (per org, say). */
  storageKey(): string;
}

/** How a browser plays the ring: one short two-tone beep made with WebAudio, no sound file. */
export type Ringer = () => void;

function webAudioRinger(): Ringer {
  let context: AudioContext | null = null;
  return () => {
    const Context = globalThis.AudioContext;
    if (!Context) return;
    context ??= new Context();
    void context.resume().catch(() => undefined);
    const start = context.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.18, 1175],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.16);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.17);
    }
  };
}

/**
 * Never miss a visitor: when a call or chat starts waiting for this agent, the console rings (unless
 * muted), shows a desktop notification where the agent allowed them and the console is not in view,
 * and the tab's title counts what waits, e.g. "(2) Agent console".
 */
export class AgentAlertsController implements ReactiveController {
  /** How many times it rang since the console came on the page (for tests and the curious). */
  rings = 0;

  private readonly host: ReactiveControllerHost;
  private readonly options: AgentAlertsOptions;
  private readonly ring: Ringer;
  private known = new Set<string>();
  private baseTitle: string | null = null;
  private shownCount = 0;
  private mutedValue = false;

  constructor(host: ReactiveControllerHost, options: AgentAlertsOptions, ring: Ringer = webAudioRinger()) {
    (this.host = host).addController(this);
    this.options = options;
    this.ring = ring;
  }

  /** No sound while muted; the notification and the title still tell. Kept across visits. */
  get muted(): boolean {
    return this.mutedValue;
  }

  set muted(value: boolean) {
    this.mutedValue = value;
    try {
      if (value) globalThis.localStorage?.setItem(this.options.storageKey(), '1');
      else globalThis.localStorage?.removeItem(this.options.storageKey());
    } catch {
      // Storage refused (privacy mode): the switch holds for this visit.
    }
    this.host.requestUpdate();
  }

  /** `default` (not asked yet), `granted`, `denied`, or `unsupported`. */
  get notifications(): NotificationPermission | 'unsupported' {
    return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  }

  /** Asks the browser for desktop notifications (call from a click). */
  async requestNotifications(): Promise<void> {
    if (typeof Notification === 'undefined') return;
    await Notification.requestPermission();
    this.host.requestUpdate();
  }

  hostConnected(): void {
    try {
      this.mutedValue = globalThis.localStorage?.getItem(this.options.storageKey()) === '1';
    } catch {
      this.mutedValue = false;
    }
    this.baseTitle = null;
    this.shownCount = 0;
    // What waits already when the console arrives was there before: it counts, but does not ring.
    this.known = new Set(this.options.waiting().map((w) => w.id));
  }

  hostUpdated(): void {
    const waiting = this.options.waiting();
    const fresh = waiting.filter((w) => !this.known.has(w.id));
    this.known = new Set(waiting.map((w) => w.id));
    if (fresh.length) {
      this.rings++;
      if (!this.mutedValue) this.ring();
      this.notify(fresh);
    }
    this.setTitle(waiting.length);
  }

  hostDisconnected(): void {
    this.setTitle(0);
  }

  private notify(fresh: Waiting[]): void {
    if (this.notifications !== 'granted') return;
    if (document.visibilityState === 'visible' && document.hasFocus()) return;
    for (const w of fresh) {
      try {
        const notification = new Notification(w.title, { body: w.body, tag: `tandem-${w.id}` });
        notification.onclick = () => {
          globalThis.focus();
          notification.close();
        };
      } catch {
        // Some browsers allow notifications only from a service worker: the ring and title remain.
      }
    }
  }

  private setTitle(count: number): void {
    if (count === this.shownCount) return;
    if (this.baseTitle === null) this.baseTitle = document.title.replace(/^\(\d+\) ?/, '');
    document.title = count ? `(${count}) ${this.baseTitle}`.trim() : this.baseTitle;
    this.shownCount = count;
  }
}
