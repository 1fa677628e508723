// The orchestrator's runs: a plan bundle becomes one BullMQ job per test; the workers' results come
// back through the queue's events and go, as RunEvents, into the orchestrator's store and the run's
// event log (streamed to the CLI). Stop, pause and resume act on the run's jobs still waiting.
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { AitestError } from '../errors.js';
import { createEventBus, type EventBus } from '../events/bus.js';
import { isFailedCheck } from '../events/counts.js';
import { thresholdRules } from '../executors/load/engine.js';
import { resultOfSummary } from '../executors/load/executor.js';
import { mergeSummaries } from '../executors/load/merge.js';
import { splitLoad } from '../executors/load/split.js';
import type { RunEvent, RunInfo, RunStatus, TestRef } from '../events/types.js';
import type { Logger } from '../executors/types.js';
import { compilePlan } from '../plan/compile.js';
import { filterTests } from '../plan/filters.js';
import { loadPlan } from '../plan/load.js';
import type { LoadTestSpec, TestCase } from '../plan/types.js';
import { createStoreReporter } from '../reporters/store.js';
import type { Reporter } from '../reporters/types.js';
import { createRunId } from '../runner/run-meta.js';
import { summarize } from '../runner/run.js';
import type { FinalStatus } from '../runner/scheduler.js';
import { startStoreWriter, type StoreWriterThread } from '../store/writer-thread.js';
import { toTestRef } from '../worker/run-test.js';
import { writeBundle } from './bundle.js';
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
  /** Worker slots there are now (a run's `workers`). */
  slots(): Promise<number>;
}

export type RemoteRunStatus = RunStatus | 'running' | 'paused';

export interface RunStatusReport {
  runId: string;
  status: RemoteRunStatus;
  total: number;
  done: number;
  queued: number;
  counts: Record<'passed' | 'failed' | 'flaky' | 'skipped' | 'timedOut' | 'errors', number>;
}

interface RemoteRun {
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
  parts: Map<string, { ref: TestRef; spec: LoadTestSpec; of: number; got: PartResult[] }>;
  /** Every event of the run, for /events (resumable by offset). */
  log: RunEvent[];
  listeners: Set<() => void>;
  bus: EventBus;
  store: StoreWriterThread;
  ended: Promise<void>;
  end(): void;
}

const BUNDLE_TTL_S = 24 * 3600;
const FAILING = new Set(['failed', 'timedOut', 'error']);
const finalKey = (t: TestRef): string => (t.project === undefined ? t.id : `${t.id}\u0000${t.project}`);

// Chunks of at most MAX_CHUNK tests, and at least ~CHUNKS_PER_SLOT chunks per worker slot so that work
// spreads evenly (a slow worker holds back little) and a killed worker's chunk is cheap to run again.
const MAX_CHUNK = 50;
const CHUNKS_PER_SLOT = 4;

/** Fast api tests go many to a job; browser and load tests (seconds each) one to a job. */
function chunk(cases: TestCase[], slots: number): TestCase[][] {
  const size = Math.max(1, Math.min(MAX_CHUNK, Math.ceil(cases.length / (Math.max(1, slots) * CHUNKS_PER_SLOT))));
  const out: TestCase[][] = [];
  let current: TestCase[] = [];
  for (const tc of cases) {
    if (SOLO.has(tc.type)) out.push([tc]);
    else {
      current.push(tc);
      if (current.length >= size) {
        out.push(current);
        current = [];
      }
    }
  }
  if (current.length) out.push(current);
  return out;
}
const SOLO = new Set(['ui', 'visual', 'accessibility', 'performance', 'load']);

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

  const loadBundle = async (bundle: PlanBundle) => {
    const dir = await mkdtemp(path.join(d.workDir, 'plan-'));
    try {
      await writeBundle(bundle, dir);
      return await loadPlan(bundle.plan, dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  const report = (run: RemoteRun): RunStatusReport => {
    const counts = { passed: 0, failed: 0, flaky: 0, skipped: 0, timedOut: 0, errors: 0 };
    for (const f of run.finals.values()) {
      if (f.status === 'error') counts.errors++;
      else counts[f.status]++;
    }
    return { runId: run.id, status: run.status, total: run.total, done: run.finals.size, queued: run.pending.size + run.held.length, counts };
  };

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
  const addPart = (run: RemoteRun, p: PartResult): void => {
    const test = run.parts.get(p.testId);
    if (!test || test.got.some((g) => g.index === p.index)) return;
    test.got.push(p);
    if (test.got.length < test.of) return;
    const startedAt = Math.min(...test.got.map((g) => g.startedAt));
    const failed = test.got.filter((g) => !g.summary);
    const base = { attempt: 0, willRetry: false, startedAt, steps: [], artifacts: [] };
    if (failed.length) {
      emit(run, { type: 'test:end', test: test.ref, result: { ...base, status: 'error', durationMs: Date.now() - startedAt, error: { message: `${failed.length} of ${test.of} parts of the load did not finish: ${failed.map((f) => `part ${f.index + 1}: ${f.error}`).join('; ')}` }, checks: [], metrics: [] } });
      return;
    }
    const merged = mergeSummaries(test.got.sort((a, b) => a.index - b.index).map((g) => g.summary!), thresholdRules(test.spec));
    const { checks, metrics } = resultOfSummary(merged);
    const status = checks.some(isFailedCheck) ? 'failed' : 'passed';
    const failedCheck = checks.find(isFailedCheck);
    emit(run, { type: 'test:end', test: test.ref, result: { ...base, status, durationMs: merged.durationMs, checks, metrics, ...(failedCheck?.message ? { error: { message: failedCheck.message } } : {}) } });
  };

  d.events.on('completed', ({ jobId: id, returnvalue }) => {
    const run = runOfJob(id);
    if (!run || !run.pending.has(id)) return;
    const result = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as JobResult;
    for (const e of result.events) emit(run, e);
    for (const p of result.parts ?? []) addPart(run, p);
    settle(run, id);
  });
  d.events.on('failed', ({ jobId: id, failedReason }) => {
    const run = runOfJob(id);
    const data = run?.pending.get(id);
    if (!run || !data) return;
    // The worker could not run them at all (the bundle was gone, it was killed again and again).
    for (const { ref, part } of data.tests) {
      if (part) {
        addPart(run, { testId: ref.id, index: part.index, startedAt: Date.now(), error: failedReason });
        continue;
      }
      if (run.finals.has(finalKey(ref))) continue;
      emit(run, {
        type: 'test:end', test: ref,
        result: { status: 'error', attempt: 0, willRetry: false, startedAt: Date.now(), durationMs: 0, error: { message: `a worker could not run the test: ${failedReason}` }, checks: [], steps: [], metrics: [], artifacts: [] },
      });
    }
    settle(run, id);
  });
  d.events.on('stalled', ({ jobId: id }) => {
    const run = runOfJob(id);
    const data = run?.pending.get(id);
    if (!run || !data) return;
    const names = data.tests.map((t) => `"${t.ref.name}"`);
    const what = names.length === 1 ? `the test ${names[0]}` : `${names.length} tests (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`;
    run.bus.emit({ type: 'run:log', level: 'warn', message: `the worker running ${what} stopped answering; ${names.length === 1 ? 'it was' : 'they were'} handed to another worker`, at: Date.now() });
  });
  d.events.on('progress', ({ jobId: id, data }) => {
    const run = runOfJob(id);
    if (!run?.pending.has(id) || run.status !== 'running') return;
    for (const e of data as unknown as RunEvent[]) run.bus.emit(e);
  });

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
      const jobs: JobData[] = [];
      for (const tcs of chunk(selected, info.workers)) {
        const tc = tcs[0];
        const n = tc.type === 'load' ? ((tc.spec as LoadTestSpec).distribute ?? 1) : 1;
        if (n <= 1) {
          jobs.push({ runId, tests: tcs.map((t) => ({ test: t, ref: toTestRef(t) })) });
          continue;
        }
        // A distributed load test: one job per share, on as many workers as there are.
        const spec = tc.spec as LoadTestSpec;
        const shares = Array.from({ length: n }, (_, i) => splitLoad(spec, n, i)).filter((p): p is LoadTestSpec => p !== undefined);
        const ref = toTestRef(tc);
        run.parts.set(tc.id, { ref, spec, of: shares.length, got: [] });
        shares.forEach((share, index) => jobs.push({
          runId, tests: [{ test: { ...tc, id: `${tc.id}-p${index}`, spec: { ...share, part: { index, of: shares.length } } as LoadTestSpec }, ref, part: { index, of: shares.length } }],
        }));
      }
      await enqueue(run, jobs);
      if (jobs.length === 0) void finish(run);
      return { runId, total: selected.length };
    },

    status: (runId) => report(get(runId)),

    async stop(runId) {
      const run = get(runId);
      if (run.status !== 'running' && run.status !== 'paused') return report(run);
      run.interrupted = true;
      run.held = [];
      await takeWaiting(run, 'drop');
      await d.redis.publish(CONTROL_CHANNEL, JSON.stringify({ stop: runId }));
      if (run.pending.size === 0) await finish(run);
      return report(run);
    },

    async pause(runId) {
      const run = get(runId);
      if (run.status !== 'running') return report(run);
      run.status = 'paused';
      await takeWaiting(run, 'hold');
      return report(run);
    },

    async resume(runId) {
      const run = get(runId);
      if (run.status !== 'paused') return report(run);
      run.status = 'running';
      const held = run.held;
      run.held = [];
      await enqueue(run, held);
      if (run.pending.size === 0) await finish(run);
      return report(run);
    },

    follow(runId, offset, signal) {
      const run = runs.get(runId);
      if (!run) return undefined;
      return (async function* () {
        let at = Math.max(0, offset);
        while (!signal.aborted) {
          while (at < run.log.length) {
            const e = run.log[at++];
            yield e;
            if (e.type === 'run:end') return;
          }
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
