// Launching Chromium through Playwright: the browser found by locate.ts, with flags that keep it offline.
import type { Browser } from 'playwright-core';
import { AitestError } from '../../errors.js';
import { locateChromium } from './locate.js';

export const INSTALL_HINT =
  'Install a browser: `apt-get install -y chromium` (Debian/Ubuntu, as root) or `npx playwright install chromium`; ' +
  'or point AITEST_BROWSER_PATH at a Chrome/Chromium executable. `aitest doctor` shows what aitest finds.';

// No sandbox (containers and root need it off; Playwright turns it off too), no GPU, /tmp instead of a
// small /dev/shm, and none of the background traffic Chromium starts by itself.
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--no-first-run', '--mute-audio',
];

export interface LaunchOptions {
  env: Readonly<Record<string, string | undefined>>;
  headless?: boolean;
}

export async function launchChromium(o: LaunchOptions): Promise<Browser> {
  const found = locateChromium(o.env);
  if (!found) {
    const asked = o.env.AITEST_BROWSER_PATH;
    throw new AitestError('INFRA', asked ? `AITEST_BROWSER_PATH is ${asked}, which is not an executable browser.` : 'No Chromium-family browser was found for the browser tests.', { hint: INSTALL_HINT });
  }
  // Loaded here, not at start-up: playwright-core costs ~650 ms to import.
  const { chromium } = await import('playwright-core');
  try {
    return await chromium.launch({ executablePath: found.path, headless: o.headless ?? true, args: ARGS });
  } catch (e) {
    const first = ((e as Error).message ?? String(e)).split('\n')[0];
    throw new AitestError('INFRA', `Chromium at ${found.path} (${found.source}) did not start: ${first}`, { hint: INSTALL_HINT, cause: e });
  }
}
