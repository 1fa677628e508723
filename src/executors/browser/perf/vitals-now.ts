// Web Vitals of the page as it is now, for the ui step `vitals`: one reading against budgets.
import type { Page } from 'playwright-core';
import { AitestError } from '../../../errors.js';
import type { BudgetsSpec } from '../../../plan/types.js';
import type { ExecContext } from '../../types.js';
import { budgetChecks, medians, UNITS, type MetricName } from './budgets.js';
import { HIDE_PAGE, READ_MEASUREMENT, SHOW_PAGE, type PageMeasurement } from './page-probe.js';

/**
 * Reads the probe's values: the page is briefly "hidden" (so web-vitals reports INP and final LCP/CLS),
 * then visible again for the steps that follow.
 */
export async function readVitals(page: Page): Promise<PageMeasurement> {
  const probed = await page.evaluate('typeof window.__aitestRead === "function"');
  if (!probed) throw new AitestError('INFRA', 'the Web Vitals probe is not in this page', { hint: 'Measure after a `goto` (the probe is added when a page loads).' });
  await page.evaluate(HIDE_PAGE);
  // web-vitals reports from its visibilitychange handlers, after the current task.
  await page.waitForTimeout(50);
  const m = (await page.evaluate(READ_MEASUREMENT)) as PageMeasurement;
  await page.evaluate(SHOW_PAGE);
  return m;
}

/** Records the metrics of `runs` and one check per budget on their medians; true when all budgets hold. */
export function reportVitals(runs: PageMeasurement[], budgets: BudgetsSpec | undefined, url: string, ctx: ExecContext): boolean {
  const mid = medians(runs);
  for (const [name, value] of Object.entries(mid) as [MetricName, number][]) ctx.metric(`web_vitals_${name}`, value, UNITS[name], { url });
  let ok = true;
  for (const c of budgetChecks(budgets, mid, runs.length)) ok = ctx.check(c) && ok;
  return ok;
}
