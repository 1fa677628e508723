// Counting final results by status: one definition for the run summary, reporters and stored runs.
import type { RunSummary, TestResult, TestStatus } from './types.js';

/** A test's final status and the attempt that gave it (not the whole result: a long run would hold every one). */
export type FinalStatus = Pick<TestResult, 'status' | 'attempt'>;

/** A test's key among a run's final results: a browser test has one per project. */
export const finalKey = (t: { id: string; project?: string }): string => (t.project === undefined ? t.id : `${t.id}\u0000${t.project}`);

/** The per-status counts of a run summary. */
export type Counts = Pick<RunSummary, 'total' | 'passed' | 'failed' | 'flaky' | 'skipped' | 'timedOut' | 'errors' | 'notRun'>;

function emptyCounts(): Counts {
  return { total: 0, passed: 0, failed: 0, flaky: 0, skipped: 0, timedOut: 0, errors: 0, notRun: 0 };
}

/** Every final status, in the order reports list them. */
export const TEST_STATUSES = ['passed', 'failed', 'flaky', 'skipped', 'timedOut', 'error'] as const satisfies readonly TestStatus[];

/** The final statuses that fail a run: what `--max-failures` counts, recaps list and CI annotates. */
export const FAILING_STATUSES = ['failed', 'timedOut', 'error'] as const satisfies readonly TestStatus[];
const FAILING: ReadonlySet<string> = new Set(FAILING_STATUSES);

/** Failed, timed out or could not run (a status this version does not know is not failing). */
export function isFailing(status: string): boolean {
  return FAILING.has(status);
}

/** How many of the counted results fail the run. */
export function failingCount(n: Pick<Counts, 'failed' | 'timedOut' | 'errors'>): number {
  return n.failed + n.timedOut + n.errors;
}

/** Counts final results. A status this version does not know counts towards total only. */
export function tally(tests: Iterable<{ status: string }>): Counts {
  const n = emptyCounts();
  for (const t of tests) {
    n.total++;
    switch (t.status) {
      case 'passed': n.passed++; break;
      case 'failed': n.failed++; break;
      case 'flaky': n.flaky++; break;
      case 'skipped': n.skipped++; break;
      case 'timedOut': n.timedOut++; break;
      case 'error': n.errors++; break;
    }
  }
  return n;
}

/** A check that ran and did not hold: what fails a test. A skipped check (ok false, with a reason) does not. */
export function isFailedCheck(c: { ok: boolean; skipped?: string }): boolean {
  return !c.ok && c.skipped === undefined;
}
