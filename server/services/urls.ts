/** Turning hub paths (such as an agent's photo) into absolute URLs for a given client. */

/** `path` made absolute against `baseUrl` (e.g. `http://localhost:8080`); absolute URLs pass through. */
export function absoluteUrl(baseUrl: string, path: string): string {
  try {
    return new URL(path, `${baseUrl.replace(/\/+$/, '')}/`).href;
  } catch {
    return path;
  }
}

/** The hub's own avatar of an agent: scoped by org, so one org's ids say nothing of another's agents. */
export function avatarPath(orgId: string, agentId: string): string {
  return `/media/agents/${encodeURIComponent(orgId)}/${encodeURIComponent(agentId)}.svg`;
}

const LEGACY_AVATAR = /^\/media\/agents\/([A-Za-z0-9_-]{1,64})\.svg$/;

/** An agent's photo path, with a hub avatar stored before avatars were scoped by org brought up to date. */
export function photoPath(orgId: string, agentId: string, photoUrl: string): string {
  const legacy = LEGACY_AVATAR.exec(photoUrl);
  return legacy?.[1] === agentId ? avatarPath(orgId, agentId) : photoUrl;
}
