/**
 * The visitor's or agent's own camera and microphone: asking for them, what the browser answered,
 * and muting. One instance per call attempt.
 */

/** Where the camera and microphone stand. */
export type MediaPermission =
  /** Not asked yet. */
  | 'idle'
  /** The browser's permission prompt is showing. */
  | 'asking'
  /** Camera and microphone (or the microphone alone, see `hasVideo`) are live. */
  | 'ready'
  /** The visitor or a browser policy refused them. */
  | 'denied'
  /** No camera nor microphone on this device. */
  | 'no-device'
  /** No getUserMedia or no WebRTC (an insecure page, an old browser). */
  | 'unsupported';

export class LocalMedia {
  permission: MediaPermission = 'idle';
  stream: MediaStream | null = null;
  audioMuted = false;
  videoOff = false;

  private readonly onChange: () => void;
  /** Bumped by `stop()`: a camera that answers after it is switched off at once. */
  private generation = 0;

  constructor(onChange: () => void) {
    this.onChange = onChange;
  }

  get hasVideo(): boolean {
    return !!this.stream?.getVideoTracks().length;
  }

  get hasAudio(): boolean {
    return !!this.stream?.getAudioTracks().length;
  }

  /**
   * Asks for camera and microphone; without a camera, the microphone alone. Resolves with the new
   * permission state, never rejects.
   */
  async acquire(): Promise<MediaPermission> {
    if (this.permission === 'ready') return this.permission;
    if (!navigator.mediaDevices?.getUserMedia || typeof RTCPeerConnection === 'undefined') {
      return this.set('unsupported');
    }
    const generation = this.generation;
    this.set('asking');
    const attempts: MediaStreamConstraints[] = [
      { audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' } },
      { audio: true, video: false },
      { audio: false, video: true },
    ];
    for (const constraints of attempts) {
      try {
        const stream = await navigator.mediaDevices.getUserMedia(constraints);
        if (generation !== this.generation) {
          // Stopped while the browser was asking: nobody will ever switch this camera off.
          for (const track of stream.getTracks()) track.stop();
          return this.permission;
        }
        this.stream = stream;
        this.applyMute();
        return this.set('ready');
      } catch (error) {
        const name = error instanceof DOMException ? error.name : '';
        if (generation !== this.generation) return this.permission;
        if (name === 'NotAllowedError' || name === 'SecurityError') return this.set('denied');
        // NotFoundError / OverconstrainedError / NotReadableError: try with less.
      }
    }
    return generation === this.generation ? this.set('no-device') : this.permission;
  }

  setAudioMuted(muted: boolean): void {
    this.audioMuted = muted;
    this.applyMute();
    this.onChange();
  }

  setVideoOff(off: boolean): void {
    this.videoOff = off;
    this.applyMute();
    this.onChange();
  }

  stop(): void {
    this.generation++;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.permission = 'idle';
  }

  private applyMute(): void {
    // Disabled tracks keep the connection and send silence / black, with no renegotiation.
    for (const track of this.stream?.getAudioTracks() ?? []) track.enabled = !this.audioMuted;
    for (const track of this.stream?.getVideoTracks() ?? []) track.enabled = !this.videoOff;
  }

  private set(permission: MediaPermission): MediaPermission {
    this.permission = permission;
    this.onChange();
    return permission;
  }
}
