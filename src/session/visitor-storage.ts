/**
 * What a visitor's page keeps between reloads: the hub's visitor token and the ticket in a queue, so
 * that a reload keeps the visitor's place. Written only when the page allows first-party storage and
 * only after the visitor first acts (joins a queue); reading writes nothing.
 */
export interface StoredVisit {
  visitorToken: string;
  ticketId: string;
}

function key(hubUrl: string, orgId: string): string {
  return `tandem:${hubUrl}:${orgId}:visit`;
}

/** The storage the page allows us, or null (blocked by the browser, or a sandboxed frame). */
function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function readVisit(hubUrl: string, orgId: string): StoredVisit | null {
  try {
    const raw = storage()?.getItem(key(hubUrl, orgId));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<StoredVisit>;
    return typeof value.visitorToken === 'string' && typeof value.ticketId === 'string'
      ? { visitorToken: value.visitorToken, ticketId: value.ticketId }
      : null;
  } catch {
    return null;
  }
}

export function writeVisit(hubUrl: string, orgId: string, visit: StoredVisit): void {
  try {
    storage()?.setItem(key(hubUrl, orgId), JSON.stringify(visit));
  } catch {
    // Quota or privacy mode: the visit simply does not survive a reload.
  }
}

export function clearVisit(hubUrl: string, orgId: string): void {
  try {
    storage()?.removeItem(key(hubUrl, orgId));
  } catch {
    // Nothing stored, nothing to clear.
  }
}
