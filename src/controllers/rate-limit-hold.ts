/**
 * "Rate-limited, try again in N s" from the hub, held by a controller: until the time is up the
 * work waits (nothing is dropped), then `resume` runs. One timer at most; `pause` on disconnect keeps
 * the deadline so `restart` on reconnect picks up where it was.
 */
export class RateLimitHold {
  /** Seconds the hub asked to wait, as it said them (what the element shows); 0 when not held. */
  seconds = 0;
  #until = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #resume: (() => void) | null = null;
  readonly #onChange: () => void;

  constructor(onChange: () => void) {
    this.#onChange = onChange;
  }

  get held(): boolean {
    return this.#until > 0;
  }

  /** Waits `seconds` (extending a hold already running), then runs `resume`. */
  hold(seconds: number, resume: () => void): void {
    const wait = Math.max(1, Math.ceil(seconds));
    this.seconds = wait;
    this.#until = Math.max(this.#until, Date.now() + wait * 1000);
    this.#resume = resume;
    this.#arm();
    this.#onChange();
  }

  /** The element left: no timer outlives it; the deadline is kept. */
  pause(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The element came back: the hold goes on for what is left of it (or ends now). */
  restart(): void {
    if (this.held) this.#arm();
  }

  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#until = 0;
        this.seconds = 0;
        const resume = this.#resume;
        this.#resume = null;
        this.#onChange();
        resume?.();
      },
      Math.max(0, this.#until - Date.now()),
    );
  }
}
