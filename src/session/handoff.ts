import type { QueueState } from '../protocol/frames.js';
import type { PublicOrgSettings } from '../protocol/org-settings.js';

/**
 * What the CDN launcher already knows of a hub when an element's full part loads: the org's settings
 * and the queues' last states. A new HubSession starts from them, so a card that showed "Open" does
 * not fall back to "Connecting…" while the full session says hello; the hub's own answer then
 * replaces them. Empty outside the launcher (the npm entries).
 */
export const known = {
  settings: new Map<string, PublicOrgSettings>(),
  queues: new Map<string, QueueState>(),
};

export const knownKey = (hubUrl: string, orgId: string, term = ''): string =>
  `${hubUrl} ${orgId} ${term.toLowerCase()}`;
