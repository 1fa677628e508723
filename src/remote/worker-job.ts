// One job on a remote worker: its tests run with the same code as a local run (executors, timeouts,
// retries, redaction) inside the run's bundle folder; live events go out as job progress, the results
// and their artifacts as the job's return value.
import path from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import type { Job } from 'bullmq';
import type { RunEvent, TestRef } from '../events/types.js';
import type { LoadSummary } from '../executors/load/engine.js';
import { PART_SUMMARY } from '../executors/load/executor.js';
import { loadExecutors } from '../executors/registry.js';
import { DEFAULT_RUN_SETTINGS } from '../executors/run-settings.js';
import type { Logger } from '../executors/types.js';
import type { TestCase } from '../plan/types.js';
import type { NetPolicy } from '../util/net-policy.js';
import { bundleSandbox } from '../util/sandbox.js';
import { createAbortGroup } from '../worker/abort-group.js';
import { runAttempts } from '../worker/attempts.js';
import { runTestCase, type WorkerDeps } from '../worker/run-test.js';
import type { BundleCache } from './bundle-cache.js';
import type { JobData, JobResult, PartResult } from './protocol.js';

const LIVE_MS = 200;
// Artifacts travel with the job's result to the orchestrator, which serves them to the CLI; past these
// sizes they stay on the worker (their paths still in the result) and the run log says so.
const MAX_ARTIFACT_BYTES = 20 * 1024 * 1024;
const MAX_JOB_ARTIFACT_BYTES = 50 * 1024 * 1024;

/** What a worker's jobs share: its executors, browsers, judge and slots, and the runs it knows. */
export interface JobContext extends Pick<WorkerDeps, 'executors' | 'scopes' | 'resources' | 'judge' | 'log'> {
  name: string;
  bundles: BundleCache;
  /** The variables a plan may read here (`aitest worker --env`). */
  planEnv: Record<string, string | undefined>;
  /** The worker's own environment: for finding its browser, never read by a plan. */
  env: Record<string, string | undefined>;
  net?: NetPolicy;
  /** Slot names for slot-scoped resources (a browser per slot), as local workers have. */
  freeSlots: string[];
  /** Jobs in flight by run, to abort them when their run is stopped. */
  inflight: Map<string, Set<AbortController>>;
  /** Runs whose log already says this worker ignores their `browser.executablePath`: once per run is plenty. */
  warnedExecutable: Set<string>;
  /** Tells Redis how many slots are busy. */
  beat(): void;
}

export function createJobProcessor(c: JobContext): (job: Job<JobData, JobResult>) => Promise<JobResult> {
  return async (job) => {
    const { runId, tests } = job.data;
    const dir = await c.bundles.dir(runId);
    const types = [...new Set(tests.map((t) => t.test.type))].filter((t) => !c.executors[t]);
    if (types.length) Object.assign(c.executors, await loadExecutors(types));
    const stop = new AbortController();
    const runJobs = c.inflight.get(runId) ?? new Set();
    runJobs.add(stop);
    c.inflight.set(runId, runJobs);
    const slot = c.freeSlots.pop() ?? `${c.name}-extra`;
    c.beat();
    const out = jobEvents(job);
    const parts: PartResult[] = [];
    const deps: WorkerDeps = {
      executors: c.executors, aborts: createAbortGroup(stop.signal), scopes: c.scopes, resources: c.resources, judge: c.judge, log: c.log, cwd: dir,
      sandbox: bundleSandbox(dir, c.net, c.env),
      env: c.planEnv,
      // The starting side's, not this worker's: a worker in a cluster is no CI machine, and a run started on
      // CI must not write visual baselines that would be thrown away with it. A job queued by an orchestrator
      // of an older version has none: then nothing was asked.
      settings: job.data.settings ?? DEFAULT_RUN_SETTINGS,
      artifactsDir: path.join(dir, '.aitest', 'artifacts', runId),
      emit: out.emit,
    };
    try {
      for (const { test, ref, part } of tests) {
        if (stop.signal.aborted) break;
        // Paths in a test are relative to its plan's folder: here that folder is inside the bundle.
        const file = deps.sandbox.file(test.file, path.join(dir, 'plan'), 'the plan file');
        const tc = { ...test, file, location: { ...test.location, file } };
        if (tc.browserOptions?.executablePath !== undefined && !c.warnedExecutable.has(runId)) {
          c.warnedExecutable.add(runId);
          deps.emit(executableIgnored(c.name));
        }
        if (part) {
          out.partOf = ref.id;
          parts.push(await runPart(tc, part.index, deps, stop.signal, slot, ref));
          out.partOf = undefined;
          continue;
        }
        await runAttempts((attempt) => runTestCase(tc, attempt, deps, stop.signal, slot, ref), stop.signal);
      }
      out.flush();
      const files = await artifactsOf(out.events, dir, c.log);
      return { events: out.events, worker: c.name, ...(parts.length ? { parts } : {}), ...(files ? { files } : {}) };
    } finally {
      c.freeSlots.push(slot);
      c.beat();
      runJobs.delete(stop);
      if (runJobs.size === 0) c.inflight.delete(runId);
    }
  };
}

/**
 * Where a job's events go: live ones (a test starting, its steps, a load test's ticks) out as job progress,
 * a few times a second at most; results and logs kept for the job's return value.
 */
function jobEvents(job: Job<JobData, JobResult>) {
  const events: RunEvent[] = [];
  let live: RunEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const sendLive = (): void => {
    timer = undefined;
    if (live.length === 0) return;
    const batch = live;
    live = [];
    void job.updateProgress(batch as unknown as object).catch(() => {});
  };
  const out = {
    events,
    /** The test id of the load-test share running now: its own result stays here (the orchestrator makes the test's one result from all the parts). */
    partOf: undefined as string | undefined,
    emit(e: RunEvent): void {
      if (e.type === 'run:log') events.push(e);
      else if (e.type === 'test:end') {
        // A test that ended before its start went out was never seen running: its start and steps stay
        // here (with many fast tests, most of the traffic).
        live = live.filter((l) => !((l.type === 'test:start' || l.type === 'test:step') && l.test.id === e.test.id));
        if (e.test.id === out.partOf) return;
        // Taken up again after a worker died with it: the result says how many times.
        const pickups = { name: 'queue_pickups', value: job.attemptsStarted, unit: 'count', at: Date.now() };
        events.push(job.attemptsStarted > 1 ? { ...e, result: { ...e.result, metrics: [...e.result.metrics, pickups] } } : e);
      } else {
        live.push(e);
        timer ??= setTimeout(sendLive, LIVE_MS);
      }
    },
    /** Sends what is still waiting to go live (the job is done). */
    flush(): void {
      if (timer) clearTimeout(timer);
      sendLive();
    },
  };
  return out;
}

/** The artifacts the results name, read from the run's folder here. */
async function artifactsOf(events: RunEvent[], dir: string, log: Logger): Promise<Record<string, string> | undefined> {
  const files: Record<string, string> = {};
  let total = 0;
  for (const e of events) {
    if (e.type !== 'test:end') continue;
    for (const a of e.result.artifacts) {
      const size = await stat(path.resolve(dir, a.path)).then((st) => st.size, () => -1);
      if (size < 0) continue;
      if (size > MAX_ARTIFACT_BYTES || total + size > MAX_JOB_ARTIFACT_BYTES) {
        log.warn('an artifact is too large to send to the orchestrator; it stays on this worker', { path: a.path, size });
        continue;
      }
      total += size;
      files[a.path] = (await readFile(path.resolve(dir, a.path))).toString('base64');
    }
  }
  return Object.keys(files).length ? files : undefined;
}

/** One share of a distributed load test: run once, its summary read back from the artifact it wrote. */
async function runPart(tc: TestCase, index: number, deps: WorkerDeps, signal: AbortSignal, slot: string, ref: TestRef): Promise<PartResult> {
  const startedAt = Date.now();
  const result = await runTestCase(tc, 0, deps, signal, slot, ref);
  const file = result?.artifacts.find((a) => a.name === PART_SUMMARY)?.path;
  if (!result || !file) return { testId: ref.id, index, startedAt, error: result?.error?.message ?? 'the part did not finish' };
  try {
    return { testId: ref.id, index, startedAt, summary: JSON.parse(await readFile(path.resolve(deps.cwd, file), 'utf8')) as LoadSummary };
  } catch (e) {
    return { testId: ref.id, index, startedAt, error: `its summary could not be read: ${(e as Error).message}` };
  }
}

/** A plan's `browser.executablePath` is not run here (the worker uses its own browser): the run log says so. */
function executableIgnored(worker: string): RunEvent {
  return { type: 'run:log', level: 'warn', message: `browser.executablePath is ignored on worker ${worker}: a remote worker runs its own browser, never one a plan names`, at: Date.now() };
}
