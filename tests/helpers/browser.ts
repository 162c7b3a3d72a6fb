/**
 * The browser for tests/browser: the Chromium build shipped inside the @sparticuz/chromium npm package
 * (extracted to /tmp/chromium on first use), so `npm ci && npm test` needs no system install. Debian's
 * /usr/bin/chromium is tried only when the packaged build cannot start, and the test output says so.
 */
import { existsSync } from 'node:fs';
import packagedChromium from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The network is closed in tests: no update checks, no component downloads, no first-run pages.
 * Root cannot use Chromium's sandbox (it refuses to start); an unprivileged user keeps it.
 */
const ARGS = [
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

export interface LaunchedBrowser {
  browser: Browser;
  /** Which executable runs, for the test output. */
  executable: string;
}

export async function launchBrowser(): Promise<LaunchedBrowser> {
  let packagedFailure: unknown;
  try {
    const executable = await packagedChromium.executablePath();
    return { browser: await chromium.launch({ executablePath: executable, args: ARGS }), executable };
  } catch (error) {
    packagedFailure = error;
  }
  const reason = packagedFailure instanceof Error ? packagedFailure.message.split('\n')[0] : String(packagedFailure);
  if (!existsSync(DEBIAN_CHROMIUM))
    throw new Error(
      `the Chromium of @sparticuz/chromium could not start (${reason}) and ${DEBIAN_CHROMIUM} is not installed`,
    );
  console.warn(
    `[browser] the Chromium of @sparticuz/chromium could not start (${reason}); falling back to Debian's ${DEBIAN_CHROMIUM}`,
  );
  return {
    browser: await chromium.launch({ executablePath: DEBIAN_CHROMIUM, args: ARGS }),
    executable: DEBIAN_CHROMIUM,
  };
}
