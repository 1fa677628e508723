// The `visual` executor: a fresh browser context, `url`, the steps, then one screenshot compared with its baseline.
import type { VisualTestSpec } from '../../../plan/types.js';
import type { Executor } from '../../types.js';
import { withTestPage } from '../test-page.js';
import { describeSelector } from '../selectors.js';
import { runUiSteps } from '../ui-steps.js';
import { matchPage } from './match-page.js';
import { baselinePath } from './baseline.js';
import type { MatchOptions } from './match.js';

export const visualExecutor = {
  type: 'visual',
  resource: 'browser',
  async run(spec, ctx) {
    // A context per test, like ui tests, and everything that changes how a page renders pinned down: a baseline
    // written on a laptop in Berlin must match a screenshot taken on a CI machine in UTC.
    const pinned = { deviceScaleFactor: 1, colorScheme: 'light', locale: 'en-US', timezoneId: 'UTC' } as const;
    // No failure screenshot: a mismatch attaches actual, expected and diff already.
    await withTestPage(ctx, { viewport: spec.viewport, pinned, screenshotOnFailure: false }, async (page) => {
      if (!(await runUiSteps(spec.url, spec.steps, ctx, page))) return false;
      const options = ctx.resolve(matchOptions(spec));
      const title = `match screenshot of ${options.selector === undefined ? 'page' : describeSelector(options.selector)}`;
      return ctx.step(title, () => matchPage(page, options, baselinePath(ctx.test), ctx));
    });
  },
} satisfies Executor<VisualTestSpec>;

/** The comparison options out of the test body (everything but url, steps and viewport). */
function matchOptions(spec: VisualTestSpec): MatchOptions {
  const { selector, fullPage, mask, ignoreRegions, threshold, maxDiffPixels, maxDiffPixelRatio } = spec;
  return { selector, fullPage, mask, ignoreRegions, threshold, maxDiffPixels, maxDiffPixelRatio };
}
