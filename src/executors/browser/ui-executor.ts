// The `ui` executor: a fresh browser context per test on the slot's browser, `url`, then the steps.
import type { Page } from 'playwright-core';
import type { UiTestSpec } from '../../plan/types.js';
import type { ExecContext, Executor } from '../types.js';
import { ACTION_TIMEOUT_MS, openTestContext } from './test-context.js';
import { runUiSteps } from './ui-steps.js';

export const uiExecutor = {
  type: 'ui',
  resource: 'browser',
  async run(spec, ctx) {
    const { context, dispose } = await openTestContext(ctx, { viewport: spec.viewport });
    let page: Page | undefined;
    let failed = false;
    try {
      page = await context.newPage();
      failed = !(await runUiSteps(spec.url, spec.steps, ctx, page));
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      if (failed && page && spec.screenshotOnFailure !== false && !ctx.abort.aborted) await attachFailureScreenshot(page, ctx);
      await dispose();
    }
  },
} satisfies Executor<UiTestSpec>;

async function attachFailureScreenshot(page: Page, ctx: ExecContext): Promise<void> {
  try {
    await ctx.attach('failure.png', await page.screenshot({ timeout: ACTION_TIMEOUT_MS }), 'image/png');
  } catch (e) {
    ctx.log.warn('could not take the failure screenshot', { error: (e as Error).message });
  }
}
