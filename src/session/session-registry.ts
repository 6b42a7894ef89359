import { HubSession } from './hub-session.js';

const sessions = new Map<
  string,
  { session: HubSession; users: number; closeTimer?: ReturnType<typeof setTimeout> }
>();

/** How long a session outlives its last user: long enough for an element moved in the DOM. */
const LINGER_MS = 1_000;

/** The page-level session for (hub URL, org), created on first use and shared by every widget. */
export function acquireSession(hubUrl: string, orgId: string): HubSession {
  const key = `${hubUrl}\n${orgId}`;
  let entry = sessions.get(key);
  if (!entry) {
    entry = { session: new HubSession(hubUrl, orgId), users: 0 };
    sessions.set(key, entry);
  }
  clearTimeout(entry.closeTimer);
  entry.users++;
  return entry.session;
}

export function releaseSession(session: HubSession): void {
  const key = `${session.hubUrl}\n${session.orgId}`;
  const entry = sessions.get(key);
  if (!entry || entry.session !== session) return;
  entry.users--;
  if (entry.users > 0) return;
  entry.closeTimer = setTimeout(() => {
    sessions.delete(key);
    session.close();
  }, LINGER_MS);
}
