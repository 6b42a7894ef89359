/**
 * What each client command does, and the rules every command shares: it is answered with a
 * `reply` or an `error` naming its id; a repeated id gets the remembered answer without doing
 * the work again; an expected failure (HubError) keeps its code, anything else becomes
 * `internal` and is logged. Every id in a frame is looked up within the connection's org.
 */
import { ErrorCode, PROTOCOL_VERSION } from '../../src/protocol/frames.js';
import type {
  AgentSetStatusFrame,
  AgentSignInFrame,
  ClientFrame,
  CommandResults,
  HelloFrame,
  HubFrame,
  QueueSubscribeFrame,
  QueueUnsubscribeFrame,
} from '../../src/protocol/frames.js';
import { HubError } from '../errors.js';
import { log } from '../log.js';
import type { AgentService } from '../services/agents.js';
import type { QueueFeed } from '../services/queue-feed.js';
import type { QueueService } from '../services/queues.js';
import type { VisitorService } from '../services/visitors.js';
import type { AgentBinding, Connection } from './connection.js';
import type { ConnectionRegistry } from './connections.js';

export interface CommandDeps {
  agents: AgentService;
  visitors: VisitorService;
  queues: QueueService;
  feed: QueueFeed;
  registry: ConnectionRegistry;
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
        };
      }
      connection.replies.set(frame.id, { type: frame.type, frame: answer });
      connection.send(answer);
    } catch (error) {
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
    }
  }

  async #hello(connection: Connection, frame: HelloFrame): Promise<CommandResults['hello']> {
    const { agents, visitors, registry } = this.#deps;
    const visitor = await visitors.identify(connection.orgId, frame.visitorToken);
    connection.visitorId = visitor.id;
    let agent = null;
    if (frame.agentToken !== undefined) {
      const resumed = await agents.resume(connection.orgId, frame.agentToken);
      if (resumed) {
        registry.bindAgent(connection, resumed.agent.id, resumed.session.id);
        agent = agents.profile(resumed.agent, connection.baseUrl);
        connection.noteAgentState(agent);
      }
    }
    return {
      sessionId: connection.id,
      visitorToken: visitor.token,
      agent,
      serverTime: new Date().toISOString(),
    };
  }

  async #signIn(connection: Connection, frame: AgentSignInFrame): Promise<CommandResults['agent.signIn']> {
    const { agents, registry } = this.#deps;
    const signedIn = await agents.signIn(connection.orgId, frame.agentId, frame.password);
    registry.bindAgent(connection, signedIn.agent.id, signedIn.session.id);
    const agent = agents.profile(signedIn.agent, connection.baseUrl);
    connection.noteAgentState(agent);
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
    const { agents, registry } = this.#deps;
    const binding = this.#requireAgent(connection);
    try {
      await agents.requireLiveSession(binding.sessionId);
    } catch (error) {
      registry.unbindAgent(connection);
      throw error;
    }
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

  #requireAgent(connection: Connection): AgentBinding {
    if (!connection.agent) throw new HubError(ErrorCode.unauthorized, 'Sign in as an agent first.');
    return connection.agent;
  }
}
