import type { ChatMessage } from '../protocol/frames.js';

/**
 * One conversation's messages as this side knows them: each once (by messageId), in the hub's
 * order (by seq), however often and in whatever order pushes, replies and history bring them.
 */
export class Transcript {
  private readonly byId = new Map<string, ChatMessage>();
  private sorted: ChatMessage[] = [];

  /** Highest seq held; what to ask history for after a reconnect. */
  get lastSeq(): number {
    return this.sorted.length ? this.sorted[this.sorted.length - 1]!.seq : 0;
  }

  get messages(): readonly ChatMessage[] {
    return this.sorted;
  }

  /** Index of the first message with a seq above `seq` (messages.length when none). */
  indexAfter(seq: number): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.sorted[middle]!.seq <= seq) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  has(messageId: string): boolean {
    return this.byId.has(messageId);
  }

  /** Adds the messages not held yet; returns those, in seq order. */
  add(messages: readonly ChatMessage[]): ChatMessage[] {
    const added: ChatMessage[] = [];
    for (const message of messages) {
      if (this.byId.has(message.messageId)) continue;
      this.byId.set(message.messageId, message);
      added.push(message);
    }
    if (!added.length) return added;
    added.sort((a, b) => a.seq - b.seq);
    // The usual case, messages newer than all held, appends; only an older one re-sorts.
    if (added[0]!.seq > this.lastSeq) this.sorted = [...this.sorted, ...added];
    else this.sorted = [...this.byId.values()].sort((a, b) => a.seq - b.seq);
    return added;
  }
}
