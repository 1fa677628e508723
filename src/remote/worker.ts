// `aitest worker`: pulls tests off the queue and runs them (worker-job.ts), tells Redis it is there and how
// busy it is, and listens to the orchestrator's control channel (stop a run, forget a finished one).
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Executor, Logger } from '../executors/types.js';
import { createJudgeService } from '../judge/service.js';
import { createResourceScope } from '../worker/resources.js';
import { createTestScopes } from '../worker/test-scopes.js';
import type { NetPolicy } from '../util/net-policy.js';
import { createBundleCache } from './bundle-cache.js';
import type { JobData, JobResult } from './protocol.js';
import { checkRedis } from './redis-check.js';
import { connectionFrom, HEARTBEAT_MS, LOCK_MS, MAX_STALLED, QUEUE, STALLED_CHECK_MS, workerKey } from './queue.js';
import { listenForControl } from './worker-control.js';
import { createJobProcessor, type JobContext } from './worker-job.js';
import { bounded } from './bounded.js';

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

export async function startRemoteWorker(o: RemoteWorkerOptions): Promise<RemoteWorker> {
  const connection = connectionFrom(o.redisUrl);
  await checkRedis(o.redisUrl, connection);
  const redis = new Redis(connection);
  const control = new Redis(connection);
  // Redis going away later is logged (ioredis reconnects by itself), never printed as an unhandled stack.
  for (const client of [redis, control]) client.on('error', (e: Error) => o.log.warn('redis connection error', { error: e.message }));
  const name = `${os.hostname()}-${process.pid}`;
  const workDir = o.workDir ?? (await mkdtemp(path.join(os.tmpdir(), 'aitest-worker-')));
  // Plans read only the variables the worker was started to expose; the rest of its environment (its own
  // LLM key, cloud credentials) is the worker's: for finding its browser and calling its own judge.
  const planEnv = exposedEnv(o.env, o.exposeEnv ?? []);
  const freeSlots = Array.from({ length: o.concurrency }, (_, i) => `${name}-w${i}`);
  // Heartbeat: who is there and with how many slots busy, for /api/v1/resources/capacity; it lapses if
  // we die. Sent every HEARTBEAT_MS, and at once when a test starts or ends.
  const beat = (): void => {
    void redis.set(workerKey(name), JSON.stringify({ name, slots: o.concurrency, busy: o.concurrency - freeSlots.length, at: Date.now() }), 'PX', HEARTBEAT_MS * 3).catch(() => {});
  };
  const jobs: JobContext = {
    name, log: o.log, planEnv, env: o.env, freeSlots, beat,
    executors: {} as Partial<Record<string, Executor<any>>>,
    scopes: createTestScopes(planEnv, 'worker'),
    resources: createResourceScope(),
    judge: createJudgeService(o.env, { untrusted: { planEnv, ...(o.net ? { net: o.net } : {}) } }),
    bundles: createBundleCache(redis, workDir),
    inflight: new Map(),
    warnedExecutable: new Set(),
    ...(o.net ? { net: o.net } : {}),
  };

  await listenForControl(control, o.log, {
    stop: (runId) => {
      for (const c of jobs.inflight.get(runId) ?? []) c.abort(new Error('the run was stopped'));
    },
    forget: (runId) => {
      jobs.warnedExecutable.delete(runId);
      jobs.bundles.forget(runId);
    },
  });

  beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS);

  const worker = new Worker<JobData, JobResult>(QUEUE, createJobProcessor(jobs), {
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
      await bounded(redis.del(workerKey(name)), 0);
      await jobs.judge.close().catch(() => {});
      for (const e of await jobs.resources.closeAll()) o.log.warn('closing a worker resource failed', { error: e.message });
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
