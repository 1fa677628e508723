// The `ui` executor: a fresh browser context per test on the slot's browser, `url`, then the steps.
import type { BrowserContext, Page } from 'playwright-core';
import type { UiTestSpec } from '../../plan/types.js';
import type { ExecContext, Executor } from '../types.js';
import { browserSlot } from './browser-slot.js';
import { describeUiStep, runUiStep } from './ui-steps.js';

const DEFAULT_VIEWPORT = { width: 1280, height: 720 };
// Actions wait this long for their element; navigations get longer, pages can be slow to load.
const ACTION_TIMEOUT_MS = 5000;
const NAVIGATION_TIMEOUT_MS = 30_000;

export const uiExecutor = {
  type: 'ui',
  resource: 'browser',
  async run(spec, ctx) {
    const slot = await browserSlot(ctx);
    const browser = await slot.get();
    // A context per test: cookies, storage and cache never leak from one test into the next.
    const context = await browser.newContext({ viewport: spec.viewport ?? DEFAULT_VIEWPORT, baseURL: ctx.test.baseUrl });
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
    // A timeout or Ctrl-C closes the context, which ends whatever Playwright call is waiting.
    const closeOnAbort = (): void => void context.close().catch(() => {});
    ctx.abort.once('abort', closeOnAbort);
    let page: Page | undefined;
    let failed = false;
    try {
      page = await context.newPage();
      failed = !(await runSteps(spec, ctx, page));
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      ctx.abort.removeListener('abort', closeOnAbort);
      if (failed && page && spec.screenshotOnFailure !== false && !ctx.abort.aborted) await attachFailureScreenshot(page, ctx);
      await closeQuietly(context);
    }
  },
} satisfies Executor<UiTestSpec>;

async function runSteps(spec: UiTestSpec, ctx: ExecContext, page: Page): Promise<boolean> {
  const env = { page, baseUrl: ctx.test.baseUrl };
  const steps = [...(spec.url !== undefined ? [{ goto: spec.url }] : []), ...(spec.steps ?? [])];
  for (const raw of steps) {
    // Templates resolve per step, so values captured or computed earlier are visible.
    const step = ctx.resolve(raw);
    const title = describeUiStep(step);
    if (!(await ctx.step(title, () => runUiStep(step, title, ctx, env)))) return false;
  }
  return true;
}

async function attachFailureScreenshot(page: Page, ctx: ExecContext): Promise<void> {
  try {
    await ctx.attach('failure.png', await page.screenshot({ timeout: ACTION_TIMEOUT_MS }), 'image/png');
  } catch (e) {
    ctx.log.warn('could not take the failure screenshot', { error: (e as Error).message });
  }
}

async function closeQuietly(context: BrowserContext): Promise<void> {
  await context.close().catch(() => {});
}
