// A fresh browser context per test: the project's device, the plan's browser options, timeouts, and
// closing on abort. Every browser executor opens its page through here.
import type { BrowserContext, BrowserContextOptions } from 'playwright-core';
import { AitestError } from '../../errors.js';
import { closestMatch } from '../../plan/suggest.js';
import type { ExecContext } from '../types.js';
import { browserSlot } from './browser-slot.js';
import { readStorageState } from './storage-state.js';
import { openUnderEgressPolicy } from './egress-context.js';

const DEFAULT_VIEWPORT = { width: 1280, height: 720 };
// Actions wait this long for their element; navigations get longer, pages can be slow to load.
export const ACTION_TIMEOUT_MS = 5000;
const NAVIGATION_TIMEOUT_MS = 30_000;

export interface TestContext {
  context: BrowserContext;
  /** Stops following the test's abort and closes the context; safe to call twice. */
  dispose(): Promise<void>;
}

async function deviceOptions(ctx: ExecContext): Promise<BrowserContextOptions> {
  const custom = ctx.test.customDevice;
  if (custom) {
    const { name: _name, ...rest } = custom;
    return rest;
  }
  const name = ctx.test.project?.device;
  if (name === undefined) return {};
  const { devices } = await import('playwright-core');
  const d = devices[name];
  if (!d) {
    const close = closestMatch(name, Object.keys(devices));
    throw new AitestError('PLAN_INVALID', `unknown device "${name}"`, { hint: close ? `did you mean "${close}"?` : 'Use a Playwright device name such as "Desktop Chrome", "iPhone 13" or "Pixel 7", or { name, viewport }.' });
  }
  // The engine comes from `browsers`, not from the device's own default.
  const { defaultBrowserType: _engine, ...rest } = d;
  return rest;
}

export interface TestContextOptions {
  viewport?: { width: number; height: number };
  /** Set last, over the device and the plan's options (visual tests pin how pages render). */
  pinned?: BrowserContextOptions;
  /** Where Playwright writes the page's video, when one is recorded. */
  recordVideo?: { dir: string };
}

export async function openTestContext(ctx: ExecContext, o: TestContextOptions = {}): Promise<TestContext> {
  const browser = await (await browserSlot(ctx)).get();
  // Templates in options resolve like anywhere else (e.g. a password from a secret var).
  const opts = ctx.resolve(ctx.test.browserOptions ?? {});
  if (opts.httpCredentials) ctx.secret(opts.httpCredentials.password);
  const device = await deviceOptions(ctx);
  const options: BrowserContextOptions = { ...device, viewport: o.viewport ?? device.viewport ?? DEFAULT_VIEWPORT, baseURL: ctx.test.baseUrl };
  if (opts.locale) options.locale = opts.locale;
  if (opts.timezone) options.timezoneId = opts.timezone;
  if (opts.colorScheme) options.colorScheme = opts.colorScheme;
  if (opts.storageState) options.storageState = await readStorageState(opts.storageState, ctx);
  if (opts.httpCredentials) options.httpCredentials = opts.httpCredentials;
  if (opts.extraHTTPHeaders) options.extraHTTPHeaders = opts.extraHTTPHeaders;
  if (o.recordVideo) options.recordVideo = o.recordVideo;
  // On a remote worker every request of the context goes through the egress policy.
  const context = await openUnderEgressPolicy(ctx, (egress) => browser.newContext({ ...options, ...o.pinned, ...egress }));
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  // A timeout or Ctrl-C closes the context, which ends whatever Playwright call is waiting.
  const closeOnAbort = (): void => void context.close().catch(() => {});
  ctx.abort.once('abort', closeOnAbort);
  return {
    context,
    async dispose() {
      ctx.abort.removeListener('abort', closeOnAbort);
      await context.close().catch(() => {});
    },
  };
}
