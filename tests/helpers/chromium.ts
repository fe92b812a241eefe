import { type Browser, chromium } from 'playwright-core';

/**
 * Chromium from the system package (Debian's `chromium`), launched the same way by every browser test
 * and script. CHROMIUM_PATH points elsewhere (e.g. google-chrome on a GitHub runner).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}
