/**
 * The hub this script came from: the CDN file is served by the hub, so when a page sets no
 * `hub-url`, the widgets talk to the origin that served them.
 */
export function defaultHubUrl(): string {
  try {
    const origin = new URL(import.meta.url).origin;
    if (origin.startsWith('http')) return origin;
  } catch {
    // import.meta.url is always a URL in a module; keep the fallback for exotic loaders.
  }
  return location.origin;
}

/** Normalises a hub URL to its origin, so that one hub is one session however it is spelled. */
export function normalizeHubUrl(value: string | undefined | null): string {
  if (!value) return defaultHubUrl();
  try {
    return new URL(value, location.href).origin;
  } catch {
    return value;
  }
}
