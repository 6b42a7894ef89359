import { waitUntil } from '@open-wc/testing';
import type { CallsWidget } from '../../src/elements/calls-widget/calls-widget.js';

/** The call dialog's current phase (`idle`, `media`, `waiting`, `in-call`, `ended`, ...). */
export function phase(el: CallsWidget): string | undefined {
  return el.shadowRoot!.querySelector<HTMLElement>('[part~="dialog"]')?.dataset.phase;
}

export async function untilPhase(el: CallsWidget, wanted: string, timeout = 10_000): Promise<void> {
  await waitUntil(() => phase(el) === wanted, `the call never reached "${wanted}" (it is "${phase(el)}")`, {
    timeout,
  });
}

export function shadow<T extends Element = HTMLElement>(el: Element, selector: string): T {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <${el.localName}>`);
  return found;
}

/** True once the video element has decoded at least one frame of its stream. */
export function playsFrames(video: HTMLVideoElement): boolean {
  return (
    video.readyState >= 2 &&
    video.videoWidth > 0 &&
    (video.getVideoPlaybackQuality?.().totalVideoFrames ?? 1) > 0
  );
}
