// The tests a run runs: its plans compiled, the run's overrides applied (--retries, --timeout), then its
// filters. The same for a local run, an orchestrator's run and the check `run --remote` makes first.
import { compilePlan } from './compile.js';
import { filterTests, type TestFilters } from './filters.js';
import type { LoadedPlan, TestCase } from './types.js';

export interface Selection extends TestFilters {
  /** Every test's retries, instead of the plan's. */
  retries?: number;
  /** Every test's timeout, instead of the plan's. */
  timeoutMs?: number;
}

export function selectTests(plans: LoadedPlan[], s: Selection): TestCase[] {
  let cases = plans.flatMap((p) => compilePlan(p));
  if (s.retries !== undefined || s.timeoutMs !== undefined) {
    cases = cases.map((tc) => ({ ...tc, retries: s.retries ?? tc.retries, timeoutMs: s.timeoutMs ?? tc.timeoutMs }));
  }
  return filterTests(cases, s);
}
