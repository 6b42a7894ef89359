/**
 * What a visitor's page keeps of a chat between reloads: messages not yet acknowledged by the hub,
 * per scope. The conversation itself comes back from the hub (by visitor token and scope); only the
 * outbox would be lost. Written only where the page allows first-party storage, and only once the
 * visitor has written something.
 */
export interface PendingMessage {
  messageId: string;
  conversationId: string;
  text: string;
}

function key(hubUrl: string, orgId: string, scope: string): string {
  return `tandem:${hubUrl}:${orgId}:chat:${scope}`;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function readOutbox(hubUrl: string, orgId: string, scope: string): PendingMessage[] {
  try {
    const raw = storage()?.getItem(key(hubUrl, orgId, scope));
    const value: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(value)
      ? value.filter(
          (m): m is PendingMessage =>
            typeof m?.messageId === 'string' &&
            typeof m?.conversationId === 'string' &&
            typeof m?.text === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

export function writeOutbox(hubUrl: string, orgId: string, scope: string, pending: PendingMessage[]): void {
  try {
    if (pending.length) storage()?.setItem(key(hubUrl, orgId, scope), JSON.stringify(pending));
    else storage()?.removeItem(key(hubUrl, orgId, scope));
  } catch {
    // Quota or privacy mode: unsent messages then live as long as the page.
  }
}
