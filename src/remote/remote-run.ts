// One run on the orchestrator that owns it: what it holds while it goes on, and its status. Everything a
// run needs after its end (results, event log) is in the store; a finished run leaves memory.
import { tally, type FinalStatus } from '../events/counts.js';
import type { RunStatus } from '../events/types.js';
import type { StoredJob } from '../store/remote-runs.js';
import type { RunPipeline } from '../runner/pipeline.js';
import type { RunRecord } from '../store/types.js';
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
  /** Jobs not yet come back, by job id: the tests each holds. */
  pending: Map<string, StoredJob>;
  /** Jobs taken off the queue by pause, put back by resume. */
  held: JobData[];
  /** The run's final results so far (the pipeline's). */
  finals: Map<string, FinalStatus>;
  /** Distributed load tests: the parts come back one by one, and make one result when all are in. */
  parts: Map<string, DistributedTest>;
  /** Its events go out here: the store (with the event log), the followers, the metrics. */
  pipeline: RunPipeline;
  store: StoreWriterThread;
  ended: Promise<void>;
  end(): void;
}

/** The per-status counts a status report gives. */
const countsOf = ({ passed, failed, flaky, skipped, timedOut, errors }: RunStatusReport['counts']): RunStatusReport['counts'] => ({ passed, failed, flaky, skipped, timedOut, errors });

/** What /tests/status answers for a run this orchestrator owns: where it is and its counts so far. */
export function statusOf(run: RemoteRun): RunStatusReport {
  const counts = countsOf(tally(run.finals.values()));
  return { runId: run.id, status: run.status, total: run.total, done: run.finals.size, queued: run.pending.size + run.held.length, counts };
}

/**
 * The same for a run another orchestrator owns, or one that has ended, from the store: its row, and for a
 * run still going the final results so far.
 */
export function statusOfStored(run: RunRecord, finals: Iterable<FinalStatus> | undefined, paused: boolean): RunStatusReport {
  if (run.status !== 'running' || !finals) {
    const { total, notRun } = run.counts;
    return { runId: run.id, status: run.status, total, done: total - (notRun ?? 0), queued: 0, counts: countsOf(run.counts) };
  }
  const n = tally(finals);
  return { runId: run.id, status: paused ? 'paused' : 'running', total: run.counts.total, done: n.total, queued: Math.max(0, run.counts.total - n.total), counts: countsOf(n) };
}
