import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  ErrorCode,
  type CallEndReason,
  type CallInfo,
  type Signal,
  type Ticket,
  type TicketEndReason,
  type TrackingTag,
} from '../protocol/frames.js';
import { TandemError, hasErrorCode, toErrorDetail } from '../errors.js';
import type { TandemErrorDetail } from '../events/tandem-error.js';
import type { HubEvent } from '../session/hub-client.js';
import type { HubSession } from '../session/hub-session.js';
import { readTicketId, writeTicketId, writeVisitorToken } from '../session/visitor-storage.js';
import { LocalMedia } from '../call/local-media.js';
import { PeerLink } from '../call/peer-link.js';
import type { HubSessionController } from './hub-session-controller.js';
import { SessionFeed } from './session-feed.js';
import { RateLimitHold } from './rate-limit-hold.js';
import { inCoBrowseFrame } from './co-browse-controller.js';
import type { CallPhase } from '../session/page-visitor.js';

export type { CallPhase } from '../session/page-visitor.js';

/** What the visitor's ticket carries to the agent. */
export interface JoinOptions {
  data: Record<string, unknown>;
  trackingTags: TrackingTag[];
  callAgentId?: string;
  productIds?: string[];
  agentTags?: string[];
}

export interface VisitorCallOptions {
  queueTerm(): string;
  /** Collected at join time: the page's data, tags and routing. */
  joinOptions(): Promise<JoinOptions>;
  /** Whether the page allows first-party storage (allow-first-party-cookies). */
  persist(): boolean;
  /** The seed's tracking events (joined_queue, call_started, ...). */
  track(eventName: string, eventData: Record<string, unknown>): void;
  onError(detail: TandemErrorDetail): void;
}

/**
 * The visitor's side of a call: camera and microphone, the ticket in the queue, the call and its
 * media. Survives reconnects; a reload resumes the ticket when the page allowed storing it. The call
 * is the page's (`HubSession.visitor`): one element at a time holds it. An element removed from the
 * page (not just moved) ends what it runs: the camera stops, the call hangs up, the place is left.
 */
export class VisitorCallController implements ReactiveController {
  phase: CallPhase = 'idle';
  ticket: Ticket | null = null;
  call: CallInfo | null = null;
  peer: PeerLink | null = null;
  /** Whether the agent's microphone and camera are on. */
  remoteMedia = { audio: true, video: true };
  endReason: CallEndReason | TicketEndReason | null = null;
  /** Set when the visitor chose to go on without camera and microphone. */
  receiveOnly = false;
  readonly media: LocalMedia;
  /** Set while the hub refuses more queue joins for now (`rate-limited`): the visitor may try after it. */
  readonly limited: RateLimitHold;

  private readonly host: ReactiveControllerHost;
  private readonly hub: HubSessionController;
  private readonly options: VisitorCallOptions;
  private readonly feed: SessionFeed;
  private pendingSignals: Signal[] = [];
  private startedCalls = new Set<string>();
  private connected = false;
  /** Bumped when the element leaves the page: a join still on its way then stops. */
  private epoch = 0;
  /**
   * The session the call runs on. Kept past the element's removal (the hub-session controller lets
   * go of it first) so that the hub can still be told the visitor left.
   */
  private callSession: HubSession | null = null;

  constructor(host: ReactiveControllerHost, hub: HubSessionController, options: VisitorCallOptions) {
    (this.host = host).addController(this);
    this.hub = hub;
    this.options = options;
    this.limited = new RateLimitHold(() => host.requestUpdate());
    this.media = new LocalMedia(() => {
      this.sendMediaState();
      host.requestUpdate();
    });
    this.feed = new SessionFeed(hub, {
      onEvent: (frame) => this.onHubEvent(frame),
      key: () => 'once per page',
      load: (session) => this.resume(session),
    });
  }

  /** True while the visitor holds a place or a call: leaving the page would lose it. */
  get active(): boolean {
    return this.phase === 'joining' || this.phase === 'waiting' || this.phase === 'in-call';
  }

  hostConnected(): void {
    this.connected = true;
    this.callSession = this.hub.session ?? this.callSession;
    this.feed.sync();
    this.limited.restart();
  }

  hostUpdate(): void {
    this.callSession = this.hub.session ?? this.callSession;
    this.feed.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.feed.stop();
    this.limited.pause();
    // An element moved in the DOM is connected again in the same task: it keeps its call.
    queueMicrotask(() => {
      if (!this.connected) this.abandon();
    });
  }

  /** Asks for camera and microphone, then joins the queue; without them, stays on the media screen. */
  async start(): Promise<void> {
    if (this.active) return;
    this.endReason = null;
    this.receiveOnly = false;
    this.setPhase('media');
    const permission = await this.media.acquire();
    if (permission === 'ready') await this.join();
  }

  /** Joins without camera or microphone: the visitor sees and hears the agent, not the other way round. */
  async continueWithoutMedia(): Promise<void> {
    this.receiveOnly = true;
    await this.join();
  }

  /** Joins again at the front of the queue after the agent left the call. */
  async rejoin(): Promise<void> {
    const previous = this.ticket;
    if (!previous?.canRejoin) return this.start();
    this.setPhase('media');
    const permission = await this.media.acquire();
    if (permission === 'ready' || this.receiveOnly) await this.join(previous.ticketId);
  }

  async leave(): Promise<void> {
    const ticket = this.ticket;
    if (ticket && this.phase === 'waiting') {
      await this.session()
        .command('ticket.leave', { ticketId: ticket.ticketId })
        .catch(() => undefined);
      this.options.track('left_queue', { queueId: ticket.queueId, ticketId: ticket.ticketId });
    }
    this.finish('left-queue');
  }

  async hangUp(): Promise<void> {
    const call = this.call;
    if (call && this.phase === 'in-call') {
      await this.session()
        .command('call.hangup', { callId: call.callId })
        .then(({ call: ended }) => this.onCallState(ended))
        .catch(() => this.finish('visitor-hung-up'));
    }
  }

  /** Hangs up the call or leaves the queue, whichever the visitor is in. */
  async end(): Promise<void> {
    if (this.phase === 'in-call') await this.hangUp();
    else if (this.active) await this.leave();
  }

  /** Back to the start screen after a call ended. */
  reset(): void {
    if (this.active) return;
    this.ticket = null;
    this.call = null;
    this.endReason = null;
    this.setPhase('idle');
  }

  /** Sends new data or tracking tags to the agent, during the wait or the call. */
  async update(changes: { data?: Record<string, unknown>; trackingTags?: TrackingTag[] }): Promise<void> {
    const ticket = this.ticket;
    if (!ticket || !this.active) return;
    const { ticket: updated } = await this.session().command('ticket.update', {
      ticketId: ticket.ticketId,
      ...changes,
    });
    this.onTicket(updated);
  }

  setAudioMuted(muted: boolean): void {
    this.media.setAudioMuted(muted);
  }

  setVideoOff(off: boolean): void {
    this.media.setVideoOff(off);
  }

  private session(): HubSession {
    const session = this.hub.session ?? this.callSession;
    if (!session) throw new TandemError(ErrorCode.orgNotFound, 'No org-id is set.');
    return session;
  }

  private async join(rejoinTicketId?: string): Promise<void> {
    const epoch = this.epoch;
    this.setPhase('joining');
    try {
      const extra = await this.options.joinOptions();
      if (epoch !== this.epoch) return;
      const session = this.session();
      const { ticket } = await session.command('ticket.join', {
        queue: this.options.queueTerm(),
        ...extra,
        ...(rejoinTicketId ? { rejoinTicketId } : {}),
      });
      if (epoch !== this.epoch) {
        // The element left while the ticket was on its way: nobody is there to wait.
        session.command('ticket.leave', { ticketId: ticket.ticketId }).catch(() => undefined);
        return;
      }
      this.ticket = ticket;
      this.remember(ticket);
      this.options.track('joined_queue', { queueId: ticket.queueId, ticketId: ticket.ticketId });
      this.onTicket(ticket);
    } catch (error) {
      // Too many joins for now: the start screen says when to try again, the button waits till then.
      if (hasErrorCode(error, ErrorCode.rateLimited))
        this.limited.hold(error.retryAfter ?? 1, () => undefined);
      this.options.onError(toErrorDetail(error));
      this.media.stop();
      this.setPhase('idle');
    }
  }

  /** After a reload: pick the stored ticket up again, once per page, when the hub is reachable. */
  private async resume(session: HubSession): Promise<void> {
    const ticketId = readTicketId(session.hubUrl, session.orgId);
    // A ticket held in memory is this page's own (an element moved in the DOM): resuming it would
    // tell the hub a new page took over.
    // Inside a co-browsing frame, the page above holds the call.
    if (!ticketId || this.ticket || session.visitor.callHeldByOther(this) || inCoBrowseFrame()) return;
    try {
      const { ticket, call } = await session.command('ticket.resume', { ticketId });
      if (ticket.status === 'ended') {
        writeTicketId(session.hubUrl, session.orgId, null);
        return;
      }
      this.ticket = ticket;
      this.receiveOnly = true; // Until the camera is back, the visitor would join receive-only.
      this.onTicket(ticket);
      if (call) this.onCallState(call);
      void this.media.acquire().then((p) => {
        if (p === 'ready') this.receiveOnly = false;
      });
    } catch {
      writeTicketId(session.hubUrl, session.orgId, null);
    }
  }

  /** The element left the page: stop the camera and the connection now, and tell the hub. */
  private abandon(): void {
    this.epoch++;
    const session = this.callSession;
    const { phase, ticket, call } = this;
    this.closePeer();
    this.media.stop();
    if (session && phase === 'in-call' && call) {
      session.command('call.hangup', { callId: call.callId }).catch(() => undefined);
    } else if (session && (phase === 'waiting' || phase === 'joining') && ticket) {
      session.command('ticket.leave', { ticketId: ticket.ticketId }).catch(() => undefined);
    }
    if (phase !== 'idle') this.finish(phase === 'in-call' ? 'visitor-hung-up' : 'left-queue');
  }

  private onHubEvent(frame: HubEvent): void {
    const ticket = this.ticket;
    if (!ticket) return;
    if (frame.type === 'ticket.state' && frame.ticket.ticketId === ticket.ticketId) {
      this.onTicket(frame.ticket);
    } else if (frame.type === 'call.state' && frame.call.ticketId === ticket.ticketId) {
      this.onCallState(frame.call);
    } else if (frame.type === 'call.signal' && frame.callId === this.call?.callId) {
      if (this.peer) void this.peer.handleSignal(frame.signal);
      else this.pendingSignals.push(frame.signal);
    } else if (frame.type === 'call.media' && frame.callId === this.call?.callId) {
      this.remoteMedia = { audio: frame.audio, video: frame.video };
      this.host.requestUpdate();
    }
  }

  private onTicket(ticket: Ticket): void {
    this.ticket = ticket;
    if (ticket.status === 'waiting') {
      this.setPhase('waiting');
    } else if (ticket.status === 'ended' && this.phase !== 'in-call' && this.phase !== 'ended') {
      // The call's own end (with its reason) arrives as call.state; this covers a ticket that ends
      // without a call, such as a visitor away longer than the hub waits.
      this.finish(ticket.endReason ?? 'left-queue');
    } else {
      this.host.requestUpdate();
    }
  }

  private onCallState(call: CallInfo): void {
    if (call.status === 'active') {
      if (this.call?.callId === call.callId && this.peer) return;
      this.call = call;
      this.closePeer();
      this.peer = new PeerLink({
        role: 'visitor',
        iceServers: call.iceServers,
        localStream: this.receiveOnly ? null : this.media.stream,
        sendSignal: (signal) => this.sendSignal(call.callId, signal),
        onChange: () => this.host.requestUpdate(),
      });
      for (const signal of this.pendingSignals.splice(0)) void this.peer.handleSignal(signal);
      this.remoteMedia = { audio: true, video: true };
      this.sendMediaState();
      if (!this.startedCalls.has(call.callId)) {
        this.startedCalls.add(call.callId);
        this.options.track('call_started', {
          queueId: call.queueId,
          callId: call.callId,
          agentId: call.agent.id,
        });
      }
      this.setPhase('in-call');
      return;
    }
    // The call ended: once per call, whether the hub's event or our own hang-up reply says so first.
    if (this.call?.callId !== call.callId || this.call.status === 'ended') return;
    this.closePeer();
    this.pendingSignals = [];
    this.call = call;
    if (call.endReason === 'transferred') {
      this.options.track('call_transferred', {
        queueId: call.queueId,
        callId: call.callId,
        toAgentId: call.transferredTo?.agentId ?? null,
        toQueueId: call.transferredTo?.queueId ?? null,
      });
      this.setPhase('waiting');
      return;
    }
    this.options.track('call_ended', { queueId: call.queueId, callId: call.callId, reason: call.endReason });
    this.finish(call.endReason ?? 'agent-hung-up');
  }

  private finish(reason: CallEndReason | TicketEndReason): void {
    this.closePeer();
    this.media.stop();
    this.endReason = reason;
    const session = this.hub.session;
    // A visitor whose agent left keeps the ticket to rejoin at the front, reload or not.
    if (session && reason !== 'agent-left') writeTicketId(session.hubUrl, session.orgId, null);
    this.setPhase(reason === 'left-queue' ? 'idle' : 'ended');
  }

  private remember(ticket: Ticket): void {
    const session = this.hub.session;
    const token = session?.currentVisitorToken;
    if (session && token && this.options.persist()) {
      writeVisitorToken(session.hubUrl, session.orgId, token);
      writeTicketId(session.hubUrl, session.orgId, ticket.ticketId);
    }
  }

  private sendSignal(callId: string, signal: Signal): void {
    this.session()
      .command('call.signal', { callId, signal })
      .catch(() => undefined);
  }

  private sendMediaState(): void {
    const call = this.call;
    if (!call || call.status !== 'active' || !this.hub.session) return;
    const audio = this.media.hasAudio && !this.media.audioMuted && !this.receiveOnly;
    const video = this.media.hasVideo && !this.media.videoOff && !this.receiveOnly;
    this.hub.session.command('call.media', { callId: call.callId, audio, video }).catch(() => undefined);
  }

  private closePeer(): void {
    this.peer?.close();
    this.peer = null;
  }

  private setPhase(phase: CallPhase): void {
    this.phase = phase;
    (this.hub.session ?? this.callSession)?.visitor.setCall(this, {
      phase,
      ticketId: this.ticket?.ticketId ?? null,
      callId: this.call?.callId ?? null,
    });
    this.host.requestUpdate();
  }
}
