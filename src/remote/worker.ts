// `aitest worker`: pulls tests off the queue and runs them with the same code as a local run (executors,
// timeouts, retries, redaction), publishing live events as job progress and the results as the job's
// return value. Each run's bundle is written once to a folder of its own.
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { RunEvent, TestRef } from '../events/types.js';
import type { LoadSummary } from '../executors/load/engine.js';
import { PART_SUMMARY } from '../executors/load/executor.js';
import type { TestCase } from '../plan/types.js';
import { loadExecutors } from '../executors/registry.js';
import { DEFAULT_RUN_SETTINGS } from '../executors/run-settings.js';
import type { Executor, Logger } from '../executors/types.js';
import { createJudgeService } from '../judge/service.js';
import { createAbortGroup } from '../worker/abort-group.js';
import { createResourceScope } from '../worker/resources.js';
import { runTestCase, type WorkerDeps } from '../worker/run-test.js';
import { createTestScopes } from '../worker/test-scopes.js';
import type { NetPolicy } from '../util/net-policy.js';
import { bundleSandbox } from '../util/sandbox.js';
import { writeBundle } from './bundle.js';
import type { JobData, JobResult, PartResult, PlanBundle } from './protocol.js';
import { checkRedis } from './redis-check.js';
import { bundleKey, connectionFrom, CONTROL_CHANNEL, HEARTBEAT_MS, LOCK_MS, MAX_STALLED, QUEUE, STALLED_CHECK_MS, workerKey } from './queue.js';

const LIVE_MS = 200;

export interface RemoteWorkerOptions {
  redisUrl: string;
  concurrency: number;
  env: Record<string, string | undefined>;
  log: Logger;
  /** Folder for bundles and artifacts (default: a temporary one). */
  workDir?: string;
  /** The environment variables plans may read here (`aitest worker --env`); none by default. */
  exposeEnv?: string[];
  /** Where tests may connect (`--deny-net`, `--allow-net`, and the defaults). */
  net?: NetPolicy;
}

export interface RemoteWorker {
  name: string;
  /** Stops taking jobs, lets the ones in flight finish, closes browsers and connections. */
  close(): Promise<void>;
}

// Artifacts travel with the job's result to the orchestrator, which serves them to the CLI; past these
// sizes they stay on the worker (their paths still in the result) and the run log says so.
const MAX_ARTIFACT_BYTES = 20 * 1024 * 1024;
const MAX_JOB_ARTIFACT_BYTES = 50 * 1024 * 1024;

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

export async function startRemoteWorker(o: RemoteWorkerOptions): Promise<RemoteWorker> {
  const connection = connectionFrom(o.redisUrl);
  await checkRedis(o.redisUrl, connection);
  const redis = new Redis(connection);
  const control = new Redis(connection);
  // Redis going away later is logged (ioredis reconnects by itself), never printed as an unhandled stack.
  for (const client of [redis, control]) client.on('error', (e: Error) => o.log.warn('redis connection error', { error: e.message }));
  const name = `${os.hostname()}-${process.pid}`;
  const workDir = o.workDir ?? (await mkdtemp(path.join(os.tmpdir(), 'aitest-worker-')));
  const resources = createResourceScope();
  // Plans read only the variables the worker was started to expose; the rest of its environment (its own
  // LLM key, cloud credentials) is the worker's: for finding its browser and calling its own judge.
  const planEnv = exposedEnv(o.env, o.exposeEnv ?? []);
  const scopes = createTestScopes(planEnv, 'worker');
  const judge = createJudgeService(o.env, { untrusted: { planEnv, ...(o.net ? { net: o.net } : {}) } });
  const executors: Partial<Record<string, Executor<any>>> = {};
  const bundles = new Map<string, Promise<string>>();
  // Runs whose log already says this worker ignores their `browser.executablePath`: once per run is plenty.
  const warnedExecutable = new Set<string>();
  // Jobs in flight by run, to abort them when their run is stopped.
  const inflight = new Map<string, Set<AbortController>>();
  // Slot names for slot-scoped resources (a browser per slot), as local workers have.
  const freeSlots = Array.from({ length: o.concurrency }, (_, i) => `${name}-w${i}`);

  const bundleDir = (runId: string): Promise<string> => {
    let dir = bundles.get(runId);
    if (!dir) {
      dir = (async () => {
        const text = await redis.get(bundleKey(runId));
        if (!text) throw new Error(`the bundle of run ${runId} is not in Redis (expired, or the run was removed)`);
        const target = path.join(workDir, runId);
        await writeBundle(JSON.parse(text) as PlanBundle, target);
        return target;
      })();
      bundles.set(runId, dir);
      dir.catch(() => bundles.delete(runId));
    }
    return dir;
  };

  await control.subscribe(CONTROL_CHANNEL);
  control.on('message', (_channel: string, message: string) => {
    // Anyone who can PUBLISH on Redis can send anything here: what is not a control message is logged and
    // dropped, never thrown (a throw in this listener would end the worker).
    const m = controlMessage(message);
    if (!m) {
      o.log.warn('ignored a malformed control message', { channel: CONTROL_CHANNEL, length: message.length });
      return;
    }
    if (m.stop) for (const c of inflight.get(m.stop) ?? []) c.abort(new Error('the run was stopped'));
    if (m.forget) {
      warnedExecutable.delete(m.forget);
      const dir = bundles.get(m.forget);
      bundles.delete(m.forget);
      void dir?.then((d) => rm(d, { recursive: true, force: true })).catch(() => {});
    }
  });

  // Heartbeat: who is there and with how many slots busy, for /api/v1/resources/capacity; it lapses if
  // we die. Sent every HEARTBEAT_MS, and at once when a test starts or ends.
  const beat = (): void => {
    void redis.set(workerKey(name), JSON.stringify({ name, slots: o.concurrency, busy: o.concurrency - freeSlots.length, at: Date.now() }), 'PX', HEARTBEAT_MS * 3).catch(() => {});
  };

  const processor = async (job: Job<JobData, JobResult>): Promise<JobResult> => {
    const { runId, tests } = job.data;
    const dir = await bundleDir(runId);
    const types = [...new Set(tests.map((t) => t.test.type))].filter((t) => !executors[t]);
    if (types.length) Object.assign(executors, await loadExecutors(types));
    const stop = new AbortController();
    const runJobs = inflight.get(runId) ?? new Set();
    runJobs.add(stop);
    inflight.set(runId, runJobs);
    const slot = freeSlots.pop() ?? `${name}-extra`;
    beat();
    const events: RunEvent[] = [];
    const parts: PartResult[] = [];
    // A part's own result stays here: the orchestrator makes the test's one result from all the parts.
    let partOf: string | undefined;
    // Live events (a test starting, its steps, a load test's ticks) go out as job progress, a few times a
    // second at most; the results go with the job's completion.
    let live: RunEvent[] = [];
    let timer: NodeJS.Timeout | undefined;
    const sendLive = (): void => {
      timer = undefined;
      if (live.length === 0) return;
      const batch = live;
      live = [];
      void job.updateProgress(batch as unknown as object).catch(() => {});
    };
    const deps = {
      executors, aborts: createAbortGroup(stop.signal), scopes, resources, judge, log: o.log, cwd: dir,
      sandbox: bundleSandbox(dir, o.net, o.env),
      env: planEnv,
      // The starting side's, not this worker's: a worker in a cluster is no CI machine, and a run started on
      // CI must not write visual baselines that would be thrown away with it. A job queued by an orchestrator
      // of an older version has none: then nothing was asked.
      settings: job.data.settings ?? DEFAULT_RUN_SETTINGS,
      artifactsDir: path.join(dir, '.aitest', 'artifacts', runId),
      emit(e: RunEvent) {
        if (e.type === 'run:log') events.push(e);
        else if (e.type === 'test:end') {
          // A test that ended before its start went out was never seen running: its start and steps stay
          // here (with many fast tests, most of the traffic).
          live = live.filter((l) => !((l.type === 'test:start' || l.type === 'test:step') && l.test.id === e.test.id));
          if (e.test.id === partOf) return;
          // Taken up again after a worker died with it: the result says how many times.
          const pickups = { name: 'queue_pickups', value: job.attemptsStarted, unit: 'count', at: Date.now() };
          events.push(job.attemptsStarted > 1 ? { ...e, result: { ...e.result, metrics: [...e.result.metrics, pickups] } } : e);
        } else {
          live.push(e);
          timer ??= setTimeout(sendLive, LIVE_MS);
        }
      },
    };
    try {
      for (const { test, ref, part } of tests) {
        if (stop.signal.aborted) break;
        // Paths in a test are relative to its plan's folder: here that folder is inside the bundle.
        const file = deps.sandbox.file(test.file, path.join(dir, 'plan'), 'the plan file');
        const tc = { ...test, file, location: { ...test.location, file } };
        if (tc.browserOptions?.executablePath !== undefined && !warnedExecutable.has(runId)) {
          warnedExecutable.add(runId);
          deps.emit(executableIgnored(name));
        }
        if (part) {
          partOf = ref.id;
          parts.push(await runPart(tc, part.index, deps, stop.signal, slot, ref));
          partOf = undefined;
          continue;
        }
        for (let attempt = 0; ; attempt++) {
          const result = await runTestCase(tc, attempt, deps, stop.signal, slot, ref);
          if (!result || !result.willRetry || stop.signal.aborted) break;
        }
      }
      if (timer) clearTimeout(timer);
      sendLive();
      const files = await artifactsOf(events, dir, o.log);
      return { events, worker: name, ...(parts.length ? { parts } : {}), ...(files ? { files } : {}) };
    } finally {
      freeSlots.push(slot);
      beat();
      runJobs.delete(stop);
      if (runJobs.size === 0) inflight.delete(runId);
    }
  };

  beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS);

  const worker = new Worker<JobData, JobResult>(QUEUE, processor, {
    connection, concurrency: o.concurrency, name,
    lockDuration: LOCK_MS, stalledInterval: STALLED_CHECK_MS, maxStalledCount: MAX_STALLED,
  });
  worker.on('error', (e) => o.log.error('worker error', { error: e.message }));
  await worker.waitUntilReady();

  return {
    name,
    async close() {
      await worker.close();
      clearInterval(heartbeat);
      await redis.del(workerKey(name)).catch(() => 0);
      await judge.close().catch(() => {});
      for (const e of await resources.closeAll()) o.log.warn('closing a worker resource failed', { error: e.message });
      control.disconnect();
      redis.disconnect();
      if (!o.workDir) await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** The variables of `env` named in `names` (`aitest worker --env`, AITEST_WORKER_ENV): all a plan may read here. */
function exposedEnv(env: Record<string, string | undefined>, names: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const n of names) if (Object.hasOwn(env, n) && env[n] !== undefined) out[n] = env[n];
  return out;
}

/** A message of the control channel, or undefined for anything else (not JSON, not an object, fields not strings). */
function controlMessage(text: string): { stop?: string; forget?: string } | undefined {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return undefined;
  const { stop, forget } = m as Record<string, unknown>;
  if ((stop !== undefined && typeof stop !== 'string') || (forget !== undefined && typeof forget !== 'string')) return undefined;
  if (stop === undefined && forget === undefined) return undefined;
  return { ...(stop === undefined ? {} : { stop }), ...(forget === undefined ? {} : { forget }) };
}

/** A plan's `browser.executablePath` is not run here (the worker uses its own browser): the run log says so. */
function executableIgnored(worker: string): RunEvent {
  return { type: 'run:log', level: 'warn', message: `browser.executablePath is ignored on worker ${worker}: a remote worker runs its own browser, never one a plan names`, at: Date.now() };
}
