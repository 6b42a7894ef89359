/**
 * Reads a barcode or QR code with the device's back camera (001's `enableScanning`), where the
 * browser has `BarcodeDetector` (Chromium on Android, macOS and ChromeOS; not on desktop Linux).
 */

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorClass = new () => BarcodeDetectorLike;

const SCAN_TIMEOUT_MS = 20_000;
const SCAN_INTERVAL_MS = 250;

function detectorClass(): BarcodeDetectorClass | undefined {
  return (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
}

/** Whether this browser can scan codes at all. */
export function canScanCodes(): boolean {
  return !!detectorClass() && !!navigator.mediaDevices?.getUserMedia;
}

/** The first code the back camera sees within 20 s; rejects without one, or when `signal` aborts. */
export async function scanCode(signal?: AbortSignal): Promise<string> {
  const Detector = detectorClass();
  if (!Detector) throw new Error('This browser cannot read codes.');
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: 'environment' } },
  });
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  try {
    await video.play();
    const detector = new Detector();
    const until = Date.now() + SCAN_TIMEOUT_MS;
    while (Date.now() < until) {
      if (signal?.aborted) throw new Error('Scanning was cancelled.');
      const [code] = await detector.detect(video);
      if (code?.rawValue) return code.rawValue;
      await new Promise((done) => setTimeout(done, SCAN_INTERVAL_MS));
    }
    throw new Error('No code was found.');
  } finally {
    for (const track of stream.getTracks()) track.stop();
  }
}
