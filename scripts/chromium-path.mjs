// Where Chromium is, and how Tandem starts it (tests, e2e, benchmarks).
import { accessSync, constants } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium executable to use: `$CHROME_PATH`, then the usual system paths; null when none is found.
 * @returns {string | null}
 */
export function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    console.warn(`CHROME_PATH=${fromEnv} is not an executable file; looking for a system Chromium instead.`);
  }
  return candidates.find(isExecutable) ?? null;
}

/**
 * Flags for every Chromium Tandem starts: no sandbox (containers, root), no GPU, nothing that reaches
 * the network on its own (it is closed here), and a fake camera and microphone that need no prompt.
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];
