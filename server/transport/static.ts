/**
 * Read-only files from disk: content types, and paths that can never leave their folder.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

import { log } from '../log.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * `relative` (a decoded URL path) inside `base`, or null when it would escape it or is not a
 * plausible file path. The check is on the resolved path, so `..`, encoded or not, cannot escape.
 */
export function safeJoin(base: string, relative: string): string | null {
  if (relative.includes('\0') || relative.includes('\\')) return null;
  const root = resolve(base);
  const target = resolve(root, `.${relative.startsWith('/') ? '' : '/'}${relative}`);
  return target.startsWith(root + sep) ? target : null;
}

/** Whether a regular file exists at `path`, and its size. */
export async function fileInfo(path: string): Promise<{ size: number; modified: Date } | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? { size: info.size, modified: info.mtime } : null;
  } catch {
    return null;
  }
}

/** Streams a file; resolves false when there is no such file (nothing has been sent then). */
export async function sendFile(
  response: ServerResponse,
  path: string,
  options: { head: boolean; headers?: Record<string, string> },
): Promise<boolean> {
  const info = await fileInfo(path);
  if (!info) return false;
  response.writeHead(200, {
    'Content-Type': contentTypeOf(path),
    'Content-Length': String(info.size),
    'Last-Modified': info.modified.toUTCString(),
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    ...options.headers,
  });
  if (options.head) {
    response.end();
    return true;
  }
  await new Promise<void>((done) => {
    const stream = createReadStream(path);
    stream.on('error', (error) => {
      log.warn(`could not read ${path}`, error.message);
      response.destroy();
      done();
    });
    stream.on('end', done);
    response.on('close', () => {
      stream.destroy();
      done();
    });
    stream.pipe(response);
  });
  return true;
}
