// One run on the orchestrator: what it holds while it goes on, its status, and its event log read from
// an offset (what /events streams).
import type { EventBus } from '../events/bus.js';
import { tally } from '../events/counts.js';
import type { RunEvent, RunStatus, TestRef } from '../events/types.js';
import type { FinalStatus } from '../runner/scheduler.js';
import type { StoreWriterThread } from '../store/writer-thread.js';
import type { DistributedTest } from './load-parts.js';
import type { JobData } from './protocol.js';

type RemoteRunStatus = RunStatus | 'running' | 'paused';

export interface RunStatusReport {
  runId: string;
  status: RemoteRunStatus;
  total: number;
  done: number;
  queued: number;
  counts: Record<'passed' | 'failed' | 'flaky' | 'skipped' | 'timedOut' | 'errors', number>;
}

export interface RemoteRun {
  id: string;
  startedAt: number;
  total: number;
  status: RemoteRunStatus;
  interrupted: boolean;
  maxFailures?: number;
  failures: number;
  /** Jobs not yet come back, by job id. */
  pending: Map<string, JobData>;
  /** Jobs taken off the queue by pause, put back by resume. */
  held: JobData[];
  finals: Map<string, FinalStatus>;
  /** Distributed load tests: the parts come back one by one, and make one result when all are in. */
  parts: Map<string, DistributedTest>;
  /** Every event of the run, for /events (resumable by offset). */
  log: RunEvent[];
  listeners: Set<() => void>;
  bus: EventBus;
  store: StoreWriterThread;
  ended: Promise<void>;
  end(): void;
}

/** A test's key among a run's final results (a browser test has one per project). */
export const finalKey = (t: TestRef): string => (t.project === undefined ? t.id : `${t.id}\u0000${t.project}`);

/** What /tests/status answers: where the run is and its counts so far. */
export function statusOf(run: RemoteRun): RunStatusReport {
  const { passed, failed, flaky, skipped, timedOut, errors } = tally(run.finals.values());
  const counts = { passed, failed, flaky, skipped, timedOut, errors };
  return { runId: run.id, status: run.status, total: run.total, done: run.finals.size, queued: run.pending.size + run.held.length, counts };
}

/**
 * The run's events from `offset`, then each new one until run:end (or until `signal` aborts). An offset
 * at or past the end of a finished run's log yields nothing: nothing more will come.
 */
export function followLog(run: RemoteRun, offset: number, signal: AbortSignal): AsyncGenerator<RunEvent> {
  return (async function* () {
    let at = Math.max(0, offset);
    while (!signal.aborted) {
      while (at < run.log.length) {
        const e = run.log[at++];
        yield e;
        if (e.type === 'run:end') return;
      }
      if (run.log[run.log.length - 1]?.type === 'run:end') return;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          run.listeners.delete(wake);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        run.listeners.add(wake);
        signal.addEventListener('abort', wake);
      });
    }
  })();
}
