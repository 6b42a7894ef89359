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
    if (added.length) {
      this.sorted = [...this.byId.values()].sort((a, b) => a.seq - b.seq);
      added.sort((a, b) => a.seq - b.seq);
    }
    return added;
  }
}
