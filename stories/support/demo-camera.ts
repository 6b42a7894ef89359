/**
 * The demo agent's "camera" in the stories: a canvas drawn as a video call's picture of a person
 * (head and shoulders before a softly moving backdrop, so frames keep coming), captured as a
 * MediaStream. Headless Chromium's fake camera is a test pattern; this looks like a call.
 */
// Portrait, as the widget's call tile is: nothing of the picture is cropped away there.
const WIDTH = 480;
const HEIGHT = 640;
/** Redrawn this often: a canvas stream sends a frame only when the canvas changes. */
const FRAME_MS = 100;

export interface DemoCamera {
  stream: MediaStream;
  stop(): void;
}

/** `tone`: a colour of the agent's own, so two agents' pictures differ. */
export function demoCamera(tone = '#33658a'): DemoCamera {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const context = canvas.getContext('2d')!;
  const draw = (at: number) => {
    // A softly moving backdrop (a room's light), so the stream keeps sending frames.
    const drift = 40 * Math.sin(at / 1500);
    const backdrop = context.createLinearGradient(drift, 0, WIDTH - drift, HEIGHT);
    backdrop.addColorStop(0, '#dfe7e2');
    backdrop.addColorStop(1, '#9fb8ad');
    context.fillStyle = backdrop;
    context.fillRect(0, 0, WIDTH, HEIGHT);
    // Shoulders, neck and head, in the middle of the tile.
    context.fillStyle = tone;
    context.beginPath();
    context.ellipse(WIDTH / 2, HEIGHT + 40, 210, 250, 0, Math.PI, 2 * Math.PI);
    context.fill();
    context.fillStyle = '#e8bf98';
    context.fillRect(WIDTH / 2 - 32, HEIGHT / 2 + 20, 64, 90);
    context.beginPath();
    context.ellipse(WIDTH / 2, HEIGHT / 2 - 20, 92, 112, 0, 0, 2 * Math.PI);
    context.fill();
    context.fillStyle = '#3b2a20';
    context.beginPath();
    context.ellipse(WIDTH / 2, HEIGHT / 2 - 90, 100, 60, 0, Math.PI, 2 * Math.PI);
    context.fill();
  };
  draw(0);
  const stream = canvas.captureStream(1000 / FRAME_MS);
  const timer = setInterval(() => draw(performance.now()), FRAME_MS);
  return {
    stream,
    stop: () => {
      clearInterval(timer);
      for (const track of stream.getTracks()) track.stop();
    },
  };
}
