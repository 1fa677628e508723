// The one way a run's events go out, for every kind of run: a local one (runner/run.ts), one on an
// orchestrator (remote/run-start.ts), one followed from an orchestrator (remote/run-remote.ts) and shards
// merged (cli/commands/merge.ts). The store first, then the other subscribers (reporters, followers,
// metrics); the final results counted as they are emitted; the summary made from them.
import { createEventBus, type EventBus, type Subscriber } from '../events/bus.js';
import { failingCount, finalKey, isFailing, tally, type FinalStatus } from '../events/counts.js';
import type { RunEvent, RunSummary } from '../events/types.js';
import { createStoreReporter, type EventSink } from '../reporters/store.js';
import { stripUrlCredentials } from '../util/url-credentials.js';

export interface RunPipeline {
  /** Counts a final result (a test:end not to be retried), then delivers the event. */
  emit(event: RunEvent): void;
  /** Final status and attempt per test (finalKey), as emitted so far. */
  readonly finals: Map<string, FinalStatus>;
  /** How many of them fail the run (what --max-failures counts). */
  failures(): number;
  /** Set when the store failed: results from then on are not saved (the run is an infrastructure failure). */
  storeError(): unknown;
  /** Delivers what is queued; the subscribers stay open. */
  drain(): Promise<void>;
  /** Delivers what is queued and closes every subscriber (the store's sink is closed by whoever opened it). */
  close(): Promise<void>;
  readonly bus: EventBus;
}

export interface PipelineOptions {
  /** Where results are kept: the store's writer thread, or the Store itself. */
  store: EventSink;
  /** Everything else told every event, in order, after the store has committed it. */
  subscribers: Subscriber[];
  /** A subscriber failed and is switched off (index 0 is the store; the others follow in order from 1). */
  onError?(error: unknown, index: number): void;
  /** Final results the run had before (a run taken over on an orchestrator); the pipeline goes on counting in it. */
  finals?: Map<string, FinalStatus>;
}

export function createRunPipeline(o: PipelineOptions): RunPipeline {
  const finals = o.finals ?? new Map<string, FinalStatus>();
  let failing = 0;
  for (const f of finals.values()) if (isFailing(f.status)) failing++;
  let storeError: unknown;
  const bus = createEventBus([createStoreReporter(o.store), ...o.subscribers], (error, index) => {
    if (index === 0) storeError ??= error;
    o.onError?.(error, index);
  });
  return {
    finals,
    bus,
    emit(e) {
      if (e.type === 'test:end' && !e.result.willRetry) {
        const key = finalKey(e.test);
        const before = finals.get(key);
        if (before && isFailing(before.status)) failing--;
        finals.set(key, { status: e.result.status, attempt: e.result.attempt });
        if (isFailing(e.result.status)) failing++;
      }
      // Messages of the run itself (a store or judge failure) may quote a URL: never its password.
      bus.emit(e.type === 'run:log' ? { ...e, message: stripUrlCredentials(e.message) } : e);
    },
    failures: () => failing,
    storeError: () => storeError,
    drain: () => bus.drain(),
    close: () => bus.close(),
  };
}

/** A run's summary from its final results: interrupted, else failed when any fails, else passed. */
export function summarize(runId: string, startedAt: number, total: number, finals: Map<string, FinalStatus>, notRun: number, interrupted: boolean): RunSummary {
  const n = tally(finals.values());
  return {
    runId, status: interrupted ? 'interrupted' : failingCount(n) > 0 ? 'failed' : 'passed', startedAt, durationMs: Date.now() - startedAt,
    total, passed: n.passed, failed: n.failed, flaky: n.flaky, skipped: n.skipped, timedOut: n.timedOut, errors: n.errors, notRun,
  };
}
