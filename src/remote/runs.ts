// The orchestrator's runs: a plan bundle becomes one BullMQ job per test (run-start.ts); the workers'
// results come back through the queue's events and go, as RunEvents, into the orchestrator's store and the
// run's event log (streamed to the CLI) (run-lifecycle.ts). Stop, pause and resume act on the run's jobs
// still waiting.
import type { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { AitestError } from '../errors.js';
import type { RunEvent } from '../events/types.js';
import type { Logger } from '../executors/types.js';
import type { Reporter } from '../reporters/types.js';
import type { Retention } from '../store/retention.js';
import { loadBundle } from './bundle.js';
import { followJobEvents } from './job-events.js';
import { followLog, statusOf, type RemoteRun, type RunStatusReport } from './remote-run.js';
import type { JobData, JobResult, PlanBundle, RunFilters } from './protocol.js';
import { CONTROL_CHANNEL } from './queue.js';
import { createRunLifecycle } from './run-lifecycle.js';
import { startRun } from './run-start.js';

export interface RunManagerDeps {
  queue: Queue<JobData, JobResult>;
  events: QueueEvents;
  redis: Redis;
  dbPath: string;
  /** Where bundles are written to load their plans. */
  workDir: string;
  log: Logger;
  /** Also told every event (the Prometheus metrics). */
  observers: Reporter[];
  /** Where the results' artifacts are kept, a folder per run (served by /runs/{id}/artifacts/…). */
  artifactsDir: string;
  /** Worker slots there are now (a run's `workers`). */
  slots(): Promise<number>;
  /** How much history the store keeps, pruned after each run. */
  retention?: Retention;
}

export interface RunManager {
  /** Validates (AitestError PLAN_INVALID with located issues), queues, and returns at once. */
  execute(bundle: PlanBundle, filters: RunFilters): Promise<{ runId: string; total: number }>;
  /** Loads and validates a bundle's plan; returns its name. */
  validate(bundle: PlanBundle): Promise<string>;
  status(runId: string): RunStatusReport;
  stop(runId: string): Promise<RunStatusReport>;
  pause(runId: string): Promise<RunStatusReport>;
  resume(runId: string): Promise<RunStatusReport>;
  /** The run's events from `offset`, then each new one until run:end; undefined for an unknown run. */
  follow(runId: string, offset: number, signal: AbortSignal): AsyncGenerator<RunEvent> | undefined;
  /** Ends the runs still going as interrupted (the orchestrator is shutting down). */
  close(): Promise<void>;
}

export function createRunManager(d: RunManagerDeps): RunManager {
  const runs = new Map<string, RemoteRun>();
  const get = (runId: string): RemoteRun => {
    const run = runs.get(runId);
    if (!run) throw new AitestError('NOT_FOUND', `No run ${runId} on this orchestrator.`);
    return run;
  };
  const life = createRunLifecycle(d);
  const runOfJob = (id: string): RemoteRun | undefined => runs.get(id.slice(0, id.indexOf('.')));
  followJobEvents(d.events, { runOfJob, emit: life.emit, partBack: life.partBack, settle: life.settle, artifactsDir: d.artifactsDir, log: d.log });

  return {
    // Checked (paths, kind of plan) before anything of it is written or read: see bundle.ts.
    validate: async (bundle) => (await loadBundle(bundle, d.workDir)).spec.name,

    async execute(bundle, filters) {
      const run = await startRun(d, life, bundle, filters, (r) => runs.set(r.id, r));
      return { runId: run.id, total: run.total };
    },

    status: (runId) => statusOf(get(runId)),

    async stop(runId) {
      const run = get(runId);
      if (run.status !== 'running' && run.status !== 'paused') return statusOf(run);
      run.interrupted = true;
      run.held = [];
      await life.takeWaiting(run, 'drop');
      await d.redis.publish(CONTROL_CHANNEL, JSON.stringify({ stop: runId }));
      if (run.pending.size === 0) await life.finish(run);
      return statusOf(run);
    },

    async pause(runId) {
      const run = get(runId);
      if (run.status !== 'running') return statusOf(run);
      run.status = 'paused';
      await life.takeWaiting(run, 'hold');
      return statusOf(run);
    },

    async resume(runId) {
      const run = get(runId);
      if (run.status !== 'paused') return statusOf(run);
      run.status = 'running';
      const held = run.held;
      run.held = [];
      await life.enqueue(run, held);
      if (run.pending.size === 0) await life.finish(run);
      return statusOf(run);
    },

    follow(runId, offset, signal) {
      const run = runs.get(runId);
      return run && followLog(run, offset, signal);
    },

    async close() {
      for (const run of runs.values()) {
        if (run.status === 'running' || run.status === 'paused') {
          run.interrupted = true;
          run.pending.clear();
          run.held = [];
          await life.finish(run);
        }
      }
    },
  };
}
