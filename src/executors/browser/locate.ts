// Finds a Chromium-family browser without loading Playwright: plan/env path, Playwright's cache, system installs.
import { accessSync, constants, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BrowserLocation {
  path: string;
  source: 'AITEST_BROWSER_PATH' | 'playwright' | 'system';
}

const SYSTEM_CANDIDATES = [
  '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function playwrightCached(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const root = env.PLAYWRIGHT_BROWSERS_PATH || path.join(os.homedir(), '.cache', 'ms-playwright');
  let dirs: string[];
  try {
    dirs = readdirSync(root).filter((d) => d.startsWith('chromium')).sort().reverse();
  } catch {
    return undefined;
  }
  for (const d of dirs) {
    for (const rel of ['chrome-linux/chrome', 'chrome-linux64/chrome', 'chrome-headless-shell-linux64/chrome-headless-shell']) {
      const p = path.join(root, d, rel);
      if (executable(p)) return p;
    }
  }
  return undefined;
}

/**
 * The browser to use. An AITEST_BROWSER_PATH that is set is the only candidate: quietly running some
 * other browser than the one asked for would make results mean something else.
 */
export function locateChromium(env: Readonly<Record<string, string | undefined>>): BrowserLocation | undefined {
  if (env.AITEST_BROWSER_PATH) return executable(env.AITEST_BROWSER_PATH) ? { path: env.AITEST_BROWSER_PATH, source: 'AITEST_BROWSER_PATH' } : undefined;
  const pw = playwrightCached(env);
  if (pw) return { path: pw, source: 'playwright' };
  for (const p of SYSTEM_CANDIDATES) if (executable(p)) return { path: p, source: 'system' };
  return undefined;
}
