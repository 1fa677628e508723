// A run whose orchestrator went away (killed, restarted, a replica stopped), taken over by this one: its
// state rebuilt from the store (what it queued, the results it has) and the queue (what became of each job
// meanwhile), so results the workers finished while nobody listened are recorded, once each.
import { finalKey } from '../events/counts.js';
import type { LoadTestSpec } from '../plan/types.js';
import { startStoreWriter } from '../store/writer-thread.js';
import type { Queue } from 'bullmq';
import type { JobHandlers } from './job-events.js';
import type { JobData, JobResult } from './protocol.js';
import type { RemoteRun } from './remote-run.js';
import type { RunLifecycle } from './run-lifecycle.js';
import { openRun, type RunStartDeps } from './run-start.js';

export interface ResumeDeps extends RunStartDeps {
  queue: Queue<JobData, JobResult>;
}

/** Takes `runId` over; undefined when the store does not know it as a remote run still going. */
export async function resumeRun(d: ResumeDeps, life: RunLifecycle, handlers: JobHandlers, runId: string, register: (run: RemoteRun) => void): Promise<RemoteRun | undefined> {
  const saved = d.remoteRuns.load(runId);
  if (!saved || saved.run.status !== 'running') return undefined;
  const store = startStoreWriter(d.dbPath, { eventLog: true, resumeRun: runId });
  try {
    await store.ready;
  } catch (e) {
    await store.close().catch(() => {});
    throw e;
  }
  const run = openRun(d, {
    id: runId, startedAt: saved.run.startedAt, total: saved.run.counts.total, store, finals: saved.finals,
    ...(saved.maxFailures ? { maxFailures: saved.maxFailures } : {}),
  });
  for (const t of saved.distributed) {
    if (!saved.finals.has(finalKey(t.ref))) run.parts.set(t.ref.id, { ref: t.ref, spec: t.spec as LoadTestSpec, of: t.of, got: [] });
  }
  // A job is still owed when one of its tests has no final result (a share: while its test has none).
  for (const job of saved.jobs) {
    if (job.tests.some((t) => !saved.finals.has(finalKey(t.ref)))) run.pending.set(job.id, job);
  }
  register(run);
  run.pipeline.emit({ type: 'run:log', level: 'warn', message: `the orchestrator running this run went away; ${d.leases.replica} took it over with ${run.pending.size} job${run.pending.size === 1 ? '' : 's'} still owed`, at: Date.now() });

  // Paused: the jobs it held off the queue were in the old orchestrator's memory only.
  if (saved.paused) {
    run.interrupted = true;
    await life.takeWaiting(run, 'drop');
    run.held = [];
    if (run.pending.size === 0) await life.finish(run);
    return run;
  }
  // What became of each job meanwhile. A result the queue reports from now on is taken once: whichever of
  // this loop and the queue's events sees it first settles the job.
  for (const id of [...run.pending.keys()]) {
    const job = await d.queue.getJob(id);
    if (!run.pending.has(id)) continue;
    if (!job) {
      handlers.lost(run, id);
      continue;
    }
    const state = await job.getState();
    if (state === 'completed') handlers.completed(id, job.returnvalue);
    else if (state === 'failed') handlers.failed(id, job.failedReason);
  }
  if (run.pending.size === 0 && run.held.length === 0) await life.finish(run);
  return run;
}
