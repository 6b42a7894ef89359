/**
 * The CDN files a shop's page loads from the hub (`dist/cdn/`, built by `npm run build`):
 *
 *   /tandem.js, /compat/<vendor>.js   entries: a short cache and an ETag (a deploy shows within minutes;
 *                                     a revalidation is a 304 without a body)
 *   /chunks/<name>-<hash>.js          the launcher's on-demand parts: cached for a year, `immutable`
 *                                     (a new build has new names)
 *
 * Each is sent brotli- or gzip-compressed when the browser takes it (files precompressed at build,
 * `scripts/compress-cdn.mjs`), with `Vary: Accept-Encoding`, and embeddable from any origin (CORS).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

import { contentTypeOf, fileInfo } from './static.js';

/** Headers that let any page load a file with <script> or <img>, even under COEP. */
export const EMBEDDABLE = {
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

const ENTRY_CACHE = 'public, max-age=300';
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

const CHUNK = /^\/chunks\/([A-Za-z0-9._-]{1,120}\.js(?:\.map)?)$/;
const COMPAT = /^\/compat\/([a-z0-9-]{1,40}\.js(?:\.map)?)$/;

/** A CDN path's file under `dist/cdn`, and how long it may be cached; null when the path is not one. */
export function cdnFile(pathname: string): { relative: string; immutable: boolean } | null {
  if (pathname === '/tandem.js' || pathname === '/tandem.js.map')
    return { relative: pathname.slice(1), immutable: false };
  const chunk = CHUNK.exec(pathname);
  if (chunk?.[1]) return { relative: `chunks/${chunk[1]}`, immutable: true };
  const compat = COMPAT.exec(pathname);
  if (compat?.[1]) return { relative: `compat/${compat[1]}`, immutable: false };
  return null;
}

/** The encodings the request accepts, best first, among those we keep precompressed. */
export function acceptedEncodings(header: string | string[] | undefined): Array<'br' | 'gzip'> {
  const accepted = new Map<string, number>();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string): boolean => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return (['br', 'gzip'] as const).filter(ok);
}

interface Variant {
  body: Buffer;
  etag: string;
}

/** Read once per file version (path, size, modification time): the files are small and few. */
const variants = new Map<string, { stamp: string; variant: Variant }>();

async function variantOf(path: string): Promise<Variant | null> {
  const info = await fileInfo(path);
  if (!info) return null;
  const stamp = `${info.size}:${info.modified.getTime()}`;
  const cached = variants.get(path);
  if (cached?.stamp === stamp) return cached.variant;
  const body = await readFile(path);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  const variant = { body, etag };
  if (variants.size > 2000) variants.clear();
  variants.set(path, { stamp, variant });
  return variant;
}

/** Whether `If-None-Match` names this ETag (weak or strong, or `*`). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t === etag;
  });
}

/**
 * Sends a CDN file; resolves false when there is none at that path (nothing has been sent then).
 * The ETag names the uncompressed file and differs per encoding, so caches keep each apart.
 */
export async function sendCdnFile(
  request: IncomingMessage,
  response: ServerResponse,
  cdnDir: string,
  file: { relative: string; immutable: boolean },
  head: boolean,
): Promise<boolean> {
  const path = join(cdnDir, file.relative);
  const identity = await variantOf(path);
  if (!identity) return false;
  let chosen = identity;
  let encoding: 'br' | 'gzip' | null = null;
  if (!file.relative.endsWith('.map')) {
    for (const candidate of acceptedEncodings(request.headers['accept-encoding'])) {
      const compressed = await variantOf(`${path}.${candidate === 'br' ? 'br' : 'gz'}`);
      if (compressed) {
        chosen = compressed;
        encoding = candidate;
        break;
      }
    }
  }
  const etag = encoding ? `${identity.etag.slice(0, -1)}-${encoding}"` : identity.etag;
  const headers: Record<string, string> = {
    'Content-Type': contentTypeOf(path),
    'Cache-Control': file.immutable ? IMMUTABLE_CACHE : ENTRY_CACHE,
    ETag: etag,
    Vary: 'Accept-Encoding',
    'X-Content-Type-Options': 'nosniff',
    ...EMBEDDABLE,
  };
  if (matches(request.headers['if-none-match'], etag)) {
    response.writeHead(304, headers);
    response.end();
    return true;
  }
  if (encoding) headers['Content-Encoding'] = encoding;
  headers['Content-Length'] = String(chosen.body.length);
  response.writeHead(200, headers);
  response.end(head ? undefined : chosen.body);
  return true;
}
