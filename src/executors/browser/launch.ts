// Launching a browser through Playwright: Chromium found by locate.ts (flags that keep it offline), or
// Playwright's own Firefox/WebKit where they are installed.
import type { Browser } from 'playwright-core';
import { AitestError } from '../../errors.js';
import { locateChromium } from './locate.js';

const INSTALL_HINT =
  'Install a browser: `aitest install-browser`, `apt-get install -y chromium` (Debian/Ubuntu, as root) or ' +
  '`npx playwright install chromium`; or point AITEST_BROWSER_PATH at a Chrome/Chromium executable. `aitest doctor` shows what aitest finds.';

// No sandbox (containers and root need it off; Playwright turns it off too), no GPU, /tmp instead of a
// small /dev/shm, and none of the background traffic Chromium starts by itself.
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--no-first-run', '--mute-audio',
];

type BrowserName = 'chromium' | 'firefox' | 'webkit';

export interface LaunchOptions {
  browser?: BrowserName;
  env: Readonly<Record<string, string | undefined>>;
  headless?: boolean;
  /** The plan's `browser.executablePath` (Chromium only); it wins over AITEST_BROWSER_PATH. */
  executablePath?: string;
}

export async function launchBrowser(o: LaunchOptions): Promise<Browser> {
  const name = o.browser ?? 'chromium';
  if (name === 'chromium') return launchChromium(o);
  // Loaded here, not at start-up: playwright-core costs ~650 ms to import.
  const pw = await import('playwright-core');
  try {
    return await pw[name].launch({ headless: o.headless ?? true });
  } catch (e) {
    const first = ((e as Error).message ?? String(e)).split('\n')[0] ?? '';
    if (/Executable doesn't exist|browserType\.launch: .*not found/i.test(first) || /Executable doesn't exist/.test((e as Error).message ?? '')) {
      throw new AitestError('INFRA', `${name} is not installed for Playwright.`, { hint: `Install it with \`npx playwright install ${name}\`, or drop \`${name}\` from \`browsers\`.`, cause: e });
    }
    throw new AitestError('INFRA', `${name} did not start: ${first}`, { hint: `Reinstall it with \`npx playwright install ${name}\`.`, cause: e });
  }
}

async function launchChromium(o: LaunchOptions): Promise<Browser> {
  const env = o.executablePath ? { ...o.env, AITEST_BROWSER_PATH: o.executablePath } : o.env;
  const found = locateChromium(env);
  if (!found) {
    const asked = o.executablePath ? `browser.executablePath is ${o.executablePath}` : o.env.AITEST_BROWSER_PATH ? `AITEST_BROWSER_PATH is ${o.env.AITEST_BROWSER_PATH}` : undefined;
    throw new AitestError('INFRA', asked ? `${asked}, which is not an executable browser.` : 'No Chromium-family browser was found for the browser tests.', { hint: INSTALL_HINT });
  }
  const { chromium } = await import('playwright-core');
  try {
    return await chromium.launch({ executablePath: found.path, headless: o.headless ?? true, args: ARGS });
  } catch (e) {
    const first = ((e as Error).message ?? String(e)).split('\n')[0];
    throw new AitestError('INFRA', `Chromium at ${found.path} (${found.source}) did not start: ${first}`, { hint: INSTALL_HINT, cause: e });
  }
}
