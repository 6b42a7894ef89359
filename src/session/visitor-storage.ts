/**
 * What a visitor's page keeps between reloads: the hub's visitor token (the visitor's ticket and
 * conversations belong to it) and the ticket in a call queue, so that a reload keeps the visitor's
 * place and conversation. Written only when the page allows first-party storage and only after the
 * visitor first acts (joins a queue, writes a message); reading writes nothing.
 */

function key(hubUrl: string, orgId: string, what: 'visitor' | 'ticket'): string {
  return `tandem:${hubUrl}:${orgId}:${what}`;
}

/** The storage the page allows us, or null (blocked by the browser, or a sandboxed frame). */
function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function read(k: string): string | null {
  try {
    return storage()?.getItem(k) ?? null;
  } catch {
    return null;
  }
}

function write(k: string, value: string | null): void {
  try {
    if (value === null) storage()?.removeItem(k);
    else storage()?.setItem(k, value);
  } catch {
    // Quota or privacy mode: the visit simply does not survive a reload.
  }
}

export function readVisitorToken(hubUrl: string, orgId: string): string | null {
  return read(key(hubUrl, orgId, 'visitor'));
}

export function writeVisitorToken(hubUrl: string, orgId: string, token: string): void {
  write(key(hubUrl, orgId, 'visitor'), token);
}

export function readTicketId(hubUrl: string, orgId: string): string | null {
  return read(key(hubUrl, orgId, 'ticket'));
}

export function writeTicketId(hubUrl: string, orgId: string, ticketId: string | null): void {
  write(key(hubUrl, orgId, 'ticket'), ticketId);
}
