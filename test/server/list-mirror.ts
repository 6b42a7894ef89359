/**
 * An agent's lists as the client rebuilds them: the `tickets.watch` / `chats.watch` snapshot, then
 * each `tickets.diff` / `chats.diff` applied in order, the way the console does (a diff with a gap
 * in its numbers fails the test: the hub must never skip one on a connection).
 */
import assert from 'node:assert/strict';

import type { Conversation, HubFrame, ListDiff, QueueTicket } from '../../src/protocol/frames.js';
import { applyListDiff } from '../../src/protocol/list-diff.js';
import type { TestClient } from './client.js';

export interface ListKind<T> {
  diffType: 'tickets.diff' | 'chats.diff';
  /** The watch reply's list, if the frame is one. */
  snapshotOf(frame: HubFrame): { list: T[]; seq: number } | null;
  idOf(item: T): string;
}

export const ticketsKind: ListKind<QueueTicket> = {
  diffType: 'tickets.diff',
  snapshotOf: (frame) => {
    if (frame.type !== 'reply') return null;
    const result = frame.result as { tickets?: QueueTicket[]; seq?: number; queues?: unknown };
    return Array.isArray(result.tickets) && typeof result.seq === 'number' && result.queues
      ? { list: result.tickets, seq: result.seq }
      : null;
  },
  idOf: (ticket) => ticket.ticketId,
};

export const chatsKind: ListKind<Conversation> = {
  diffType: 'chats.diff',
  snapshotOf: (frame) => {
    if (frame.type !== 'reply') return null;
    const result = frame.result as { conversations?: Conversation[]; seq?: number };
    return Array.isArray(result.conversations) && typeof result.seq === 'number'
      ? { list: result.conversations, seq: result.seq }
      : null;
  },
  idOf: (conversation) => conversation.conversationId,
};

/** Follows one kind of list through frames fed to it in order. */
export class ListMirror<T> {
  list: T[] = [];
  seq = 0;
  readonly #kind: ListKind<T>;

  constructor(kind: ListKind<T>) {
    this.#kind = kind;
  }

  /** Takes the next frame; true when it changed (or set) the list. */
  take(frame: HubFrame): boolean {
    const snapshot = this.#kind.snapshotOf(frame);
    if (snapshot) {
      this.list = snapshot.list;
      this.seq = snapshot.seq;
      return true;
    }
    if (frame.type !== this.#kind.diffType) return false;
    const diff = frame as unknown as ListDiff<T>;
    // Diffs made before a later snapshot may arrive after it: they are already in it.
    if (diff.seq <= this.seq) return false;
    assert.equal(diff.seq, this.seq + 1, 'a diff was skipped');
    this.list = applyListDiff(this.list, diff, this.#kind.idOf);
    this.seq = diff.seq;
    return true;
  }
}

/** Every state the list went through, from the client's first frame to its latest. */
export function listStates<T>(client: TestClient, kind: ListKind<T>): T[][] {
  const mirror = new ListMirror(kind);
  const states: T[][] = [];
  for (const frame of client.frames) if (mirror.take(frame)) states.push(mirror.list);
  return states;
}

/** The first list, set by a frame from index `from` on, that satisfies `accept`. */
export async function listState<T>(
  client: TestClient,
  kind: ListKind<T>,
  accept: (list: T[]) => boolean,
  from = 0,
): Promise<T[]> {
  const mirror = new ListMirror(kind);
  for (const frame of client.frames.slice(0, from)) mirror.take(frame);
  await client.waitFor((frame) => mirror.take(frame) && accept(mirror.list), from);
  return mirror.list;
}
