// The `performance` executor: load the page `runs` times in fresh contexts, medians against budgets.
import type { PerformanceTestSpec } from '../../../plan/types.js';
import type { ExecContext, Executor } from '../../types.js';
import { openTestContext } from '../test-context.js';
import { describeUiStep, runUiStep } from '../ui-steps.js';
import { budgetChecks, formatMetric, medians, UNITS, type MetricName } from './budgets.js';
import { emulate } from './emulation.js';
import { HIDE_PAGE, READ_MEASUREMENT, vitalsInitScript, type PageMeasurement } from './page-probe.js';

// After `load`, how long the page may keep painting before LCP and CLS are read.
const SETTLE_MS = 500;

export const performanceExecutor = {
  type: 'performance',
  resource: 'browser',
  async run(spec, ctx) {
    const runs = spec.runs ?? 1;
    const measured: PageMeasurement[] = [];
    for (let i = 0; i < runs; i++) {
      const title = runs > 1 ? `load ${spec.url} (run ${i + 1} of ${runs})` : `load ${spec.url}`;
      const ok = await ctx.step(title, async () => {
        const m = await measureOnce(spec, ctx);
        if (m) measured.push(m);
        return m !== undefined;
      });
      if (!ok) return;
    }
    const mid = medians(measured);
    for (const [name, value] of Object.entries(mid) as [MetricName, number][]) {
      ctx.metric(`web_vitals_${name}`, value, UNITS[name], { url: spec.url });
    }
    ctx.log.info('web vitals', Object.fromEntries(Object.entries(mid).map(([k, v]) => [k, formatMetric(k as MetricName, v)])));
    for (const c of budgetChecks(spec.budgets, mid, measured.length)) ctx.check(c);
  },
} satisfies Executor<PerformanceTestSpec>;

/** One cold load (fresh context: no cache, no cookies); undefined when a step failed. */
async function measureOnce(spec: PerformanceTestSpec, ctx: ExecContext): Promise<PageMeasurement | undefined> {
  const { context, dispose } = await openTestContext(ctx, { viewport: spec.viewport });
  try {
    await context.addInitScript({ content: vitalsInitScript() });
    const page = await context.newPage();
    await emulate(context, page, spec);
    const env = { page, baseUrl: ctx.test.baseUrl };
    if (!(await runUiStep({ goto: spec.url }, `goto ${spec.url}`, ctx, env))) return undefined;
    await page.waitForLoadState('load');
    for (const raw of spec.steps ?? []) {
      const step = ctx.resolve(raw);
      if (!(await runUiStep(step, describeUiStep(step), ctx, env))) return undefined;
    }
    await page.waitForTimeout(SETTLE_MS);
    await page.evaluate(HIDE_PAGE);
    // web-vitals reports from its visibilitychange handlers, after the current task.
    await page.waitForTimeout(50);
    return (await page.evaluate(READ_MEASUREMENT)) as PageMeasurement;
  } finally {
    await dispose();
  }
}
