// The `performance` executor: load the page `runs` times in fresh contexts, medians against budgets.
import type { PerformanceTestSpec } from '../../../plan/types.js';
import type { ExecContext, Executor } from '../../types.js';
import { openTestContext } from '../test-context.js';
import { describeUiStep, runUiStep } from '../ui-steps.js';
import { emulate } from './emulation.js';
import { vitalsInitScript, type PageMeasurement } from './page-probe.js';
import { readVitals, reportVitals } from './vitals-now.js';

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
    reportVitals(measured, spec.budgets, spec.url, ctx);
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
    return await readVitals(page);
  } finally {
    await dispose();
  }
}
