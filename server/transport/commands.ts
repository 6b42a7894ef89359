/**
 * What each client command does, and the rules every command shares: it is answered with a
 * `reply` or an `error` naming its id; a repeated id gets the remembered answer without doing
 * the work again; an expected failure (HubError) keeps its code, anything else becomes
 * `internal` and is logged. Every id in a frame is looked up within the connection's org.
 */
import { ErrorCode, PROTOCOL_VERSION } from '../../src/protocol/frames.js';
import { AGENT_COMMERCE_KINDS, VISITOR_COMMERCE_KINDS } from '../../src/protocol/commerce.js';
import type { PublicOrgSettings } from '../../src/protocol/org-settings.js';
import type {
  CallCommerceFrame,
  AgentSetStatusFrame,
  AgentSignInFrame,
  CallAcceptFrame,
  CallHangupFrame,
  CallMediaFrame,
  CallSignalFrame,
  CallTransferFrame,
  ClientFrame,
  CommandResults,
  HelloFrame,
  HubFrame,
  QueueSubscribeFrame,
  QueueUnsubscribeFrame,
  TicketJoinFrame,
  TicketLeaveFrame,
  TicketResumeFrame,
  TicketUpdateFrame,
} from '../../src/protocol/frames.js';
import { HubError } from '../errors.js';
import { log } from '../log.js';
import { RateLimited } from '../services/limits/rate-limits.js';
import type { AgentService } from '../services/agents.js';
import type { Caller, CallService } from '../services/calls.js';
import type { QueueFeed } from '../services/queue-feed.js';
import type { QueueService } from '../services/queues.js';
import type { SignInGuard } from '../services/limits/sign-in-guard.js';
import type { VisitorLimits } from '../services/limits/visitor-limits.js';
import type { JoinRequest, TicketService } from '../services/tickets.js';
import type { VisitorService } from '../services/visitors.js';
import type { BookingHandlers } from './booking-handlers.js';
import type { ChatHandlers } from './chat-handlers.js';
import type { AgentBinding, Connection } from './connection.js';
import type { ConnectionRegistry } from './connections.js';
import { replyKey } from './replies.js';
import type { ReplyMemory } from './replies.js';
import { requireAgent, requireLiveAgent, requireVisitor, visitorActs } from './parties.js';
import type { TicketsWatch } from './tickets-watch.js';

export interface CommandDeps {
  agents: AgentService;
  visitors: VisitorService;
  queues: QueueService;
  feed: QueueFeed;
  registry: ConnectionRegistry;
  tickets: TicketService;
  calls: CallService;
  watch: TicketsWatch;
  chat: ChatHandlers;
  bookings: BookingHandlers;
  /** Rate limits on what visitors do (none: unlimited). */
  limits?: VisitorLimits;
  /** Sign-in attempts per agent and address, with lockouts (none: unlimited). */
  signIns?: SignInGuard;
  /** The org's settings for its widgets, sent with every hello. */
  settings?: (orgId: string) => Promise<PublicOrgSettings>;
  /** Replies remembered across connections and processes (several processes only). */
  replies?: ReplyMemory;
  /** Told how long each command took and how it ended (metrics). */
  observe?: (type: ClientFrame['type'], seconds: number, outcome: 'ok' | 'error' | 'internal') => void;
}

export class Commands {
  readonly #deps: CommandDeps;

  constructor(deps: CommandDeps) {
    this.#deps = deps;
  }

  /** Handles one valid frame and sends its answer. Never throws. */
  async handle(connection: Connection, frame: ClientFrame): Promise<void> {
    const remembered = connection.replies.get(frame.id);
    if (remembered && remembered.type === frame.type) {
      connection.send(remembered.frame);
      return;
    }
    const shared = this.#deps.replies;
    const key = shared ? replyKey(connection, frame.id) : null;
    if (shared && key !== null) {
      const elsewhere = await shared.get(key).catch(() => undefined);
      if (elsewhere && elsewhere.type === frame.type) {
        connection.replies.set(frame.id, elsewhere);
        connection.send(elsewhere.frame);
        return;
      }
    }
    const started = performance.now();
    const observe = this.#deps.observe;
    connection.beginCommand();
    try {
      let answer: HubFrame;
      try {
        const result = await this.#run(connection, frame);
        answer = { v: PROTOCOL_VERSION, type: 'reply', re: frame.id, result };
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        answer = {
          v: PROTOCOL_VERSION,
          type: 'error',
          re: frame.id,
          code: error.code,
          message: error.message,
          ...(error instanceof RateLimited ? { retryAfter: error.retryAfter } : {}),
        };
      }
      // A refusal for now is not the answer for good: the same command may be sent again later.
      const lasting = !(answer.type === 'error' && answer.code === ErrorCode.rateLimited);
      if (lasting) connection.replies.set(frame.id, { type: frame.type, frame: answer });
      if (lasting && shared && key !== null)
        shared.set(key, { type: frame.type, frame: answer }).catch((error: unknown) => {
          log.warn(`connection ${connection.id}: remembering a reply failed`, error);
        });
      connection.send(answer);
      observe?.(frame.type, (performance.now() - started) / 1000, answer.type === 'reply' ? 'ok' : 'error');
    } catch (error) {
      observe?.(frame.type, (performance.now() - started) / 1000, 'internal');
      // Not remembered: a retry after an internal failure should really run again.
      log.error(`connection ${connection.id}: ${frame.type} failed`, error);
      connection.send({
        v: PROTOCOL_VERSION,
        type: 'error',
        re: frame.id,
        code: ErrorCode.internal,
        message: 'The hub failed to handle this command.',
      });
    } finally {
      connection.endCommand();
    }
  }

  /** A switch rather than a lookup table keeps each frame type paired with its handler's type. */
  #run(connection: Connection, frame: ClientFrame): Promise<unknown> {
    switch (frame.type) {
      case 'hello':
        return this.#hello(connection, frame);
      case 'agent.signIn':
        return this.#signIn(connection, frame);
      case 'agent.signOut':
        return this.#signOut(connection);
      case 'agent.setStatus':
        return this.#setStatus(connection, frame);
      case 'queue.subscribe':
        return this.#subscribe(connection, frame);
      case 'queue.unsubscribe':
        return this.#unsubscribe(connection, frame);
      case 'ping':
        return Promise.resolve({} satisfies CommandResults['ping']);
      case 'ticket.join':
        return this.#join(connection, frame);
      case 'ticket.leave':
        return this.#leave(connection, frame);
      case 'ticket.resume':
        return this.#resume(connection, frame);
      case 'ticket.update':
        return this.#update(connection, frame);
      case 'tickets.watch':
        return this.#watch(connection);
      case 'call.accept':
        return this.#accept(connection, frame);
      case 'call.transfer':
        return this.#transfer(connection, frame);
      case 'call.hangup':
        return this.#hangup(connection, frame);
      case 'call.signal':
        return this.#signal(connection, frame);
      case 'call.media':
        return this.#media(connection, frame);
      case 'call.commerce':
        return this.#commerce(connection, frame);
      case 'booking.services':
      case 'booking.slots':
      case 'booking.create':
      case 'booking.byConnectId':
      case 'bookings.list':
      case 'booking.cancel':
        return this.#deps.bookings.run(connection, frame);
      default:
        // What is left is a chat frame.
        return this.#deps.chat.run(connection, frame);
    }
  }

  async #hello(connection: Connection, frame: HelloFrame): Promise<CommandResults['hello']> {
    const { agents, visitors, registry } = this.#deps;
    const limits = this.#deps.limits;
    const visitor = await visitors.identify(
      connection.orgId,
      frame.visitorToken,
      limits && (() => limits.newVisitor(connection.orgId, connection.ip)),
    );
    registry.bindVisitor(connection, visitor.id);
    connection.visitor = visitor;
    let agent = null;
    if (frame.agentToken !== undefined) {
      const resumed = await agents.resume(connection.orgId, frame.agentToken);
      if (resumed) {
        registry.bindAgent(connection, resumed.agent.id, resumed.session.id);
        agent = agents.profile(resumed.agent, connection.baseUrl);
        connection.noteAgentState(agent);
      }
    }
    await this.#tellParty(connection);
    return {
      sessionId: connection.id,
      visitorToken: visitor.token,
      agent,
      serverTime: new Date().toISOString(),
      settings: (await this.#deps.settings?.(connection.orgId)) ?? {},
    };
  }

  async #signIn(connection: Connection, frame: AgentSignInFrame): Promise<CommandResults['agent.signIn']> {
    const { agents, registry, calls } = this.#deps;
    // Signing in again (another tab) during a call must not make the agent look free.
    const keys = { orgId: connection.orgId, agentId: frame.agentId, ip: connection.ip };
    // Before the password is checked: a locked-out attempt never reaches scrypt.
    await this.#deps.signIns?.attempt(keys);
    const inCall = (await calls.runningCallOf(connection.orgId, frame.agentId)) !== null;
    const signedIn = await agents.signIn(
      connection.orgId,
      frame.agentId,
      frame.password,
      inCall ? 'busy' : 'online',
    );
    await this.#deps.signIns?.succeeded(keys);
    registry.bindAgent(connection, signedIn.agent.id, signedIn.session.id);
    const agent = agents.profile(signedIn.agent, connection.baseUrl);
    connection.noteAgentState(agent);
    await this.#tellParty(connection);
    return { agent, token: signedIn.token, expiresAt: signedIn.session.expiresAt };
  }

  async #signOut(connection: Connection): Promise<CommandResults['agent.signOut']> {
    const binding = this.#requireAgent(connection);
    // Signing out works even when the session already lapsed: the client wants out either way.
    this.#deps.registry.unbindAgent(connection);
    await this.#deps.agents.signOut(binding.sessionId);
    return {};
  }

  async #setStatus(
    connection: Connection,
    frame: AgentSetStatusFrame,
  ): Promise<CommandResults['agent.setStatus']> {
    const { agents } = this.#deps;
    const binding = await this.#requireLiveAgent(connection);
    const updated = await agents.setStatus(connection.orgId, binding.agentId, frame.status);
    const agent = agents.profile(updated, connection.baseUrl);
    connection.noteAgentState(agent);
    return { agent };
  }

  async #subscribe(
    connection: Connection,
    frame: QueueSubscribeFrame,
  ): Promise<CommandResults['queue.subscribe']> {
    const queue = await this.#deps.queues.resolve(connection.orgId, frame.queue);
    connection.queues.add(queue.id);
    const state = await this.#deps.feed.subscribe(queue, connection);
    // The socket may have closed (and unsubscribed everything) while the snapshot was computed.
    if (connection.closed) this.#deps.feed.unsubscribe(queue.orgId, queue.id, connection);
    return { queue: state };
  }

  async #unsubscribe(
    connection: Connection,
    frame: QueueUnsubscribeFrame,
  ): Promise<CommandResults['queue.unsubscribe']> {
    const queue = await this.#deps.queues.get(connection.orgId, frame.queueId);
    connection.queues.delete(queue.id);
    this.#deps.feed.unsubscribe(queue.orgId, queue.id, connection);
    return {};
  }

  async #join(connection: Connection, frame: TicketJoinFrame): Promise<CommandResults['ticket.join']> {
    const visitorId = this.#requireVisitor(connection);
    const request: JoinRequest = { queue: frame.queue };
    if (frame.data !== undefined) request.data = frame.data;
    if (frame.trackingTags !== undefined) request.trackingTags = frame.trackingTags;
    if (frame.callAgentId !== undefined) request.callAgentId = frame.callAgentId;
    if (frame.productIds !== undefined) request.productIds = frame.productIds;
    if (frame.agentTags !== undefined) request.agentTags = frame.agentTags;
    if (frame.rejoinTicketId !== undefined) request.rejoinTicketId = frame.rejoinTicketId;
    const charge = await this.#deps.limits?.ticket(connection.orgId, visitorId, connection.ip);
    try {
      await visitorActs(connection, this.#deps.visitors);
      return { ticket: await this.#deps.tickets.join(connection.orgId, visitorId, request) };
    } catch (error) {
      await charge?.refund();
      throw error;
    }
  }

  async #leave(connection: Connection, frame: TicketLeaveFrame): Promise<CommandResults['ticket.leave']> {
    const visitorId = this.#requireVisitor(connection);
    return { ticket: await this.#deps.tickets.leave(connection.orgId, visitorId, frame.ticketId) };
  }

  async #resume(connection: Connection, frame: TicketResumeFrame): Promise<CommandResults['ticket.resume']> {
    const visitorId = this.#requireVisitor(connection);
    const { ticket, call } = await this.#deps.tickets.resume(connection.orgId, visitorId, frame.ticketId);
    return { ticket, call: call && this.#deps.calls.info(call, 'visitor', connection.baseUrl) };
  }

  async #update(connection: Connection, frame: TicketUpdateFrame): Promise<CommandResults['ticket.update']> {
    const visitorId = this.#requireVisitor(connection);
    const changes: { data?: Record<string, unknown>; trackingTags?: typeof frame.trackingTags } = {};
    if (frame.data !== undefined) changes.data = frame.data;
    if (frame.trackingTags !== undefined) changes.trackingTags = frame.trackingTags;
    return { ticket: await this.#deps.tickets.update(connection.orgId, visitorId, frame.ticketId, changes) };
  }

  async #watch(connection: Connection): Promise<CommandResults['tickets.watch']> {
    const { calls, watch, queues } = this.#deps;
    const { agentId } = await this.#requireLiveAgent(connection);
    const { list: tickets, seq } = await watch.start(connection, agentId);
    const view = await calls.runningCallOf(connection.orgId, agentId);
    const targets = (await queues.list(connection.orgId)).map((queue) => ({
      queueId: queue.id,
      name: queue.name,
    }));
    return { tickets, seq, call: view && calls.info(view, 'agent', connection.baseUrl), queues: targets };
  }

  async #accept(connection: Connection, frame: CallAcceptFrame): Promise<CommandResults['call.accept']> {
    const { calls } = this.#deps;
    const { agentId } = await this.#requireLiveAgent(connection);
    const view = await calls.accept(connection.orgId, agentId, frame.ticketId);
    return { call: calls.info(view, 'agent', connection.baseUrl) };
  }

  async #transfer(
    connection: Connection,
    frame: CallTransferFrame,
  ): Promise<CommandResults['call.transfer']> {
    const { calls } = this.#deps;
    const { agentId } = await this.#requireLiveAgent(connection);
    // The schema lets through exactly one of the two.
    const target = frame.agentId !== undefined ? { agentId: frame.agentId } : { queue: frame.queue ?? '' };
    const view = await calls.transfer(connection.orgId, agentId, frame.callId, target);
    return { call: calls.info(view, 'agent', connection.baseUrl) };
  }

  async #hangup(connection: Connection, frame: CallHangupFrame): Promise<CommandResults['call.hangup']> {
    const { calls } = this.#deps;
    const caller = this.#caller(connection);
    const view = await calls.hangup(connection.orgId, caller, frame.callId);
    return { call: calls.info(view, caller.kind, connection.baseUrl) };
  }

  async #signal(connection: Connection, frame: CallSignalFrame): Promise<CommandResults['call.signal']> {
    await this.#deps.calls.relay(connection.orgId, this.#caller(connection), frame.callId, {
      v: PROTOCOL_VERSION,
      type: 'call.signal',
      callId: frame.callId,
      signal: frame.signal,
    });
    return {};
  }

  async #media(connection: Connection, frame: CallMediaFrame): Promise<CommandResults['call.media']> {
    await this.#deps.calls.relay(connection.orgId, this.#caller(connection), frame.callId, {
      v: PROTOCOL_VERSION,
      type: 'call.media',
      callId: frame.callId,
      audio: frame.audio,
      video: frame.video,
    });
    return {};
  }

  /**
   * Video commerce: relayed to the other party of the running call as it came, each side sending only
   * its own kinds (the agent asks and shows, the visitor's page answers). The hub never stores it.
   */
  async #commerce(
    connection: Connection,
    frame: CallCommerceFrame,
  ): Promise<CommandResults['call.commerce']> {
    const caller = this.#caller(connection);
    const allowed: readonly string[] =
      caller.kind === 'agent' ? AGENT_COMMERCE_KINDS : VISITOR_COMMERCE_KINDS;
    if (!allowed.includes(frame.message.kind)) {
      throw new HubError(ErrorCode.badFrame, `A ${caller.kind} does not send "${frame.message.kind}".`);
    }
    await this.#deps.calls.relay(connection.orgId, caller, frame.callId, {
      v: PROTOCOL_VERSION,
      type: 'call.commerce',
      callId: frame.callId,
      message: frame.message,
    });
    return {};
  }

  /**
   * A connection that now speaks for a party hears where its business stands: a reconnecting
   * page may have missed changes while it was away. Sent after the reply (events are held).
   */
  async #tellParty(connection: Connection): Promise<void> {
    const { tickets, calls } = this.#deps;
    if (connection.agent) {
      const view = await calls.runningCallOf(connection.orgId, connection.agent.agentId);
      if (view) {
        const call = calls.info(view, 'agent', connection.baseUrl);
        connection.sendEvent({ v: PROTOCOL_VERSION, type: 'call.state', call });
      }
    }
    if (connection.visitorId === null) return;
    const current = await tickets.current(connection.orgId, connection.visitorId);
    if (!current) return;
    connection.sendEvent({ v: PROTOCOL_VERSION, type: 'ticket.state', ticket: current.ticket });
    if (current.call) {
      const call = calls.info(current.call, 'visitor', connection.baseUrl);
      connection.sendEvent({ v: PROTOCOL_VERSION, type: 'call.state', call });
    }
  }

  /** Who speaks on this connection about a call: its signed-in agent, or else its visitor. */
  #caller(connection: Connection): Caller {
    if (connection.agent) return { kind: 'agent', id: connection.agent.agentId };
    return { kind: 'visitor', id: this.#requireVisitor(connection) };
  }

  /** The visitor behind a connection that is no agent's: agents take calls, they do not queue. */
  #requireVisitor(connection: Connection): string {
    return requireVisitor(connection);
  }

  #requireAgent(connection: Connection): AgentBinding {
    return requireAgent(connection);
  }

  #requireLiveAgent(connection: Connection): Promise<AgentBinding> {
    return requireLiveAgent(connection, this.#deps.agents, this.#deps.registry);
  }
}
