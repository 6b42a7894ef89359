/**
 * The base URL a client reached the hub by, for the absolute URLs (agent photos) sent back to it.
 * `publicUrl` (TANDEM_PUBLIC_URL) wins when the hub sits behind a proxy; otherwise the Host header,
 * accepted only when it looks like a host, so nothing odd is echoed into URLs.
 */
import type { IncomingMessage } from 'node:http';

const HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

export function baseUrlOf(request: IncomingMessage, fallback: string, publicUrl?: string): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const host = request.headers.host;
  if (!host || !HOST.test(host)) return fallback;
  const scheme = request.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  return `${scheme}://${host}`;
}
