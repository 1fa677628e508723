// One browser per worker slot, reused across its tests and relaunched when it has died.
import type { Browser } from 'playwright-core';
import type { ExecContext } from '../types.js';
import { launchChromium } from './launch.js';

export class BrowserSlot {
  #browser: Promise<Browser> | undefined;

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  /** The slot's browser; a crashed or closed one is replaced, so only the test that was on it failed. */
  async get(): Promise<Browser> {
    if (this.#browser) {
      const current = await this.#browser.catch(() => undefined);
      if (current?.isConnected()) return current;
    }
    const launching = launchChromium({ env: this.env });
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

export function browserSlot(ctx: ExecContext): Promise<BrowserSlot> {
  return ctx.resource(`browser:chromium:${ctx.workerId}`, async () => new BrowserSlot(ctx.env), (slot) => slot.close());
}
