// The orchestrator's runs: a plan bundle becomes one BullMQ job per test; the workers' results come
// back through the queue's events and go, as RunEvents, into the orchestrator's store and the run's
// event log (streamed to the CLI). Stop, pause and resume act on the run's jobs still waiting.
import type { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { AitestError } from '../errors.js';
import { createEventBus, type EventBus } from '../events/bus.js';
import type { RunEvent, RunInfo } from '../events/types.js';
import type { Logger } from '../executors/types.js';
import { compilePlan } from '../plan/compile.js';
import { filterTests } from '../plan/filters.js';
import type { TestCase } from '../plan/types.js';
import { createStoreReporter } from '../reporters/store.js';
import type { Reporter } from '../reporters/types.js';
import { createRunId } from '../runner/run-meta.js';
import { summarize } from '../runner/run.js';
import { startStoreWriter } from '../store/writer-thread.js';
import { loadBundle as loadBundlePlan } from './bundle.js';
import { clusterWarnings } from './cluster-warnings.js';
import { planJobs } from './job-plan.js';
import { followJobEvents } from './job-events.js';
import { addPart } from './load-parts.js';
import { finalKey, followLog, statusOf, type RemoteRun, type RunStatusReport } from './remote-run.js';
import type { JobData, JobResult, PartResult, PlanBundle, RunFilters } from './protocol.js';
import { bundleKey, CONTROL_CHANNEL, jobId } from './queue.js';

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
}

const BUNDLE_TTL_S = 24 * 3600;
const FAILING = new Set(['failed', 'timedOut', 'error']);

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
  const runOfJob = (id: string): RemoteRun | undefined => runs.get(id.slice(0, id.indexOf('.')));

  // Checked (paths, kind of plan) before anything of it is written or read: see bundle.ts.
  const loadBundle = (bundle: PlanBundle) => loadBundlePlan(bundle, d.workDir);


  const emit = (run: RemoteRun, e: RunEvent): void => {
    if (e.type === 'test:end' && !e.result.willRetry) {
      run.finals.set(finalKey(e.test), { status: e.result.status, attempt: e.result.attempt });
      if (FAILING.has(e.result.status)) run.failures++;
    }
    run.bus.emit(e);
  };

  const finish = async (run: RemoteRun): Promise<void> => {
    if (run.status !== 'running' && run.status !== 'paused') return;
    const notRun = Math.max(0, run.total - run.finals.size);
    const summary = summarize(run.id, run.startedAt, run.total, run.finals, notRun, run.interrupted);
    run.status = summary.status;
    run.bus.emit({ type: 'run:end', summary });
    try {
      await run.bus.close();
    } finally {
      await run.store.close().catch((e: unknown) => d.log.error('closing a run\'s store failed', { error: String(e) }));
      await d.redis.del(bundleKey(run.id)).catch(() => 0);
      await d.redis.publish(CONTROL_CHANNEL, JSON.stringify({ forget: run.id })).catch(() => 0);
      run.end();
    }
  };

  const settle = (run: RemoteRun, id: string): void => {
    run.pending.delete(id);
    const finishIfDone = (): void => {
      if (run.pending.size === 0 && run.held.length === 0) void finish(run);
    };
    // --max-failures: the tests not started yet are not run (the run fails, it is not interrupted).
    if (run.maxFailures && run.failures >= run.maxFailures && run.status === 'running') void takeWaiting(run, 'drop').then(finishIfDone);
    else finishIfDone();
  };

  /** The run's jobs not started yet, off the queue: dropped (stop) or held (pause). */
  const takeWaiting = async (run: RemoteRun, what: 'drop' | 'hold'): Promise<void> => {
    for (const [id, data] of [...run.pending]) {
      const job = await d.queue.getJob(id);
      const state = job ? await job.getState() : 'unknown';
      if (!job || !['waiting', 'delayed', 'prioritized', 'paused'].includes(state)) continue;
      try {
        await job.remove();
      } catch {
        continue; // a worker took it meanwhile: it finishes, or is aborted by the stop message
      }
      run.pending.delete(id);
      if (what === 'hold') run.held.push(data);
    }
  };

  /** A share of a distributed load test is back; with the last one, the test's one result. */
  const partBack = (run: RemoteRun, p: PartResult): void => {
    const test = run.parts.get(p.testId);
    const end = test && addPart(test, p);
    if (end) emit(run, end);
  };

  followJobEvents(d.events, { runOfJob, emit, partBack, settle, artifactsDir: d.artifactsDir, log: d.log });

  // Test ids are unique within a run (a browser test's projects each have their own), and a test is in one job.
  const idOf = (data: JobData): string => jobId(data.runId, data.tests[0].test.id);
  /** Noted as pending before they are queued: a fast worker can finish a job before addBulk returns. */
  const enqueue = async (run: RemoteRun, jobs: JobData[]): Promise<void> => {
    for (const data of jobs) run.pending.set(idOf(data), data);
    await d.queue.addBulk(jobs.map((data) => ({
      name: data.tests[0].ref.name, data,
      opts: { jobId: idOf(data), removeOnComplete: { age: 3600 }, removeOnFail: { age: 3600 } },
    })));
  };

  return {
    validate: async (bundle) => (await loadBundle(bundle)).spec.name,

    async execute(bundle, filters) {
      // The run's store thread starts while the plan loads (its start-up is ~45 ms of another core).
      const store = startStoreWriter(d.dbPath);
      let loaded: Awaited<ReturnType<typeof loadBundle>>;
      let selected: TestCase[];
      try {
        loaded = await loadBundle(bundle);
        let cases: TestCase[] = compilePlan(loaded);
        if (filters.retries !== undefined || filters.timeoutMs !== undefined) {
          cases = cases.map((tc) => ({ ...tc, retries: filters.retries ?? tc.retries, timeoutMs: filters.timeoutMs ?? tc.timeoutMs }));
        }
        selected = filterTests(cases, { ...filters, allowOnly: true });
        await store.ready;
      } catch (e) {
        await store.close().catch(() => {});
        throw e;
      }
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
      const logger: Reporter = {
        onEvent(e) {
          run.log.push(e);
          for (const l of run.listeners) l();
        },
      };
      run.bus = createEventBus([createStoreReporter(store), logger, ...d.observers], (error, i) => d.log.error(i === 0 ? 'the results store failed' : 'an observer failed', { error: String(error) }));
      runs.set(runId, run);
      const info: RunInfo = { id: runId, plans: [{ name: loaded.spec.name, file: loaded.file }], startedAt: run.startedAt, total: selected.length, workers: await d.slots().catch(() => 0) };
      if (loaded.spec.baseUrl) info.baseUrl = loaded.spec.baseUrl;
      if (filters.shard) info.shard = filters.shard;
      run.bus.emit({ type: 'run:start', run: info });
      for (const message of clusterWarnings(loaded.spec)) run.bus.emit({ type: 'run:log', level: 'warn', message, at: Date.now() });
      const { jobs, distributed } = planJobs(runId, selected, info.workers, { updateSnapshots: filters.updateSnapshots === true, ci: filters.ci === true });
      run.parts = distributed;
      await enqueue(run, jobs);
      if (jobs.length === 0) void finish(run);
      return { runId, total: selected.length };
    },

    status: (runId) => statusOf(get(runId)),

    async stop(runId) {
      const run = get(runId);
      if (run.status !== 'running' && run.status !== 'paused') return statusOf(run);
      run.interrupted = true;
      run.held = [];
      await takeWaiting(run, 'drop');
      await d.redis.publish(CONTROL_CHANNEL, JSON.stringify({ stop: runId }));
      if (run.pending.size === 0) await finish(run);
      return statusOf(run);
    },

    async pause(runId) {
      const run = get(runId);
      if (run.status !== 'running') return statusOf(run);
      run.status = 'paused';
      await takeWaiting(run, 'hold');
      return statusOf(run);
    },

    async resume(runId) {
      const run = get(runId);
      if (run.status !== 'paused') return statusOf(run);
      run.status = 'running';
      const held = run.held;
      run.held = [];
      await enqueue(run, held);
      if (run.pending.size === 0) await finish(run);
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
          await finish(run);
        }
      }
    },
  };
}
