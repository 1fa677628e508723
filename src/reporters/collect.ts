// Folds the event stream into what end-of-run reports need: the run, its summary, final results only.
import type { RunEvent, RunInfo, RunSummary } from '../events/types.js';
import { compareTests, fromEvent, type ReportedTest } from './reported-test.js';
import { countsOf, tally, type Counts } from './summary.js';

export interface RunCollector {
  onEvent(event: RunEvent): void;
  readonly run: RunInfo | undefined;
  /** Set once run:end arrived; missing when the run ended abnormally. */
  readonly summary: RunSummary | undefined;
  /** Final results in stable order (plan file, line), whatever order the workers finished in. */
  tests(): ReportedTest[];
  /** Counts from run:end when there is one, otherwise from the final results seen. */
  counts(): Counts;
  /** Run status from run:end, else `interrupted` (a run that never ended did not finish). */
  status(): string;
  durationMs(): number | undefined;
}

export function createCollector(now: () => number = Date.now): RunCollector {
  let run: RunInfo | undefined;
  let summary: RunSummary | undefined;
  // Keyed by test id plus project so a matrix of one test keeps one row per project.
  const finals = new Map<string, ReportedTest>();
  return {
    onEvent(e) {
      if (e.type === 'run:start') run = e.run;
      else if (e.type === 'run:end') summary = e.summary;
      // An attempt that will be retried is not a result yet.
      else if (e.type === 'test:end' && !e.result.willRetry) finals.set(`${e.test.id}\u0000${e.test.project ?? ''}`, fromEvent(e.test, e.result));
    },
    get run() { return run; },
    get summary() { return summary; },
    tests: () => [...finals.values()].sort(compareTests),
    counts() {
      if (summary) return countsOf(summary);
      const n = tally(finals.values());
      if (run && run.total > n.total) {
        n.notRun = run.total - n.total;
        n.total = run.total;
      }
      return n;
    },
    status: () => summary?.status ?? 'interrupted',
    durationMs: () => summary?.durationMs ?? (run ? now() - run.startedAt : undefined),
  };
}
