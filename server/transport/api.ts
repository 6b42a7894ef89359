/**
 * The JSON API under /api, for pages and tools that want a snapshot without a socket:
 *
 *   GET /api/health                       → {"ok": true}
 *   GET /api/orgs/:org/queues/:queue      → QueueState (queue by id, slug or name)
 *   GET /api/orgs/:org/agents             → CallAgent[] of the org's online agents
 *
 * Cross-origin reads are allowed for the origins the org allows: the Origin is reflected only
 * then (with Vary: Origin); a disallowed Origin gets 403 `origin-not-allowed`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { ErrorCode } from '../../src/protocol/frames.js';
import type { CallAgent } from '../../src/protocol/frames.js';
import { HubError } from '../errors.js';
import type { AgentService } from '../services/agents.js';
import type { OrgService } from '../services/orgs.js';
import type { QueueService } from '../services/queues.js';
import type { OrgRecord } from '../store/store.js';
import { baseUrlOf } from './base-url.js';

export interface ApiDeps {
  orgs: OrgService;
  queues: QueueService;
  agents: AgentService;
  fallbackBaseUrl: () => string;
  publicUrl?: string;
}

type Headers = Record<string, string>;

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Headers = {},
  head = false,
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  response.end(head ? undefined : text);
}

function sendError(
  response: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  headers: Headers = {},
): void {
  sendJson(response, status, { code, message }, headers);
}

/** Decoded path segments after `/api/`, or null when a segment is not valid percent-encoding. */
function segments(pathname: string): string[] | null {
  try {
    return pathname
      .split('/')
      .slice(2)
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
}

export async function handleApi(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  deps: ApiDeps,
): Promise<void> {
  const method = request.method ?? 'GET';
  const head = method === 'HEAD';
  const parts = segments(pathname);

  if (parts?.length === 1 && parts[0] === 'health' && (method === 'GET' || head)) {
    sendJson(response, 200, { ok: true }, { 'Access-Control-Allow-Origin': '*' }, head);
    return;
  }

  const [orgsWord, orgId, kind, queueTerm, ...rest] = parts ?? [];
  const isQueue = kind === 'queues' && queueTerm !== undefined && queueTerm !== '' && rest.length === 0;
  const isAgents = kind === 'agents' && queueTerm === undefined;
  const readable = method === 'GET' || head || method === 'OPTIONS';
  if (orgsWord !== 'orgs' || orgId === undefined || !(isQueue || isAgents) || !readable) {
    sendError(response, 404, ErrorCode.notFound, 'No such API endpoint.');
    return;
  }

  const vary = { Vary: 'Origin' };
  const org = await deps.orgs.find(orgId);
  if (!org) {
    sendError(
      response,
      404,
      ErrorCode.orgNotFound,
      `There is no org "${orgId.slice(0, 64)}" on this hub.`,
      vary,
    );
    return;
  }
  const origin = request.headers.origin;
  if (!deps.orgs.isOriginAllowed(org, origin)) {
    sendError(response, 403, ErrorCode.originNotAllowed, `Org "${org.id}" does not allow this origin.`, vary);
    return;
  }
  const cors: Headers = origin === undefined ? vary : { ...vary, 'Access-Control-Allow-Origin': origin };

  if (method === 'OPTIONS') {
    const requested = request.headers['access-control-request-headers'];
    response.writeHead(204, {
      ...cors,
      'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
      ...(typeof requested === 'string' && /^[\w\s,-]{1,500}$/.test(requested)
        ? { 'Access-Control-Allow-Headers': requested }
        : {}),
      'Access-Control-Max-Age': '600',
    });
    response.end();
    return;
  }

  const baseUrl = baseUrlOf(request, deps.fallbackBaseUrl(), deps.publicUrl);
  try {
    const body = isQueue
      ? await queueState(deps, org, queueTerm, baseUrl)
      : await onlineAgents(deps, org, baseUrl);
    sendJson(response, 200, body, cors, head);
  } catch (error) {
    if (!(error instanceof HubError)) throw error;
    sendError(response, error.code === ErrorCode.notFound ? 404 : 400, error.code, error.message, cors);
  }
}

async function queueState(deps: ApiDeps, org: OrgRecord, term: string, baseUrl: string) {
  const queue = await deps.queues.resolve(org.id, term);
  return deps.queues.state(queue, baseUrl);
}

async function onlineAgents(deps: ApiDeps, org: OrgRecord, baseUrl: string): Promise<CallAgent[]> {
  const everyone = await deps.agents.list(org.id);
  return everyone
    .filter(({ status }) => status === 'online')
    .map(({ agent }) => deps.agents.callAgent(agent, baseUrl));
}
