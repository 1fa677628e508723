// The `ui` executor: a fresh page per test on the slot's browser, `url`, then the steps.
import type { UiTestSpec } from '../../plan/types.js';
import type { Executor } from '../types.js';
import { withTestPage } from './test-page.js';
import { runUiSteps } from './ui-steps.js';

export const uiExecutor = {
  type: 'ui',
  resource: 'browser',
  async run(spec, ctx) {
    await withTestPage(ctx, { viewport: spec.viewport, screenshotOnFailure: spec.screenshotOnFailure }, (page) => runUiSteps(spec.url, spec.steps, ctx, page));
  },
} satisfies Executor<UiTestSpec>;
