/**
 * Plain node:http routes of the hub (no framework):
 *
 *   /tandem.js                the CDN launcher (dist/cdn/tandem.js), embeddable from any origin; see cdn.ts
 *   /chunks/<name>-<hash>.js  the parts it loads on demand, cached immutably
 *   /compat/<vendor>.js       the vendor facades (dist/cdn/compat/, src/compat/), embeddable likewise
 *   /, /agent.html            the demo shop and agent console pages
 *   /demo/*                   the demo shop's other pages, scripts and styles, read-only
 *   /stories/                 the Storybook static build (storybook-static/, `npm run build:stories`)
 *   /dist/*                   built files, read-only
 *   /media/agents/<org>/<id>.svg  agent profile photos (scoped by org)
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
import { fileInfo, safeJoin, sendFile } from './static.js';
import { cdnFile, EMBEDDABLE, sendCdnFile } from './cdn.js';

export interface OpsDeps {
  /** Rejects when the hub should get no traffic: a port unreachable, or draining. */
  ready(): Promise<void>;
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface HttpDeps extends ApiDeps {
  agents: AgentService;
  /** Repository root: index.html, agent.html, dist/ and storybook-static/ are read from here. */
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


/** Where `npm run build:stories` writes Storybook's static build, under the repository root. */
const STORIES_DIR = 'storybook-static';

/** `/media/agents/<org>/<agent>.svg`: the org is part of the path, so another org's ids find nothing. */
const AGENT_PHOTO = /^\/media\/agents\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,64})\.svg$/;

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
  if (decoded === '/stories') {
    response.writeHead(301, { Location: '/stories/', 'Content-Length': '0' });
    response.end();
    return;
  }
  if (decoded.startsWith('/stories/')) {
    const stories = join(deps.rootDir, STORIES_DIR);
    const file =
      decoded === '/stories/'
        ? join(stories, 'index.html')
        : safeJoin(stories, decoded.slice('/stories/'.length));
    if (file !== null && (await sendFile(response, file, { head }))) return;
    const built = await fileInfo(join(stories, 'index.html'));
    return built
      ? notFound(response, head)
      : sendText(
          response,
          404,
          'The stories are not built yet: run `npm run build:stories`, then reload.\n',
          head,
        );
  }
  if (decoded.startsWith('/demo/')) {
    return send(safeJoin(join(deps.rootDir, 'demo'), decoded.slice('/demo/'.length)));
  }
  if (decoded.startsWith('/dist/')) {
    return send(safeJoin(join(deps.rootDir, 'dist'), decoded.slice('/dist/'.length)));
  }
  const photo = AGENT_PHOTO.exec(decoded);
  if (photo?.[1] && photo[2]) {
    const org = await deps.orgs.find(photo[1]);
    const name = org && (await deps.agents.publicName(org.id, photo[2]));
    if (!name) return notFound(response, head);
    const svg = avatarSvg(name, photo[2]);
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
