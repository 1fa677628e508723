// Counting final results by status: one definition for the run summary, reporters and stored runs.
import type { RunSummary } from './types.js';

/** The per-status counts of a run summary. */
export type Counts = Pick<RunSummary, 'total' | 'passed' | 'failed' | 'flaky' | 'skipped' | 'timedOut' | 'errors' | 'notRun'>;

function emptyCounts(): Counts {
  return { total: 0, passed: 0, failed: 0, flaky: 0, skipped: 0, timedOut: 0, errors: 0, notRun: 0 };
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
