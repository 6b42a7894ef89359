/**
 * A hub that never answers, for the "connecting" states: the page's WebSocket to `STALLED_HUB`
 * neither opens nor fails, as on a network that has not answered yet. Any other address connects as
 * usual. `stallHub()` returns the function that restores the real WebSocket.
 */
export const STALLED_HUB = 'http://stalled-hub.invalid';

const STALLED_HOST = new URL(STALLED_HUB).host;

/** A socket that stays CONNECTING: no events, sends go nowhere. */
class StalledSocket extends EventTarget {
  readonly readyState = WebSocket.CONNECTING;
  readonly protocol = '';
  readonly extensions = '';
  readonly bufferedAmount = 0;
  binaryType: BinaryType = 'blob';
  constructor(readonly url: string) {
    super();
  }
  send(): void {}
  close(): void {}
}

export function stallHub(): () => void {
  const Real = window.WebSocket;
  window.WebSocket = new Proxy(Real, {
    construct(target, args: ConstructorParameters<typeof WebSocket>) {
      const url = new URL(String(args[0]));
      return url.host === STALLED_HOST ? new StalledSocket(url.href) : Reflect.construct(target, args);
    },
  });
  return () => {
    window.WebSocket = Real;
  };
}
