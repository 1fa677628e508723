// The orchestrator's runs: a plan bundle becomes BullMQ jobs (run-start.ts); the workers' results come back
// through the queue's events and go, as RunEvents, into the store with the run's event log
// (run-lifecycle.ts). Only runs still going are in memory, each owned by one orchestrator of the cluster
// (leases.ts); status, events and results of any run are read from the store. A watch keeps the leases,
// notices jobs the queue lost, and takes over runs whose orchestrator went away (run-resume.ts).
import type { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { AitestError } from '../errors.js';
import type { Logger } from '../executors/types.js';
import type { Reporter } from '../reporters/types.js';
import type { RemoteRunStore } from '../store/remote-runs.js';
import type { Retention } from '../store/retention.js';
import { loadBundle } from './bundle.js';
import { createJobHandlers, followJobEvents } from './job-events.js';
import type { Leases } from './leases.js';
import type { JobData, JobResult, PlanBundle, RunFilters } from './protocol.js';
import { BUNDLE_TTL_S, bundleKey, ORCHESTRATOR_CHANNEL } from './queue.js';
import { statusOf, statusOfStored, type RemoteRun, type RunStatusReport } from './remote-run.js';
import { bounded } from './bounded.js';
import { createRunLifecycle } from './run-lifecycle.js';
import { followStoredLog, type LogItem, type RunNews } from './run-log.js';
import { summarize } from '../runner/pipeline.js';
import { resumeRun } from './run-resume.js';
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
  leases: Leases;
  remoteRuns: RemoteRunStore;
  news: RunNews;
  /** How often leases are renewed, lost jobs looked for and orphaned runs taken over. */
  watchMs: number;
  /** How long a stopped run waits for the tests in flight before it ends without them. */
  stopDeadlineMs: number;
}

export type RunAction = 'stop' | 'pause' | 'resume';

export interface RunManager {
  /** Validates (AitestError PLAN_INVALID with located issues), queues, and returns at once. */
  execute(bundle: PlanBundle, filters: RunFilters): Promise<{ runId: string; total: number }>;
  /** Loads and validates a bundle's plan; returns its name. */
  validate(bundle: PlanBundle): Promise<string>;
  status(runId: string): RunStatusReport;
  /** On the run's owner; asked of another orchestrator, it is passed on to the owner. */
  act(runId: string, action: RunAction): Promise<RunStatusReport>;
  /** The run's events from `offset` as stored, until run:end (undefined items: keep-alives); undefined for an unknown run. */
  follow(runId: string, offset: number, signal: AbortSignal, idleMs: number): AsyncGenerator<LogItem> | undefined;
  /** A control message from another orchestrator (a stop asked there of a run owned here). */
  control(message: { act?: RunAction; runId?: string }): void;
  /** Looks for runs to take over now (also done by the watch). */
  adopt(): Promise<void>;
  /** Leaves: the runs owned here are handed back (their leases released) for another orchestrator or a restart. */
  close(): Promise<void>;
}

export function createRunManager(d: RunManagerDeps): RunManager {
  const runs = new Map<string, RemoteRun>();
  const life = createRunLifecycle({ ...d, forget: (run) => runs.delete(run.id) }, (run, id) => handlers.lost(run, id));
  // Results that cannot be saved are not worth running: the run stops (interrupted), and its followers, on
  // any orchestrator, are told why and how it ended, since its end cannot be stored either.
  const onStoreFailure = (run: RemoteRun, error: unknown): void => {
    if (run.status !== 'running' && run.status !== 'paused') return;
    const detail = error instanceof Error ? error.message : String(error);
    const message = `results database not writable on the orchestrator: ${detail.replace(/^results database not writable:\s*/, '')}`;
    void (async () => {
      await life.halt(run);
      const summary = summarize(run.id, run.startedAt, run.total, run.finals, Math.max(0, run.total - run.finals.size), true);
      await d.news.fail(run.id, { message, summary });
      await life.finish(run);
    })().catch((e: unknown) => d.log.error('stopping a run whose store failed failed', { error: String(e) }));
  };
  const startDeps = { ...d, onStoreFailure };
  const runOfJob = (id: string): RemoteRun | undefined => runs.get(id.slice(0, id.indexOf('.')));
  const sink = { runOfJob, emit: life.emit, partBack: life.partBack, settle: life.settle, artifactsDir: d.artifactsDir, log: d.log };
  const handlers = createJobHandlers(sink);
  followJobEvents(d.events, sink, handlers);
  const register = (r: RemoteRun): void => void runs.set(r.id, r);

  const stored = (runId: string): RunStatusReport => {
    const saved = d.remoteRuns.load(runId);
    const run = saved?.run ?? d.remoteRuns.run(runId);
    if (!run) throw new AitestError('NOT_FOUND', `No run ${runId} on this orchestrator.`);
    return statusOfStored(run, saved?.finals.values(), saved?.paused ?? false);
  };

  const actions: Record<RunAction, (run: RemoteRun) => Promise<void>> = {
    async stop(run) {
      if (run.status !== 'running' && run.status !== 'paused') return;
      await life.halt(run);
      if (run.pending.size === 0) return life.finish(run);
      // The tests in flight are aborted by their workers and come back; if they do not in time (a worker
      // gone, Redis away), the run ends without them: stop always ends a run.
      const deadline = setTimeout(() => void life.finish(run), d.stopDeadlineMs);
      void run.ended.then(() => clearTimeout(deadline));
    },
    async pause(run) {
      if (run.status !== 'running') return;
      run.status = 'paused';
      d.remoteRuns.setPaused(run.id, true);
      await life.takeWaiting(run, 'hold');
    },
    async resume(run) {
      if (run.status !== 'paused') return;
      run.status = 'running';
      d.remoteRuns.setPaused(run.id, false);
      const held = run.held;
      run.held = [];
      await life.enqueue(run, held);
      if (run.pending.size === 0) await life.finish(run);
    },
  };

  const adopt = async (runId: string): Promise<RemoteRun | undefined> => {
    if (runs.has(runId) || !(await d.leases.claim(runId))) return runs.get(runId);
    try {
      const run = await resumeRun(startDeps, life, handlers, runId, register);
      if (!run) await d.leases.release(runId);
      return run;
    } catch (e) {
      d.log.error('taking over a run failed', { runId, error: String(e) });
      await bounded(d.leases.release(runId), undefined);
      return undefined;
    }
  };

  let watching: Promise<void> | undefined;
  const watch = async (): Promise<void> => {
    // Leases: a run another orchestrator holds now (ours lapsed while this process was stalled) is theirs.
    for (const runId of await d.leases.renew([...runs.keys()])) {
      const run = runs.get(runId);
      if (!run) continue;
      d.log.warn('another orchestrator took over a run', { runId });
      runs.delete(runId);
      await run.pipeline.close().catch(() => {});
      await run.store.close().catch(() => {});
    }
    // Jobs the queue lost: the run's bundle key goes with them (Redis restarted empty, or flushed).
    for (const run of [...runs.values()]) {
      if (run.status !== 'running' && run.status !== 'paused') continue;
      if ((await d.redis.expire(bundleKey(run.id), BUNDLE_TTL_S)) === 0) {
        d.log.warn('the queue lost a run\'s jobs', { runId: run.id });
        run.pipeline.emit({ type: 'run:log', level: 'error', message: `the queue lost this run's jobs (Redis restarted without persistence, or flushed): ${run.pending.size + run.held.length} job${run.pending.size + run.held.length === 1 ? '' : 's'} end as errors`, at: Date.now() });
        life.lose(run);
      }
    }
    for (const runId of d.remoteRuns.unfinished()) if (!runs.has(runId)) await adopt(runId);
  };
  const tick = (): void => {
    watching ??= watch().catch((e: unknown) => d.log.warn('watching the runs failed', { error: String(e) })).finally(() => (watching = undefined));
  };
  const timer = setInterval(tick, d.watchMs);
  timer.unref();

  return {
    // Checked (paths, kind of plan) before anything of it is written or read: see bundle.ts.
    validate: async (bundle) => (await loadBundle(bundle, d.workDir)).spec.name,

    async execute(bundle, filters) {
      const run = await startRun(startDeps, life, bundle, filters, register);
      return { runId: run.id, total: run.total };
    },

    status(runId) {
      const run = runs.get(runId);
      return run ? statusOf(run) : stored(runId);
    },

    async act(runId, action) {
      let run = runs.get(runId);
      if (!run) {
        const before = stored(runId);
        if (before.status !== 'running' && before.status !== 'paused') return before;
        // Nobody owns it (its orchestrator went away): take it over here; else the owner is told.
        run = await adopt(runId);
        if (!run) {
          await d.redis.publish(ORCHESTRATOR_CHANNEL, JSON.stringify({ act: action, runId }));
          if (action === 'stop') await waitUntilEnded(runId, d.stopDeadlineMs * 2);
          return stored(runId);
        }
      }
      await actions[action](run);
      if (action === 'stop') await Promise.race([run.ended, new Promise((r) => setTimeout(r, 50))]);
      return runs.has(runId) ? statusOf(run) : stored(runId);
    },

    control(m) {
      const run = m.runId === undefined ? undefined : runs.get(m.runId);
      if (run && m.act && m.act in actions) void actions[m.act](run).catch((e: unknown) => d.log.warn('a run action failed', { error: String(e) }));
    },

    follow(runId, offset, signal, idleMs) {
      if (!runs.has(runId) && !d.remoteRuns.run(runId)) return undefined;
      return followStoredLog(d.remoteRuns, d.news, runId, offset, signal, idleMs);
    },

    adopt: async () => {
      tick();
      await watching;
    },

    async close() {
      clearInterval(timer);
      await bounded(watching ?? Promise.resolve(), undefined);
      for (const run of [...runs.values()]) {
        runs.delete(run.id);
        // Its results so far are committed; its jobs stay queued and their results wait in the queue.
        await run.pipeline.close().catch(() => {});
        await run.store.close().catch(() => {});
        await bounded(d.leases.release(run.id), undefined);
      }
    },
  };

  async function waitUntilEnded(runId: string, ms: number): Promise<void> {
    const until = Date.now() + ms;
    const never = new AbortController().signal;
    while (Date.now() < until) {
      const s = stored(runId);
      if (s.status !== 'running' && s.status !== 'paused') return;
      await d.news.wait(runId, never, 250);
    }
  }
}
