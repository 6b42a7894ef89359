/** Turning hub paths (such as an agent's photo) into absolute URLs for a given client. */

/** `path` made absolute against `baseUrl` (e.g. `http://localhost:8080`); absolute URLs pass through. */
export function absoluteUrl(baseUrl: string, path: string): string {
  try {
    return new URL(path, `${baseUrl.replace(/\/+$/, '')}/`).href;
  } catch {
    return path;
  }
}
