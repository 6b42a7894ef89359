/**
 * How the hub keeps an agent's long lists (waiting tickets, conversations) up to date: a snapshot
 * when the agent starts watching, then only what changed, numbered, so a push costs what changed
 * and not the whole list. Shared by the hub (which makes diffs) and the clients (which apply them).
 */

export interface ListDiff<T> {
  /** One more than the number of the snapshot or diff before it; a gap means "ask for a snapshot". */
  seq: number;
  /** The list is replaced by `upsert` (cheaper than a diff when most of it changed). */
  reset?: true;
  /** Ids that left the list. */
  remove: string[];
  /** Items that joined the list or changed, whole. */
  upsert: T[];
  /**
   * Every id in list order, sent only when the order is not the old order with the removed ids
   * dropped and the new ids appended in `upsert` order.
   */
  order?: string[];
}

/**
 * The list after `diff`. Pure: `list` is not changed, and items that did not change are the same
 * objects, so a renderer can skip them.
 */
export function applyListDiff<T>(list: readonly T[], diff: ListDiff<T>, idOf: (item: T) => string): T[] {
  if (diff.reset) return [...diff.upsert];
  const removed = new Set(diff.remove);
  const changed = new Map(diff.upsert.map((item) => [idOf(item), item]));
  const next: T[] = [];
  const seen = new Set<string>();
  for (const item of list) {
    const id = idOf(item);
    if (removed.has(id)) continue;
    seen.add(id);
    next.push(changed.get(id) ?? item);
  }
  for (const [id, item] of changed) if (!seen.has(id)) next.push(item);
  if (!diff.order) return next;
  const byId = new Map(next.map((item) => [idOf(item), item]));
  return diff.order.map((id) => byId.get(id)).filter((item): item is T => item !== undefined);
}
