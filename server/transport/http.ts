/**
 * Plain node:http routes of the hub (no framework):
 *
 *   /tandem.js                the CDN launcher (dist/cdn/tandem.js), embeddable from any origin; see cdn.ts
 *   /chunks/<name>-<hash>.js  the parts it loads on demand, cached immutably
 *   /compat/<vendor>.js       the vendor facades (dist/cdn/compat/, src/compat/), embeddable likewise
 *   /, /agent.html            the demo shop and agent console pages
 *   /demo/*                   the demo shop's other pages, scripts and styles, read-only
 *   /stories/*.html, /dist/*  stories and built files, read-only
 *   /media/agents/<id>.svg    agent profile photos
 *   /api/...                  see api.ts
 *   /healthz                  200 while the process runs (liveness)
 *   /readyz                   200 when the store and the bus answer, 503 otherwise or while draining
 *   /metrics                  Prometheus text format (metrics.ts)
 *
 * Everything else is 404. A failing handler answers 500 (or drops the response if it had begun);
 * nothing a request does can take the process down.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';

import { ErrorCode } from '../../src/protocol/frames.js';
import { log } from '../log.js';
import { avatarSvg } from '../media/avatar.js';
import type { AgentService } from '../services/agents.js';
import { handleApi, sendJson } from './api.js';
import type { ApiDeps } from './api.js';
import { safeJoin, sendFile } from './static.js';
import { cdnFile, EMBEDDABLE, sendCdnFile } from './cdn.js';

export interface OpsDeps {
  /** Rejects when the hub should get no traffic: a port unreachable, or draining. */
  ready(): Promise<void>;
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface HttpDeps extends ApiDeps {
  agents: AgentService;
  /** Repository root: index.html, agent.html, stories/ and dist/ are read from here. */
  rootDir: string;
  ops?: OpsDeps;
  /**
   * Who may frame the agent console page (`frame-ancestors`); default `'self'`, so that another site
   * cannot wrap it and trick an agent into clicks (clickjacking).
   */
  consoleFrameAncestors?: string;
}

/** Probes answer fast or not at all: a hung database must not hang the load balancer's check. */
const PROBE_TIMEOUT_MS = 2000;

async function probe(ready: () => Promise<void>): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ready(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), PROBE_TIMEOUT_MS);
      }),
    ]);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  head: boolean,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  response.end(head ? undefined : text);
}

const notFound = (response: ServerResponse, head: boolean): void =>
  sendText(response, 404, 'Not found.\n', head);


const AGENT_PHOTO = /^\/media\/agents\/([A-Za-z0-9_-]{1,64})\.svg$/;

async function route(request: IncomingMessage, response: ServerResponse, deps: HttpDeps): Promise<void> {
  const rawUrl = request.url ?? '/';
  const pathname = rawUrl.split('?', 1)[0] ?? '/';
  const method = request.method ?? 'GET';

  if (pathname === '/api' || pathname.startsWith('/api/')) {
    await handleApi(request, response, pathname, deps);
    return;
  }
  const head = method === 'HEAD';
  if (method !== 'GET' && !head) return notFound(response, head);

  const noStore = { 'Cache-Control': 'no-store' };
  if (pathname === '/healthz') return sendText(response, 200, 'ok\n', head, noStore);
  if (pathname === '/readyz' && deps.ops) {
    const problem = await probe(deps.ops.ready);
    return problem === null
      ? sendText(response, 200, 'ready\n', head, noStore)
      : sendText(response, 503, `not ready: ${problem}\n`, head, noStore);
  }
  if (pathname === '/metrics' && deps.ops) {
    const { contentType, body } = await deps.ops.metrics();
    return sendText(response, 200, body, head, { ...noStore, 'Content-Type': contentType });
  }

  const send = async (path: string | null, headers?: Record<string, string>): Promise<void> => {
    const sent = path !== null && (await sendFile(response, path, headers ? { head, headers } : { head }));
    if (!sent) notFound(response, head);
  };

  const cdn = cdnFile(pathname);
  if (cdn) {
    if (await sendCdnFile(request, response, join(deps.rootDir, 'dist', 'cdn'), cdn, head)) return;
    const hint = cdn.relative.startsWith('compat/')
      ? `No facade ${pathname} (built by \`npm run build\`).\n`
      : cdn.immutable
        ? `No ${pathname}: a newer build replaced it; reload the page.\n`
        : 'tandem.js is not built yet: run `npm run build` in the Tandem repository, then reload.\n';
    return sendText(response, 404, hint, head, EMBEDDABLE);
  }
  if (pathname === '/' || pathname === '/index.html') return send(join(deps.rootDir, 'index.html'));
  if (pathname === '/agent.html') {
    const ancestors = deps.consoleFrameAncestors ?? "'self'";
    return send(join(deps.rootDir, 'agent.html'), {
      'Content-Security-Policy': `frame-ancestors ${ancestors}`,
      ...(ancestors === "'self'" ? { 'X-Frame-Options': 'SAMEORIGIN' } : {}),
    });
  }

  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return notFound(response, head);
  }
  if (decoded.startsWith('/stories/') && decoded.endsWith('.html')) {
    return send(safeJoin(join(deps.rootDir, 'stories'), decoded.slice('/stories/'.length)));
  }
  if (decoded.startsWith('/demo/')) {
    return send(safeJoin(join(deps.rootDir, 'demo'), decoded.slice('/demo/'.length)));
  }
  if (decoded.startsWith('/dist/')) {
    return send(safeJoin(join(deps.rootDir, 'dist'), decoded.slice('/dist/'.length)));
  }
  const photo = AGENT_PHOTO.exec(decoded);
  if (photo?.[1]) {
    const name = await deps.agents.publicName(photo[1]);
    if (name === null) return notFound(response, head);
    const svg = avatarSvg(name, photo[1]);
    response.writeHead(200, {
      'Content-Type': 'image/svg+xml',
      'Content-Length': String(Buffer.byteLength(svg)),
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      // The SVG is an image, never a document that runs anything.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      ...EMBEDDABLE,
    });
    response.end(head ? undefined : svg);
    return;
  }
  notFound(response, head);
}

export function createHttpHandler(deps: HttpDeps): RequestListener {
  return (request, response) => {
    route(request, response, deps).catch((error: unknown) => {
      log.error(`${request.method} ${request.url?.slice(0, 200)} failed`, error);
      if (response.headersSent) response.destroy();
      else
        sendJson(response, 500, {
          code: ErrorCode.internal,
          message: 'The hub failed to handle this request.',
        });
    });
  };
}
