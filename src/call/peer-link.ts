import type { IceServer, Signal } from '../protocol/frames.js';

/** How the call's media is doing, from the connection's own statistics. */
export type ConnectionQuality = 'connecting' | 'good' | 'fair' | 'poor' | 'lost';

export interface PeerLinkOptions {
  /** The agent makes the offer; the visitor answers. */
  role: 'visitor' | 'agent';
  iceServers: IceServer[];
  localStream: MediaStream | null;
  sendSignal(signal: Signal): void;
  onChange(): void;
}

const QUALITY_SAMPLE_MS = 2000;

/**
 * One RTCPeerConnection for one call. The agent's side offers, the visitor's answers; ICE
 * candidates trickle both ways through the hub. Signals that arrive before the remote description
 * wait in order.
 */
export class PeerLink {
  readonly remoteStream = new MediaStream();
  quality: ConnectionQuality = 'connecting';

  private readonly pc: RTCPeerConnection;
  private readonly options: PeerLinkOptions;
  private readonly pendingCandidates: RTCIceCandidateInit[] = [];
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private lastLoss: { lost: number; received: number } | null = null;
  private closed = false;
  /** Signals are applied one at a time, in arrival order: descriptions and candidates race otherwise. */
  private signals: Promise<void> = Promise.resolve();

  constructor(options: PeerLinkOptions) {
    this.options = options;
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers.map((s) => ({ ...s })) });
    const stream = options.localStream;
    const kinds = new Set(stream?.getTracks().map((t) => t.kind));
    for (const track of stream?.getTracks() ?? []) this.pc.addTrack(track, stream!);
    if (options.role === 'agent') {
      // Receive the visitor's audio and video even when this side sends neither.
      for (const kind of ['audio', 'video'] as const) {
        if (!kinds.has(kind)) this.pc.addTransceiver(kind, { direction: 'recvonly' });
      }
    }
    this.pc.addEventListener('track', (e) => {
      if (!this.remoteStream.getTracks().includes(e.track)) this.remoteStream.addTrack(e.track);
      options.onChange();
    });
    this.pc.addEventListener('icecandidate', (e) => {
      options.sendSignal({ kind: 'candidate', candidate: e.candidate ? toCandidateInit(e.candidate) : null });
    });
    this.pc.addEventListener('connectionstatechange', () => this.onConnectionState());
    this.statsTimer = setInterval(() => void this.sampleQuality(), QUALITY_SAMPLE_MS);
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  /** The agent's side starts the negotiation. */
  async start(): Promise<void> {
    if (this.options.role !== 'agent') return;
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    this.options.sendSignal({ kind: 'description', description: { type: 'offer', sdp: offer.sdp ?? '' } });
  }

  handleSignal(signal: Signal): Promise<void> {
    this.signals = this.signals
      .then(() => this.apply(signal))
      .catch(() => {
        // A description that does not apply (a stale offer after a reconnect): the next one will.
      });
    return this.signals;
  }

  private async apply(signal: Signal): Promise<void> {
    if (this.closed) return;
    if (signal.kind === 'description') {
      await this.pc.setRemoteDescription(signal.description);
      if (signal.description.type === 'offer') {
        const answer = await this.pc.createAnswer();
        await this.pc.setLocalDescription(answer);
        this.options.sendSignal({
          kind: 'description',
          description: { type: 'answer', sdp: answer.sdp ?? '' },
        });
      }
      for (const candidate of this.pendingCandidates.splice(0)) await this.addCandidate(candidate);
    } else if (signal.candidate) {
      if (this.pc.remoteDescription) await this.addCandidate(signal.candidate);
      else this.pendingCandidates.push(signal.candidate);
    }
  }

  close(): void {
    this.closed = true;
    clearInterval(this.statsTimer);
    this.pc.close();
    for (const track of this.remoteStream.getTracks()) track.stop();
  }

  private async addCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch {
      // A candidate for a transport that is gone: harmless, the others carry on.
    }
  }

  private onConnectionState(): void {
    const state = this.pc.connectionState;
    if (state === 'failed' || state === 'disconnected') this.quality = 'lost';
    else if (state === 'connected' && (this.quality === 'connecting' || this.quality === 'lost'))
      this.quality = 'good';
    this.options.onChange();
  }

  /** Round-trip time and packet loss of the last interval decide good / fair / poor. */
  private async sampleQuality(): Promise<void> {
    if (this.pc.connectionState !== 'connected') return;
    const stats = await this.pc.getStats();
    let rtt: number | null = null;
    let lost = 0;
    let received = 0;
    stats.forEach(
      (report: {
        type: string;
        state?: string;
        nominated?: boolean;
        currentRoundTripTime?: number;
        packetsLost?: number;
        packetsReceived?: number;
      }) => {
        if (report.type === 'candidate-pair' && report.state === 'succeeded' && report.nominated) {
          rtt = report.currentRoundTripTime ?? rtt;
        } else if (report.type === 'inbound-rtp') {
          lost += report.packetsLost ?? 0;
          received += report.packetsReceived ?? 0;
        }
      },
    );
    const previous = this.lastLoss;
    this.lastLoss = { lost, received };
    const intervalLost = previous ? lost - previous.lost : 0;
    const intervalReceived = previous ? received - previous.received : 0;
    const lossRate =
      intervalLost + intervalReceived > 0 ? intervalLost / (intervalLost + intervalReceived) : 0;
    const roundTrip: number = rtt ?? 0;
    const quality: ConnectionQuality =
      lossRate > 0.08 || roundTrip > 0.6 ? 'poor' : lossRate > 0.02 || roundTrip > 0.3 ? 'fair' : 'good';
    if (quality !== this.quality) {
      this.quality = quality;
      this.options.onChange();
    }
  }
}

function toCandidateInit(c: RTCIceCandidate): {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
} {
  return { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex };
}
