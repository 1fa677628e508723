// The page (or an element) as it is now against a baseline: what visual tests and `matchScreenshot` steps do.
import type { Page } from 'playwright-core';
import type { ExecContext } from '../../types.js';
import { condense } from '../playwright-errors.js';
import { matchBaseline, type MatchOptions } from './match.js';
import { takeScreenshot } from './screenshot.js';

export async function matchPage(page: Page, options: MatchOptions, baseline: string, ctx: ExecContext): Promise<boolean> {
  let actual: Buffer;
  try {
    actual = await takeScreenshot(page, options);
  } catch (e) {
    if (ctx.abort.aborted) throw e;
    // The element never became visible, or several matched: the test failed here, like a failed ui action.
    return ctx.check({ name: 'screenshot', ok: false, message: condense(e) });
  }
  return matchBaseline(actual, options, baseline, ctx);
}
