// One browser per worker slot (and engine), reused across its tests and relaunched when it has died.
import type { Browser } from 'playwright-core';
import type { ExecContext } from '../types.js';
import { launchBrowser, type LaunchOptions } from './launch.js';

export class BrowserSlot {
  #browser: Promise<Browser> | undefined;

  constructor(private readonly options: LaunchOptions) {}

  /** The slot's browser; a crashed or closed one is replaced, so only the test that was on it failed. */
  async get(): Promise<Browser> {
    if (this.#browser) {
      const current = await this.#browser.catch(() => undefined);
      if (current?.isConnected()) return current;
    }
    const launching = launchBrowser(this.options);
    this.#browser = launching;
    // A failed launch is not kept: the next test tries again (and reports the same clear error).
    launching.catch(() => {
      if (this.#browser === launching) this.#browser = undefined;
    });
    return launching;
  }

  async close(): Promise<void> {
    const b = await this.#browser?.catch(() => undefined);
    this.#browser = undefined;
    await b?.close().catch(() => {});
  }
}

/** The browser slot for this test's engine and launch options on this worker slot. */
export function browserSlot(ctx: ExecContext): Promise<BrowserSlot> {
  const browser = (ctx.test.project?.browser ?? 'chromium') as LaunchOptions['browser'];
  const opts = ctx.test.browserOptions ?? {};
  const headless = opts.headless ?? true;
  // A remote worker runs its own browser, found through its own environment: never an executable the plan names.
  const executablePath = ctx.sandbox.untrusted ? undefined : opts.executablePath;
  const env = ctx.sandbox.ownEnv ?? ctx.env;
  const key = `browser:${browser}:${headless ? 'headless' : 'headed'}:${executablePath ?? ''}:${ctx.workerId}`;
  return ctx.resource(key, async () => new BrowserSlot({ browser, env, headless, executablePath }), (slot) => slot.close());
}
