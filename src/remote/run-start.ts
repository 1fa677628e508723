// A plan bundle becomes a run on the orchestrator: the plan loaded and checked (bundle.ts), compiled and
// filtered, the run's store and event bus opened, run:start told, and one job per test queued.
import type { FinalStatus } from '../events/counts.js';
import type { RunInfo } from '../events/types.js';
import type { Logger } from '../executors/types.js';
import { selectTests } from '../plan/select.js';
import type { Reporter } from '../reporters/types.js';
import { createRunPipeline } from '../runner/pipeline.js';
import { createRunId } from '../runner/run-meta.js';
import type { RemoteRunStore } from '../store/remote-runs.js';
import { startStoreWriter, type StoreWriterThread } from '../store/writer-thread.js';
import type { Redis } from 'ioredis';
import { loadBundle } from './bundle.js';
import { clusterWarnings } from './cluster-warnings.js';
import { planJobs } from './job-plan.js';
import type { PlanBundle, RunFilters } from './protocol.js';
import { BUNDLE_TTL_S, bundleKey } from './queue.js';
import type { Leases } from './leases.js';
import type { RemoteRun } from './remote-run.js';
import { storedJob, type RunLifecycle } from './run-lifecycle.js';
import type { RunNews } from './run-log.js';

export interface RunStartDeps {
  redis: Redis;
  leases: Leases;
  remoteRuns: RemoteRunStore;
  /** Told after each batch of the run's events is committed (followers wake). */
  news: RunNews;
  /** The run's store stopped taking its results (a full disk): the run is to be stopped. */
  onStoreFailure(run: RemoteRun, error: unknown): void;
  dbPath: string;
  /** Where bundles are written to load their plans. */
  workDir: string;
  log: Logger;
  /** Also told every event (the Prometheus metrics). */
  observers: Reporter[];
  /** Worker slots there are now (a run's `workers`). */
  slots(): Promise<number>;
}

/** The bundle's plan, compiled with the run's overrides and filtered; the store is closed if any of it fails. */
async function loadSelected(d: RunStartDeps, bundle: PlanBundle, filters: RunFilters, store: StoreWriterThread) {
  try {
    const loaded = await loadBundle(bundle, d.workDir);
    // A test marked `only` was checked where the run started (run --remote refuses it on CI).
    const selected = selectTests([loaded], { ...filters, allowOnly: true });
    await store.ready;
    return { loaded, selected };
  } catch (e) {
    await store.close().catch(() => {});
    throw e;
  }
}

/**
 * Starts a run of `bundle`: validates it (AitestError PLAN_INVALID with located issues), then queues its
 * jobs. `register` is called before any job is queued, so results that come back at once find their run.
 */
export async function startRun(d: RunStartDeps, life: RunLifecycle, bundle: PlanBundle, filters: RunFilters, register: (run: RemoteRun) => void): Promise<RemoteRun> {
  // The run's store thread starts while the plan loads (its start-up is ~45 ms of another core). It keeps
  // the run's event log too: /events is served from the store, on any orchestrator of the cluster.
  const store = startStoreWriter(d.dbPath, { eventLog: true });
  const { loaded, selected } = await loadSelected(d, bundle, filters, store);
  const runId = createRunId();
  if (!(await d.leases.claim(runId))) throw new Error(`run id ${runId} is taken`);
  await d.redis.set(bundleKey(runId), JSON.stringify(bundle), 'EX', BUNDLE_TTL_S);
  const run = openRun(d, { id: runId, startedAt: Date.now(), total: selected.length, store, ...(filters.maxFailures ? { maxFailures: filters.maxFailures } : {}) });
  register(run);

  const info: RunInfo = { id: runId, plans: [{ name: loaded.spec.name, file: loaded.file }], startedAt: run.startedAt, total: selected.length, workers: await d.slots().catch(() => 0) };
  if (loaded.spec.baseUrl) info.baseUrl = loaded.spec.baseUrl;
  if (filters.shard) info.shard = filters.shard;
  run.pipeline.emit({ type: 'run:start', run: info });
  for (const message of clusterWarnings(loaded.spec)) run.pipeline.emit({ type: 'run:log', level: 'warn', message, at: Date.now() });
  const { jobs, distributed } = planJobs(runId, selected, info.workers, { updateSnapshots: filters.updateSnapshots === true, ci: filters.ci === true });
  run.parts = distributed;
  // What it queues is in the store (after its run row) before it is queued: another orchestrator can finish it.
  await run.pipeline.drain();
  d.remoteRuns.save(runId, { jobs: jobs.map(storedJob), distributed: [...distributed.values()].map(({ ref, spec, of }) => ({ ref, spec, of })) }, run.maxFailures);
  await life.enqueue(run, jobs);
  if (jobs.length === 0) void life.finish(run);
  return run;
}

/** A run this orchestrator owns from now on (started here, or taken over): its bus to the store, the followers and the observers. */
export function openRun(d: RunStartDeps, r: Pick<RemoteRun, 'id' | 'startedAt' | 'total' | 'store' | 'maxFailures'> & { finals?: Map<string, FinalStatus> }): RemoteRun {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const { finals, ...rest } = r;
  // After the store's commit of each batch (the bus holds later subscribers until then): followers wake.
  const announce: Reporter = { onEvent() {}, sync: () => d.news.announce(r.id) };
  const pipeline = createRunPipeline({
    store: r.store, subscribers: [announce, ...d.observers], ...(finals ? { finals } : {}),
    onError(error, i) {
      d.log.error(i === 0 ? 'the results store failed' : 'an observer failed', { error: String(error) });
      if (i === 0) d.onStoreFailure(run, error);
    },
  });
  const run: RemoteRun = { status: 'running', interrupted: false, pending: new Map(), held: [], parts: new Map(), ended, end, pipeline, finals: pipeline.finals, ...rest };
  return run;
}
