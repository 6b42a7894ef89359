/**
 * What the page's visitor is doing with one hub and org, whichever element runs it: the one truth
 * the overlay, the calls widget and the chat widget read (kept beside the page's HubSession).
 */

/** Where the visitor's call attempt stands (the calls widget's dialog follows it). */
export type CallPhase =
  /** Nothing going on: the start screen. */
  | 'idle'
  /** Asking for camera and microphone, or showing why they are not there. */
  | 'media'
  /** Sending the ticket. */
  | 'joining'
  /** In the queue (also after a transfer, until the next agent accepts). */
  | 'waiting'
  | 'in-call'
  | 'ended';

/** The visitor's ticket or call, as its calls widget holds it. */
export interface VisitorCall {
  phase: CallPhase;
  ticketId: string | null;
  callId: string | null;
}

/** The visitor's chat conversation, as its chat widget holds it. */
export interface VisitorChat {
  conversationId: string;
  status: string;
}

/** Phases in which the visitor holds a place or a call: another widget must not start one. */
const ACTIVE: ReadonlySet<CallPhase> = new Set(['joining', 'waiting', 'in-call']);

export class PageVisitor {
  private readonly onChange: () => void;
  private callHolder: { owner: object; call: VisitorCall } | null = null;
  private chatHolder: { owner: object; chat: VisitorChat } | null = null;

  constructor(onChange: () => void) {
    this.onChange = onChange;
  }

  /** The visitor's ticket or call on this page, or null. */
  get call(): VisitorCall | null {
    return this.callHolder?.call ?? null;
  }

  /** True while the visitor waits in a queue or is in a call (also after a reload resumed it). */
  get callActive(): boolean {
    const call = this.call;
    return !!call && ACTIVE.has(call.phase);
  }

  /** The visitor's chat conversation on this page, or null. */
  get chat(): VisitorChat | null {
    return this.chatHolder?.chat ?? null;
  }

  /** Whether another owner than `owner` holds the visitor's active call. */
  callHeldByOther(owner: object): boolean {
    return this.callActive && this.callHolder?.owner !== owner;
  }

  /** The owner's call changed; `null` (or an inactive phase) gives the page's call up. */
  setCall(owner: object, call: VisitorCall | null): void {
    if (this.callHolder && this.callHolder.owner !== owner && this.callActive) return;
    const next = call && call.phase !== 'idle' ? { owner, call: { ...call } } : null;
    if (sameCall(this.callHolder?.call ?? null, next?.call ?? null)) return;
    this.callHolder = next;
    this.onChange();
  }

  /** The owner's chat changed; `null` gives it up (another owner's chat is left as it is). */
  setChat(owner: object, chat: VisitorChat | null): void {
    // One chat widget speaks for the page at a time: the first with a conversation, until it lets go.
    if (this.chatHolder && this.chatHolder.owner !== owner) return;
    const previous = this.chatHolder?.chat ?? null;
    this.chatHolder = chat ? { owner, chat: { ...chat } } : null;
    if (previous?.conversationId !== chat?.conversationId || previous?.status !== chat?.status)
      this.onChange();
  }
}

function sameCall(a: VisitorCall | null, b: VisitorCall | null): boolean {
  return a === b || (!!a && !!b && a.phase === b.phase && a.ticketId === b.ticketId && a.callId === b.callId);
}
