/**
 * Assembles one hub process: store, bus, services, HTTP and WebSocket on one port.
 * Used by main.ts and by tests. What differs between one process and several comes in as ports
 * (server/ports.ts): by default SQLite and memory.
 */
import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { log } from './log.js';
import { hubSecret } from './hub-secret.js';
import { HubMetrics, countingStoredMessages } from './metrics.js';
import { embeddedPorts } from './ports.js';
import type { HubPorts } from './ports.js';
import { AgentService } from './services/agents.js';
import { Bookings } from './services/bookings/bookings.js';
import { CallService } from './services/calls.js';
import { ChatAccess } from './services/chat/access.js';
import { ConversationService } from './services/chat/conversations.js';
import { MessageService } from './services/chat/messages.js';
import { ChatNews } from './services/chat/news.js';
import { Turns } from './services/chat/turns.js';
import { TypingRelay } from './services/chat/typing.js';
import { IceServers } from './services/ice-servers.js';
import type { IceConfig } from './services/ice-servers.js';
import { Line } from './services/line.js';
import { LineNews } from './services/line-news.js';
import { OrgService } from './services/orgs.js';
import { QueueFeed } from './services/queue-feed.js';
import { QueueService } from './services/queues.js';
import { TicketService } from './services/tickets.js';
import { DEFAULT_CALL_GRACE_MS, DEFAULT_VISITOR_GRACE_MS, Vanishing } from './services/vanishing.js';
import { VisitorTokens } from './services/visitor-tokens.js';
import { VisitorService } from './services/visitors.js';
import { seedIfEmpty } from './store/seed.js';
import { explainListenError, explainStoreError } from './store/startup-errors.js';
import { Retention } from './services/retention.js';
import { DEFAULT_LOCKOUT, defaultRules } from './services/limits/limit-config.js';
import type { LimitConfig } from './services/limits/limit-config.js';
import { RateLimits } from './services/limits/rate-limits.js';
import { SignInGuard } from './services/limits/sign-in-guard.js';
import { VisitorLimits } from './services/limits/visitor-limits.js';
import { publicSettings } from '../src/protocol/org-settings.js';
import { forwardAgentStates } from './transport/agent-states.js';
import { forwardCallEvents } from './transport/call-events.js';
import { forwardBookingEvents } from './transport/booking-events.js';
import { BookingHandlers } from './transport/booking-handlers.js';
import { forwardChatEvents } from './transport/chat-events.js';
import { ChatHandlers } from './transport/chat-handlers.js';
import { ChatsWatch } from './transport/chats-watch.js';
import { Commands } from './transport/commands.js';
import { ConnectionRegistry } from './transport/connections.js';
import { createHttpHandler } from './transport/http.js';
import { TicketsWatch } from './transport/tickets-watch.js';
import { attachWebSocket } from './transport/ws.js';

export interface HubOptions extends IceConfig {
  /** 0 picks a free port. */
  port: number;
  /** Interface to bind; by default every interface, IPv6 and IPv4. */
  host?: string;
  /** Where `tandem.sqlite` lives. */
  dataDir: string;
  /** Repository root with index.html, agent.html, dist/ and storybook-static/; defaults to this repo. */
  rootDir?: string;
  /** How long an agent whose last connection closed stays present (ms). */
  presenceGraceMs?: number;
  /** Public base URL when behind a proxy, for absolute URLs sent to clients. */
  publicUrl?: string;
  /** Who may frame `/agent.html` (CSP `frame-ancestors` sources); default `'self'`. */
  consoleFrameAncestors?: string;
  /** How long a party of a call may be without a connection before the call ends (ms). */
  callGraceMs?: number;
  /** How long a waiting visitor may be without a connection before its ticket ends (ms). */
  visitorGraceMs?: number;
  /** Store, bus, presence, departures, lock and replies; default: SQLite in `dataDir` and memory. */
  ports?: HubPorts;
  /** Seed the demo org into an empty store (default true). */
  seedDemo?: boolean;
  /** How long a drain waits for commands in progress before closing sockets (ms, default 5000). */
  drainMs?: number;
  /** Rate limits and sign-in lockouts (limit-config.ts); default the documented defaults. */
  limits?: LimitConfig;
  /** Take clients' addresses from `X-Forwarded-For` (only behind a proxy that sets it). */
  trustProxy?: boolean;
  /**
   * The deployment's secret (TANDEM_SECRET, at least 32 characters): what visitor tokens are signed
   * with. By default one is made once and kept in the store.
   */
  secret?: string;
  /** How long a visitor token stays valid after the visitor's last activity on the hub (ms, default 30 days). */
  visitorIdleMs?: number;
  /** How long a waiting or active conversation may go without a message before it is ended (ms, default 24 h). */
  conversationIdleMs?: number;
}

export interface Hub {
  url: string;
  port: number;
  /**
   * Graceful stop: refuses new connections, lets each connection finish the commands it is
   * running, closes every socket with 1001 (going away: clients reconnect, to another
   * process behind the load balancer), then closes the ports.
   */
  close(): Promise<void>;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Binds the port first: a hub that cannot listen (a port clash) writes nothing, no lock, no database,
 * no demo seed. Until the hub is assembled, requests get 503 and upgrades are closed.
 */
export async function startHub(options: HubOptions): Promise<Hub> {
  const server = createServer();
  const starting: RequestListener = (_request, response) => {
    response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '1' });
    response.end('The hub is starting.\n');
  };
  server.on('request', starting);
  await new Promise<void>((resolveListen, reject) => {
    const fail = (error: unknown) => reject(explainListenError(error, options.port, options.host));
    server.once('error', fail);
    // Without a host, node listens on `::` with IPv4 mapped in where it can, so both
    // http://localhost and http://127.0.0.1 reach the hub.
    const onListening = () => {
      server.off('error', fail);
      resolveListen();
    };
    if (options.host) server.listen(options.port, options.host, onListening);
    else server.listen(options.port, onListening);
  });
  try {
    return await assemble(server, options, () => server.off('request', starting));
  } catch (error) {
    await new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
    throw error;
  }
}

async function assemble(server: Server, options: HubOptions, ready: () => void): Promise<Hub> {
  const ports =
    options.ports ??
    embeddedPorts({
      dataDir: options.dataDir,
      ...(options.presenceGraceMs === undefined ? {} : { presenceGraceMs: options.presenceGraceMs }),
    });
  let registryRef: ConnectionRegistry | undefined;
  const lineStore = ports.store;
  // The waiting tickets and running calls a restart left are read back before anyone connects.
  const line = new Line(lineStore, ports.lock ? { shared: { lock: ports.lock } } : {});
  const metrics = new HubMetrics({ connections: () => registryRef, line });
  const store = countingStoredMessages(ports.store, () => metrics.messagesStored.inc());
  const closePorts = async () => {
    await ports.close();
    await ports.bus.close();
    await ports.store.close();
  };
  let secret: string;
  try {
    if ((options.seedDemo ?? true) && (await seedIfEmpty(store))) log.info('seeded the demo org');
    await line.load();
    secret = await hubSecret(store, options.secret);
  } catch (error) {
    await closePorts();
    throw options.ports ? error : explainStoreError(error, options.dataDir);
  }
  if (IceServers.turnIgnored(options)) log.warn('TURN URLs are set without a TURN secret; not using TURN');

  const { bus, presence, departures } = ports;
  const rateLimits = new RateLimits(options.limits ?? { rules: defaultRules(), lockout: DEFAULT_LOCKOUT }, {
    ...(ports.limitStore ? { shared: ports.limitStore } : {}),
    orgPoints: async (orgId) => (await store.getOrgSettings(orgId)).limits ?? {},
  });
  const visitorLimits = new VisitorLimits(rateLimits);
  const orgs = new OrgService(store);
  const agents = new AgentService(store, bus, presence);
  const visitors = new VisitorService(store, new VisitorTokens(secret), {
    ...(options.visitorIdleMs === undefined ? {} : { idleMs: options.visitorIdleMs }),
  });
  const queues = new QueueService(store, agents, line);
  const feed = new QueueFeed(queues, bus);
  const news = new LineNews(line, agents, queues, bus);
  const calls = new CallService({
    line,
    agents,
    queues,
    news,
    ice: new IceServers(options),
    bus,
    departures,
  });
  const tickets = new TicketService({ line, queues, agents, news, calls, departures });
  departures.judgeWith(
    new Vanishing(line, calls, tickets, {
      callGraceMs: options.callGraceMs ?? DEFAULT_CALL_GRACE_MS,
      visitorGraceMs: options.visitorGraceMs ?? DEFAULT_VISITOR_GRACE_MS,
    }),
  );
  // Parties read back from the store have no connection yet: their grace runs from now.
  for (const orgId of line.orgIds()) {
    for (const ticket of line.liveTickets(orgId))
      departures.review({ orgId, kind: 'visitor', id: ticket.visitorId });
    for (const call of line.calls(orgId)) departures.review({ orgId, kind: 'agent', id: call.agentId });
  }
  const stopNews = news.followAgents();
  const registry = (registryRef = new ConnectionRegistry(presence, departures));
  const watch = new TicketsWatch(calls);
  const stopAgentStates = forwardAgentStates(bus, registry, agents);
  const stopCallEvents = forwardCallEvents(bus, registry, calls, watch);
  // Chat keeps nothing in memory but turns: conversations and messages live in the store, so a
  // restart loses nothing, and a visitor going away ends nothing (only chat.end does).
  const chatAccess = new ChatAccess(store);
  const chatNews = new ChatNews(bus, chatAccess);
  const turns = new Turns(ports.lock);
  const conversations = new ConversationService({
    store,
    agents,
    queues,
    access: chatAccess,
    news: chatNews,
    turns,
  });
  const messages = new MessageService({
    store,
    access: chatAccess,
    news: chatNews,
    turns,
    statusOf: (agent) => agents.effectiveStatus(agent),
  });
  const chats = new ChatsWatch(conversations);
  const stopChatEvents = forwardChatEvents(bus, registry, conversations, chats);
  const chat = new ChatHandlers({
    agents,
    registry,
    conversations,
    messages,
    typing: new TypingRelay(chatAccess, chatNews),
    chats,
    limits: visitorLimits,
    visitors,
  });
  // Bookings live in the store too; only the booked agent's connections hear of changes.
  const bookings = new BookingHandlers({
    agents,
    registry,
    bookings: new Bookings({ store: store.bookings, agents, bus }),
    limits: visitorLimits,
    visitors,
  });
  const stopBookingEvents = forwardBookingEvents(bus, registry, agents);
  const commands = new Commands({
    agents,
    visitors,
    queues,
    feed,
    registry,
    tickets,
    calls,
    watch,
    chat,
    bookings,
    limits: visitorLimits,
    signIns: new SignInGuard(rateLimits, ports.limitStore),
    settings: async (orgId) => publicSettings(await store.getOrgSettings(orgId)),
    ...(ports.replies ? { replies: ports.replies } : {}),
    observe: (type, seconds, outcome) => metrics.commandSeconds.observe(type, outcome, seconds),
  });

  const port = (server.address() as AddressInfo).port;
  const fallbackBaseUrl = () => `http://localhost:${port}`;
  const publicUrl = options.publicUrl ? { publicUrl: options.publicUrl } : {};
  server.on(
    'request',
    createHttpHandler({
      orgs,
      queues,
      agents,
      fallbackBaseUrl,
      rootDir: options.rootDir ?? REPO_ROOT,
      ...publicUrl,
      ...(options.consoleFrameAncestors ? { consoleFrameAncestors: options.consoleFrameAncestors } : {}),
      ops: {
        ready: async () => {
          if (draining) throw new Error('draining');
          await ports.check();
        },
        metrics: () => metrics.text(),
      },
    }),
  );
  let draining = false;
  const ws = attachWebSocket(server, {
    orgs,
    commands,
    registry,
    feed,
    watch,
    chats,
    fallbackBaseUrl,
    ...publicUrl,
    onFrameIn: () => metrics.framesIn.inc(),
    onFrameOut: () => metrics.framesOut.inc(),
    drainMs: options.drainMs ?? 5000,
    trustProxy: options.trustProxy ?? false,
  });
  ready();
  server.on('error', (error) => log.error('http server error', error));
  const retention = new Retention(store, {
    ...(options.conversationIdleMs === undefined ? {} : { conversationIdleMs: options.conversationIdleMs }),
    // Ended as its visitor would end it: the agents' lists and the visitor's page hear of it.
    endIdle: async (c) => {
      await conversations.end(c.orgId, { kind: 'visitor', id: c.visitorId, via: 'retention' }, c.id);
    },
  });
  retention.start();

  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    // First: sockets closing at shutdown mean nobody left a call or the line (with several
    // processes, the others take this one's parties over once it is gone).
    draining = true;
    departures.close();
    await retention.close();
    await ws.close();
    await new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
    stopCallEvents();
    stopChatEvents();
    stopBookingEvents();
    stopNews();
    stopAgentStates();
    feed.close();
    presence.close();
    await closePorts();
  };

  return {
    url: `http://localhost:${port}`,
    port,
    close: () => (closed ??= close()),
  };
}
