// The results store as the history browser reads it (`aitest show` and `run --ui` after the run).
import type { HistoryRun, HistorySource } from '../dashboard/history.js';
import type { FinishedTest } from '../dashboard/state.js';
import { compareTests, fromRecord, type ReportedTest } from '../reporters/reported-test.js';
import type { Store } from '../store/types.js';

export function finishedTestOf(t: ReportedTest, key: string): FinishedTest {
  const f: FinishedTest = {
    key, name: t.name, type: t.type, status: t.status, durationMs: t.durationMs,
    checks: t.checks, artifacts: t.artifacts.map((a) => a.path), metrics: t.metrics, where: `${t.file}:${t.line}`,
  };
  if (t.project) f.project = t.project;
  if (t.error) f.error = t.errorHint ? `${t.error}\n${t.errorHint}` : t.error;
  return f;
}

/** The last 500 runs, and a run's tests in plan order. */
export function historySource(store: Store): HistorySource {
  return {
    runs: () => store.listRuns({ limit: 500 }).map((r) => {
      const run: HistoryRun = {
        id: r.id, startedAt: r.startedAt, plans: r.plans.map((p) => p.name).join(', ') || '(no plan)', status: r.status,
        counts: { total: r.counts.total, passed: r.counts.passed, failed: r.counts.failed + r.counts.timedOut + r.counts.errors, flaky: r.counts.flaky, skipped: r.counts.skipped },
      };
      if (r.gitBranch) run.branch = r.gitBranch;
      if (r.durationMs !== undefined) run.durationMs = r.durationMs;
      return run;
    }),
    tests: (runId) => store.results(runId).map(fromRecord).sort(compareTests).map((t, i) => finishedTestOf(t, String(i))),
  };
}
