// A plan bundle becomes a run on the orchestrator: the plan loaded and checked (bundle.ts), compiled and
// filtered, the run's store and event bus opened, run:start told, and one job per test queued.
import { createEventBus, type EventBus } from '../events/bus.js';
import type { RunInfo } from '../events/types.js';
import type { Logger } from '../executors/types.js';
import { compilePlan } from '../plan/compile.js';
import { filterTests } from '../plan/filters.js';
import type { TestCase } from '../plan/types.js';
import { createStoreReporter } from '../reporters/store.js';
import type { Reporter } from '../reporters/types.js';
import { createRunId } from '../runner/run-meta.js';
import { startStoreWriter, type StoreWriterThread } from '../store/writer-thread.js';
import type { Redis } from 'ioredis';
import { loadBundle } from './bundle.js';
import { clusterWarnings } from './cluster-warnings.js';
import { planJobs } from './job-plan.js';
import type { PlanBundle, RunFilters } from './protocol.js';
import { bundleKey } from './queue.js';
import type { RemoteRun } from './remote-run.js';
import type { RunLifecycle } from './run-lifecycle.js';

const BUNDLE_TTL_S = 24 * 3600;

export interface RunStartDeps {
  redis: Redis;
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
async function selectTests(d: RunStartDeps, bundle: PlanBundle, filters: RunFilters, store: StoreWriterThread) {
  try {
    const loaded = await loadBundle(bundle, d.workDir);
    let cases: TestCase[] = compilePlan(loaded);
    if (filters.retries !== undefined || filters.timeoutMs !== undefined) {
      cases = cases.map((tc) => ({ ...tc, retries: filters.retries ?? tc.retries, timeoutMs: filters.timeoutMs ?? tc.timeoutMs }));
    }
    const selected = filterTests(cases, { ...filters, allowOnly: true });
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
  // The run's store thread starts while the plan loads (its start-up is ~45 ms of another core).
  const store = startStoreWriter(d.dbPath);
  const { loaded, selected } = await selectTests(d, bundle, filters, store);
  const runId = createRunId();
  await d.redis.set(bundleKey(runId), JSON.stringify(bundle), 'EX', BUNDLE_TTL_S);
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const run: RemoteRun = {
    id: runId, startedAt: Date.now(), total: selected.length, status: 'running', interrupted: false, failures: 0,
    pending: new Map(), held: [], finals: new Map(), parts: new Map(), log: [], listeners: new Set(), store, ended, end,
    bus: undefined as unknown as EventBus,
  };
  if (filters.maxFailures) run.maxFailures = filters.maxFailures;
  // The run's event log, read by /events from any offset; listeners are the streams waiting for more.
  const logger: Reporter = {
    onEvent(e) {
      run.log.push(e);
      for (const l of run.listeners) l();
    },
  };
  run.bus = createEventBus([createStoreReporter(store), logger, ...d.observers], (error, i) => d.log.error(i === 0 ? 'the results store failed' : 'an observer failed', { error: String(error) }));
  register(run);

  const info: RunInfo = { id: runId, plans: [{ name: loaded.spec.name, file: loaded.file }], startedAt: run.startedAt, total: selected.length, workers: await d.slots().catch(() => 0) };
  if (loaded.spec.baseUrl) info.baseUrl = loaded.spec.baseUrl;
  if (filters.shard) info.shard = filters.shard;
  run.bus.emit({ type: 'run:start', run: info });
  for (const message of clusterWarnings(loaded.spec)) run.bus.emit({ type: 'run:log', level: 'warn', message, at: Date.now() });
  const { jobs, distributed } = planJobs(runId, selected, info.workers, { updateSnapshots: filters.updateSnapshots === true, ci: filters.ci === true });
  run.parts = distributed;
  await life.enqueue(run, jobs);
  if (jobs.length === 0) void life.finish(run);
  return run;
}
