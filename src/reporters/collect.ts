// Folds the event stream into what end-of-run reports need: the run, its summary, final results only.
import type { RunEvent, RunInfo, RunSummary, TestStatus } from '../events/types.js';
import { compareTests, fromEvent, type ReportedTest } from './reported-test.js';
import { countsOf, tally, type Counts } from './summary.js';

export interface RunCollector {
  onEvent(event: RunEvent): void;
  readonly run: RunInfo | undefined;
  /** Set once run:end arrived; missing when the run ended abnormally. */
  readonly summary: RunSummary | undefined;
  /** Final results kept (see `keep`) in stable order (plan file, line), whatever order the workers finished in. */
  tests(): ReportedTest[];
  /** Counts from run:end when there is one, otherwise from the final results seen. */
  counts(): Counts;
  /** Run status from run:end, else `interrupted` (a run that never ended did not finish). */
  status(): string;
  durationMs(): number | undefined;
}

export interface CollectorOptions {
  /**
   * Which final results `tests()` returns. The terminal recap only lists failures, and holding every
   * passed result of a long run costs memory and garbage-collection time for nothing. Default: all.
   */
  keep?: (status: TestStatus) => boolean;
  now?: () => number;
}

export function createCollector(o: CollectorOptions = {}): RunCollector {
  const now = o.now ?? Date.now;
  let run: RunInfo | undefined;
  let summary: RunSummary | undefined;
  // Keyed by test id plus project so a matrix of one test keeps one row per project.
  const statuses = new Map<string, TestStatus>();
  const kept = new Map<string, ReportedTest>();
  return {
    onEvent(e) {
      if (e.type === 'run:start') run = e.run;
      else if (e.type === 'run:end') summary = e.summary;
      // An attempt that will be retried is not a result yet.
      else if (e.type === 'test:end' && !e.result.willRetry) {
        const key = e.test.project === undefined ? e.test.id : `${e.test.id}\u0000${e.test.project}`;
        statuses.set(key, e.result.status);
        if (!o.keep || o.keep(e.result.status)) kept.set(key, fromEvent(e.test, e.result));
      }
    },
    get run() { return run; },
    get summary() { return summary; },
    tests: () => [...kept.values()].sort(compareTests),
    counts() {
      if (summary) return countsOf(summary);
      const n = tally(Array.from(statuses.values(), (status) => ({ status })));
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
