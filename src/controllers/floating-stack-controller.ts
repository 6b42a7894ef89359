import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A corner of the window a floating piece sits in. */
export type FloatingCorner = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

/**
 * Who sits nearest the corner: the chat launcher in the corner itself, the minimised call player above
 * it, the overlay's invitation above both. Pieces of the same order stack in the order they came.
 */
export const FLOATING_ORDER = { chat: 0, player: 1, overlay: 2 } as const;

export interface FloatingStackOptions {
  /** The corner the piece sits in now; `null` keeps it out of the stack (docked, embedded, hidden). */
  corner(): FloatingCorner | null;
  /** The fixed box the piece shows, measured as it is laid out; `null` while nothing shows. */
  box(): HTMLElement | null;
  order: number;
}

interface Entry {
  readonly options: FloatingStackOptions;
  readonly seq: number;
  shift: { x: number; y: number };
  notify(): void;
}

/** Space between two stacked pieces, in CSS pixels. */
const GAP = 12;

/**
 * The page's one stacking area: every floating piece of every Tandem element on the page, by corner.
 * Each piece keeps the offsets the page gave it (CSS, `getOverlayOffsets`, `getMinimizedWidgetStyle`);
 * the stack only moves a piece further from its corner (with `translate`, so the page's `bottom` and
 * `right` stay what it set) until it clears the pieces nearer the corner, and starts a new column
 * beside them when the window is not tall enough.
 */
const entries = new Set<Entry>();
let seq = 0;
let scheduled = false;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    layout();
  });
}

function layout(): void {
  const byCorner = new Map<FloatingCorner, { entry: Entry; box: HTMLElement }[]>();
  for (const entry of entries) {
    const corner = entry.options.corner();
    const box = entry.options.box();
    const rect = box?.getBoundingClientRect();
    if (!corner || !box || !box.isConnected || !rect || rect.height === 0) {
      set(entry, 0, 0);
      continue;
    }
    const list = byCorner.get(corner) ?? [];
    list.push({ entry, box });
    byCorner.set(corner, list);
  }
  for (const [corner, list] of byCorner) {
    list.sort((a, b) => a.entry.options.order - b.entry.options.order || a.entry.seq - b.entry.seq);
    const fromBottom = corner.startsWith('bottom');
    const fromRight = corner.endsWith('right');
    // Distances from the corner's two edges, in the window's pixels.
    let columnStart = 0;
    let columnEnd = 0;
    let next = 0;
    for (const { entry, box } of list) {
      const rect = box.getBoundingClientRect();
      // Where the piece would be without the stack's shift: the page's own offsets.
      const baseY = (fromBottom ? innerHeight - rect.bottom : rect.top) - entry.shift.y;
      const baseX = (fromRight ? innerWidth - rect.right : rect.left) - entry.shift.x;
      let y = Math.max(0, next - baseY);
      if (next > 0 && baseY + y + rect.height > innerHeight - GAP && columnEnd + rect.width < innerWidth) {
        // No room above: a new column beside the pieces nearer the corner.
        columnStart = columnEnd;
        next = 0;
        y = 0;
      }
      const x = Math.max(0, columnStart - baseX);
      set(entry, x, y);
      next = baseY + y + rect.height + GAP;
      columnEnd = Math.max(columnEnd, baseX + x + rect.width + GAP);
    }
  }
}

function set(entry: Entry, x: number, y: number): void {
  if (entry.shift.x === x && entry.shift.y === y) return;
  entry.shift = { x, y };
  entry.notify();
}

let listening = 0;
function onResize(): void {
  schedule();
}

/**
 * Places one floating piece of an element in the page's stacking area, so that the chat launcher, the
 * overlay's invitation and the minimised call player never cover one another. The element renders
 * `translate` from {@link FloatingStackController.style}.
 */
export class FloatingStackController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly entry: Entry;
  private observer: ResizeObserver | null = null;
  private observed: HTMLElement | null = null;

  constructor(host: ReactiveControllerHost, options: FloatingStackOptions) {
    (this.host = host).addController(this);
    this.entry = { options, seq: ++seq, shift: { x: 0, y: 0 }, notify: () => this.host.requestUpdate() };
  }

  /** The shift away from the corner, in CSS pixels (0 when nothing is nearer the corner). */
  get shift(): { x: number; y: number } {
    return this.entry.shift;
  }

  /** The `translate` value that moves the piece clear of those nearer its corner. */
  get translate(): string {
    const corner = this.entry.options.corner() ?? 'bottom-right';
    const { x, y } = this.entry.shift;
    const dx = corner.endsWith('right') ? -x : x;
    const dy = corner.startsWith('bottom') ? -y : y;
    return `${dx}px ${dy}px`;
  }

  hostConnected(): void {
    entries.add(this.entry);
    this.observer = new ResizeObserver(() => schedule());
    if (listening++ === 0) addEventListener('resize', onResize);
    schedule();
  }

  hostUpdated(): void {
    const box = this.entry.options.box();
    if (box !== this.observed) {
      if (this.observed) this.observer?.unobserve(this.observed);
      if (box) this.observer?.observe(box);
      this.observed = box;
    }
    schedule();
  }

  hostDisconnected(): void {
    entries.delete(this.entry);
    this.observer?.disconnect();
    this.observer = null;
    this.observed = null;
    this.entry.shift = { x: 0, y: 0 };
    if (--listening === 0) removeEventListener('resize', onResize);
    schedule();
  }
}
