// What happens to a run on the orchestrator as its jobs go out and come back: results recorded, jobs
// settled, waiting jobs dropped (stop, --max-failures) or held (pause), and the run finished when none is left.
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunEvent } from '../events/types.js';
import type { Logger } from '../executors/types.js';
import { summarize } from '../runner/pipeline.js';
import { hasRetention, pruneStore, type Retention } from '../store/retention.js';
import type { StoredJob } from '../store/remote-runs.js';
import type { Leases } from './leases.js';
import { bounded } from './bounded.js';
import { addPart } from './load-parts.js';
import type { JobData, JobResult, PartResult } from './protocol.js';
import { bundleKey, CONTROL_CHANNEL, jobId } from './queue.js';
import type { RemoteRun } from './remote-run.js';

/** Job states in which a job has not been taken by a worker yet. */
const WAITING = new Set(['waiting', 'delayed', 'prioritized', 'paused']);

export interface RunLifecycleDeps {
  queue: Queue<JobData, JobResult>;
  redis: Redis;
  log: Logger;
  dbPath: string;
  /** How much history the store keeps, pruned after each run. */
  retention?: Retention;
  leases: Leases;
  /** The run has ended here: it leaves memory. */
  forget(run: RemoteRun): void;
}

export interface RunLifecycle {
  /** Records a final result (for counts and --max-failures) and passes the event on to the run's bus. */
  emit(run: RemoteRun, e: RunEvent): void;
  /** A job is back (done or failed); the run ends when it was the last. */
  settle(run: RemoteRun, jobId: string): void;
  /** A share of a distributed load test is back; with the last one, the test's one result. */
  partBack(run: RemoteRun, p: PartResult): void;
  /** Queues jobs, noted as pending first: a fast worker can finish a job before addBulk returns. */
  enqueue(run: RemoteRun, jobs: JobData[]): Promise<void>;
  /** The run's jobs not started yet, off the queue: dropped (stop) or held (pause, with their data). */
  takeWaiting(run: RemoteRun, what: 'drop' | 'hold'): Promise<void>;
  /** Ends a running or paused run: run:end, store closed, its bundle and the workers' copies forgotten. */
  finish(run: RemoteRun): Promise<void>;
  /** Its jobs are gone from the queue: their tests end as errors, and the run ends. */
  lose(run: RemoteRun): void;
  /** Interrupts it: waiting jobs dropped, held ones forgotten, the workers told to abort its jobs in flight (Redis given a few seconds). */
  halt(run: RemoteRun): Promise<void>;
}

// Test ids are unique within a run (a browser test's projects each have their own), and a test is in one job.
export const idOf = (data: JobData): string => jobId(data.runId, data.tests[0].test.id);

/** What the store and the pending map keep of a job: its tests' refs (and which share of a load test). */
export function storedJob(data: JobData): StoredJob {
  return { id: idOf(data), tests: data.tests.map(({ ref, part }) => (part ? { ref, part } : { ref })) };
}

export function createRunLifecycle(d: RunLifecycleDeps, lostJob: (run: RemoteRun, id: string) => void): RunLifecycle {
  const finish = async (run: RemoteRun): Promise<void> => {
    if (run.status !== 'running' && run.status !== 'paused') return;
    const notRun = Math.max(0, run.total - run.finals.size);
    const summary = summarize(run.id, run.startedAt, run.total, run.finals, notRun, run.interrupted);
    run.status = summary.status;
    run.pipeline.emit({ type: 'run:end', summary });
    try {
      await run.pipeline.close();
    } finally {
      await run.store.close().catch((e: unknown) => d.log.error('closing a run\'s store failed', { error: String(e) }));
      d.forget(run);
      await bounded(d.redis.del(bundleKey(run.id)), 0);
      await bounded(d.redis.publish(CONTROL_CHANNEL, JSON.stringify({ forget: run.id })), 0);
      await bounded(d.leases.release(run.id), undefined);
      if (d.retention && hasRetention(d.retention)) {
        await pruneStore(d.dbPath, d.retention).catch((e: unknown) => d.log.warn('removing old runs from the store failed', { error: String(e) }));
      }
      run.end();
    }
  };

  const takeWaiting = async (run: RemoteRun, what: 'drop' | 'hold'): Promise<void> => {
    for (const id of [...run.pending.keys()]) {
      const job = await d.queue.getJob(id);
      if (!job || !WAITING.has(await job.getState())) continue;
      try {
        await job.remove();
      } catch {
        continue; // a worker took it meanwhile: it finishes, or is aborted by the stop message
      }
      run.pending.delete(id);
      if (what === 'hold') run.held.push(job.data);
    }
  };

  const emit = (run: RemoteRun, e: RunEvent): void => run.pipeline.emit(e);

  return {
    emit,
    finish,
    takeWaiting,

    async halt(run) {
      run.interrupted = true;
      run.held = [];
      await bounded(takeWaiting(run, 'drop'), undefined);
      await bounded(d.redis.publish(CONTROL_CHANNEL, JSON.stringify({ stop: run.id })), 0);
    },

    lose(run) {
      // Held jobs (a paused run) are lost too: the bundle they need is gone with the rest.
      for (const data of run.held) run.pending.set(idOf(data), storedJob(data));
      run.held = [];
      if (run.pending.size === 0) void finish(run);
      for (const id of [...run.pending.keys()]) lostJob(run, id);
    },

    settle(run, id) {
      run.pending.delete(id);
      const finishIfDone = (): void => {
        if (run.pending.size === 0 && run.held.length === 0) void finish(run);
      };
      // --max-failures: the tests not started yet are not run (the run fails, it is not interrupted).
      if (run.maxFailures && run.pipeline.failures() >= run.maxFailures && run.status === 'running') void takeWaiting(run, 'drop').then(finishIfDone);
      else finishIfDone();
    },

    partBack(run, p) {
      const test = run.parts.get(p.testId);
      const end = test && addPart(test, p);
      if (end) emit(run, end);
    },

    async enqueue(run, jobs) {
      for (const data of jobs) run.pending.set(idOf(data), storedJob(data));
      await d.queue.addBulk(jobs.map((data) => ({
        name: data.tests[0].ref.name, data,
        opts: { jobId: idOf(data), removeOnComplete: { age: 3600 }, removeOnFail: { age: 3600 } },
      })));
    },
  };
}
