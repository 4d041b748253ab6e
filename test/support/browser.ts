import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`), or `CHROMIUM_PATH`. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/**
 * For `describe.skipIf(missingChromium())`: false when Chromium is installed. When it is missing, CI (`CI` set)
 * throws, so the browser test fails instead of passing untested; anywhere else it warns loudly and returns true.
 */
export function missingChromium(): boolean {
  if (existsSync(chromiumPath())) return false;
  const message = `no Chromium at ${chromiumPath()} (CHROMIUM_PATH): install it with \`apt-get install chromium\``;
  if (process.env.CI) throw new Error(`${message}; CI must run the browser tests`);
  console.warn(`\n!!!!!!!!\n!!! SKIPPING the browser tests: ${message}\n!!!!!!!!\n`);
  return true;
}

/**
 * Headless Chromium as this machine needs it: no sandbox (tests run as root), no GPU, and none of the background
 * connections (component updates, sync, QUIC) a closed network refuses.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-extensions',
    ],
  });
}
