// The `accessibility` executor: a fresh context per test (as the ui executor), `url`, the steps, then axe.
import type { A11yOptionsSpec, AccessibilityTestSpec } from '../../../plan/types.js';
import type { Executor } from '../../types.js';
import { withTestPage } from '../test-page.js';
import { runUiSteps } from '../ui-steps.js';
import { DEFAULT_STANDARD } from './axe-run.js';
import { runA11yCheck } from './a11y-checks.js';

export const accessibilityExecutor = {
  type: 'accessibility',
  resource: 'browser',
  async run(spec, ctx) {
    // A context of our own, never the browser's default one: cookies don't leak between tests, and
    // @axe-core/playwright refuses pages of the default context.
    await withTestPage(ctx, { viewport: spec.viewport }, async (page) => {
      if (!(await runUiSteps(spec.url, spec.steps, ctx, page))) return false;
      // Templates in the options (`include: ['${{ vars.main }}']`) resolve like a step's.
      const options = ctx.resolve(a11yOptions(spec));
      return ctx.step(`axe scan (${options.standard ?? DEFAULT_STANDARD})`, () => runA11yCheck(page, options, ctx));
    });
  },
} satisfies Executor<AccessibilityTestSpec>;

/** The scan's options out of the test: what an `a11y:` ui step would carry. */
function a11yOptions(spec: AccessibilityTestSpec): A11yOptionsSpec {
  const { standard, bestPractice, include, exclude, disableRules, failOn, allow } = spec;
  return { standard, bestPractice, include, exclude, disableRules, failOn, allow };
}
