import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); never a downloaded browser. */
export const CHROMIUM = process.env.FLOWLENS_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // WebGL on the CPU (SwiftShader) when there is no GPU, as in CI.
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
];

/** True when browser tests should be skipped on purpose (FLOWLENS_SKIP_BROWSER=1). */
export const skipBrowser = process.env.FLOWLENS_SKIP_BROWSER === '1';

/** Launches headless Chromium or fails with what to install. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: run 'apt-get install -y chromium' (or set FLOWLENS_CHROMIUM), ` +
        'or set FLOWLENS_SKIP_BROWSER=1 to skip the browser tests',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
