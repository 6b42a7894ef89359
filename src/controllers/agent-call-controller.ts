import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ErrorCode, type CallInfo, type QueueTicket, type Signal } from '../protocol/frames.js';
import { applyListDiff } from '../protocol/list-diff.js';
import { TandemError } from '../errors.js';
import type { HubEvent } from '../session/hub-client.js';
import type { HubSession } from '../session/hub-session.js';
import type { CallOfferedDetail } from '../events/call-offered.js';
import { LocalMedia } from '../call/local-media.js';
import { PeerLink } from '../call/peer-link.js';
import type { HubSessionController } from './hub-session-controller.js';
import { SessionFeed, signedInAgentKey } from './session-feed.js';

export interface AgentCallCallbacks {
  onOffered(detail: CallOfferedDetail): void;
  onStarted(call: CallInfo): void;
  onEnded(call: CallInfo): void;
}

/** Where to transfer a call: another agent, or a queue (id, name or slug). */
export type TransferTarget = { agentId: string } | { queue: string };

/**
 * The agent's side of calls: the waiting tickets it may take (live), accepting, the call's media,
 * ending and transferring.
 */
export class AgentCallController implements ReactiveController {
  tickets: QueueTicket[] = [];
  /** The org's queues, for transfers. */
  queues: { queueId: string; name: string }[] = [];
  call: CallInfo | null = null;
  peer: PeerLink | null = null;
  remoteMedia = { audio: true, video: true };
  readonly media: LocalMedia;

  private readonly host: ReactiveControllerHost;
  private readonly hub: HubSessionController;
  private readonly callbacks: AgentCallCallbacks;
  private readonly feed: SessionFeed;
  private pendingSignals: Signal[] = [];
  /** Number of the ticket list held (snapshot or last diff); null while a snapshot loads. */
  private ticketsSeq: number | null = null;

  constructor(host: ReactiveControllerHost, hub: HubSessionController, callbacks: AgentCallCallbacks) {
    (this.host = host).addController(this);
    this.hub = hub;
    this.callbacks = callbacks;
    this.media = new LocalMedia(() => {
      this.sendMediaState();
      host.requestUpdate();
    });
    // The ticket feed, (re)started on each new connection of a signed-in agent.
    this.feed = new SessionFeed(hub, {
      onEvent: (frame) => this.onHubEvent(frame),
      key: signedInAgentKey,
      load: async (session, signal) => {
        this.ticketsSeq = null;
        const { tickets, seq, call, queues } = await session.command('tickets.watch', {}, { signal });
        this.tickets = tickets;
        this.ticketsSeq = seq;
        this.queues = queues;
        this.prepareCamera();
        if (call) this.onCallState(call);
        else if (this.call?.status === 'active')
          this.onCallState({ ...this.call, status: 'ended', endReason: null });
        host.requestUpdate();
      },
      clear: () => {
        this.tickets = [];
        host.requestUpdate();
      },
    });
  }

  hostConnected(): void {
    this.feed.sync();
  }

  hostUpdate(): void {
    this.feed.sync();
  }

  hostDisconnected(): void {
    this.feed.stop();
  }

  /** Accepts a ticket (default: the first this agent may take) and starts the call's media. */
  async accept(ticketId?: string): Promise<CallInfo> {
    const session = this.session();
    if (this.call?.status === 'active') {
      throw new TandemError(ErrorCode.agentBusy, 'End the current call before accepting another.');
    }
    // Ask for the camera first: a visitor should not wait on the agent's permission prompt.
    await this.media.acquire();
    const { call } = await session.command('call.accept', ticketId ? { ticketId } : {});
    this.onCallState(call);
    return call;
  }

  async endCall(): Promise<void> {
    const call = this.call;
    if (!call || call.status !== 'active') return;
    try {
      const { call: ended } = await this.session().command('call.hangup', { callId: call.callId });
      this.onCallState(ended);
    } catch (error) {
      // The visitor hung up first: the hub's word of it may still be on its way. Ended either way.
      if (!(error instanceof TandemError && error.code === ErrorCode.conflict)) throw error;
      this.onCallState({ ...call, status: 'ended', endedAt: new Date().toISOString() });
    }
  }

  async transfer(target: TransferTarget): Promise<void> {
    const call = this.call;
    if (!call || call.status !== 'active') {
      throw new TandemError(ErrorCode.conflict, 'There is no call to transfer.');
    }
    const { call: ended } = await this.session().command('call.transfer', { callId: call.callId, ...target });
    this.onCallState(ended);
  }

  setAudioMuted(muted: boolean): void {
    this.media.setAudioMuted(muted);
  }

  setVideoOff(off: boolean): void {
    this.media.setVideoOff(off);
  }

  private session(): HubSession {
    const session = this.hub.session;
    if (!session?.agent) throw new TandemError(ErrorCode.unauthorized, 'Sign in first.');
    return session;
  }

  /**
   * With visitors waiting, the camera starts before the agent accepts: the visitor then does not
   * wait on the agent's camera (and, the first time, on its permission prompt).
   */
  private prepareCamera(): void {
    const online = this.hub.session?.agent?.status === 'online';
    if (
      online &&
      this.tickets.length > 0 &&
      this.call?.status !== 'active' &&
      this.media.permission === 'idle'
    ) {
      void this.media.acquire();
    }
  }

  private onHubEvent(frame: HubEvent): void {
    if (frame.type === 'tickets.diff') {
      // Older than the snapshot held (or one loading): already in it.
      if (this.ticketsSeq === null || frame.seq <= this.ticketsSeq) return;
      if (frame.seq !== this.ticketsSeq + 1) {
        this.ticketsSeq = null;
        this.feed.reload();
        return;
      }
      this.tickets = applyListDiff(this.tickets, frame, (ticket) => ticket.ticketId);
      this.ticketsSeq = frame.seq;
      this.prepareCamera();
      this.host.requestUpdate();
    } else if (frame.type === 'call.offered') {
      const { ticketId, queueId, data, trackingTags, productIds } = frame;
      this.callbacks.onOffered({ ticketId, queueId, data, trackingTags, productIds });
    } else if (frame.type === 'call.state') {
      this.onCallState(frame.call);
    } else if (frame.type === 'call.signal' && frame.callId === this.call?.callId) {
      if (this.peer) void this.peer.handleSignal(frame.signal);
      else this.pendingSignals.push(frame.signal);
    } else if (frame.type === 'call.media' && frame.callId === this.call?.callId) {
      this.remoteMedia = { audio: frame.audio, video: frame.video };
      this.host.requestUpdate();
    }
  }

  private onCallState(call: CallInfo): void {
    const current = this.call;
    if (call.status === 'active') {
      if (current?.callId === call.callId && current.status === 'active') {
        this.call = call; // New data or tags from the visitor.
        this.host.requestUpdate();
        return;
      }
      this.call = call;
      this.remoteMedia = { audio: true, video: true };
      this.connect(call);
      this.callbacks.onStarted(call);
      this.host.requestUpdate();
      return;
    }
    if (!current || current.callId !== call.callId || current.status !== 'active') return;
    this.call = call;
    this.peer?.close();
    this.peer = null;
    this.pendingSignals = [];
    this.media.stop();
    this.callbacks.onEnded(call);
    this.host.requestUpdate();
  }

  /** A new connection to the visitor, offered by this side. */
  private connect(call: CallInfo): void {
    this.peer?.close();
    const session = this.hub.session!;
    this.peer = new PeerLink({
      role: 'agent',
      iceServers: call.iceServers,
      localStream: this.media.stream,
      sendSignal: (signal) => {
        session.command('call.signal', { callId: call.callId, signal }).catch(() => undefined);
      },
      onChange: () => this.host.requestUpdate(),
    });
    for (const signal of this.pendingSignals.splice(0)) void this.peer.handleSignal(signal);
    void this.peer.start();
    this.sendMediaState();
  }

  private sendMediaState(): void {
    const call = this.call;
    if (!call || call.status !== 'active' || !this.hub.session) return;
    this.hub.session
      .command('call.media', {
        callId: call.callId,
        audio: this.media.hasAudio && !this.media.audioMuted,
        video: this.media.hasVideo && !this.media.videoOff,
      })
      .catch(() => undefined);
  }
}
