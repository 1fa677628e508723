// The orchestrator as a whole: the queue on Redis, the runs, the store, the metrics and the HTTP server.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { tally } from '../events/counts.js';
import type { Logger } from '../executors/types.js';
import { buildJsonReport, runInputFromRecord } from '../reporters/json-report.js';
import { compareTests, fromRecord } from '../reporters/reported-test.js';
import { openPlanBundles } from '../store/plan-bundles.js';
import type { Retention } from '../store/retention.js';
import { openRemoteRuns } from '../store/remote-runs.js';
import { openStore } from '../store/sqlite.js';
import type { TokenTable } from './auth.js';
import { MAX_BUNDLE_BYTES } from './bundle.js';
import { createMetrics } from './metrics.js';
import type { JobData, JobResult } from './protocol.js';
import { connectionFrom, QUEUE, WORKER_KEYS } from './queue.js';
import { checkRedis } from './redis-check.js';
import { bounded } from './bounded.js';
import { createLeases } from './leases.js';
import { createRunNews } from './run-log.js';
import { createRunManager, type RunManager } from './runs.js';
import { buildServer } from './server.js';

export interface OrchestratorOptions {
  redisUrl: string;
  host: string;
  port: number;
  dbPath: string;
  tokens: TokenTable;
  log: Logger;
  /** Requests per minute per token (default 600). */
  rateLimit?: number;
  /** Requests per minute from one address without a valid token (default 10). */
  authFailLimit?: number;
  /** Largest request body, bytes (default: a 20 MB bundle in base64). */
  bodyLimit?: number;
  /** How much history the store keeps, pruned after each run (`serve --keep-runs/--keep-days`). */
  retention?: Retention;
  /**
   * How long a run stays this orchestrator's after it last said so (default 10 s): after that, another
   * orchestrator on the same Redis and store (or this one restarted) takes it over.
   */
  leaseMs?: number;
  /** How long a stopped run waits for its tests in flight (default 10 s). */
  stopDeadlineMs?: number;
}

const LEASE_MS = 10_000;

export interface Orchestrator {
  url: string;
  close(): Promise<void>;
}

export async function startOrchestrator(o: OrchestratorOptions): Promise<Orchestrator> {
  const connection = connectionFrom(o.redisUrl);
  await checkRedis(o.redisUrl, connection);
  // Its own commands fail after a few reconnection attempts rather than wait for Redis forever (only
  // QueueEvents blocks, on a connection of its own): a stop, a lease, a status must end while Redis is away.
  const failing = { ...connection, maxRetriesPerRequest: 5 };
  const redis = new Redis(failing);
  // Redis going away later is logged (ioredis reconnects by itself), never printed as an unhandled stack.
  redis.on('error', (e: Error) => o.log.warn('redis connection error', { error: e.message }));
  const queue = new Queue<JobData, JobResult>(QUEUE, { connection: failing });
  const events = new QueueEvents(QUEUE, { connection });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'aitest-orchestrator-'));
  // Beside the database, like a local run's artifacts.
  const artifactsDir = path.join(path.dirname(o.dbPath), 'remote-artifacts');

  const workerBeats = async (): Promise<{ name: string; slots: number; busy: number }[]> => {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', WORKER_KEYS, 'COUNT', 100);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    const values = keys.length ? await redis.mget(...keys) : [];
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as { name: string; slots: number; busy: number });
  };
  const queueDepth = async (): Promise<number> => {
    const c = await queue.getJobCounts('waiting', 'prioritized', 'delayed');
    return (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0);
  };
  const metrics = createMetrics({ queueDepth, workers: async () => (await workerBeats()).length });
  const remoteRuns = openRemoteRuns(o.dbPath);
  let runs: RunManager | undefined;
  const news = await createRunNews(redis, o.log, (m) => runs?.control(m as Parameters<RunManager['control']>[0]));
  const leaseMs = o.leaseMs ?? LEASE_MS;
  runs = createRunManager({
    queue, events, redis, dbPath: o.dbPath, workDir, log: o.log, observers: [metrics.observer], artifactsDir,
    ...(o.retention ? { retention: o.retention } : {}),
    slots: async () => (await workerBeats()).reduce((n, w) => n + w.slots, 0),
    leases: createLeases(redis, `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`, leaseMs),
    remoteRuns, news,
    watchMs: Math.max(100, Math.floor(leaseMs / 4)),
    stopDeadlineMs: o.stopDeadlineMs ?? 10_000,
  });
  // Runs left by an orchestrator that went away (this one, before a restart) are picked up now, or when
  // their owner's lease lapses.
  await runs.adopt();
  const plans = openPlanBundles(o.dbPath);

  const app = await buildServer({
    runs: runs!, tokens: o.tokens, metrics, plans, artifactsDir,
    bodyLimit: o.bodyLimit ?? Math.ceil((MAX_BUNDLE_BYTES * 4) / 3) + 64 * 1024,
    rateLimit: o.rateLimit ?? 600,
    authFailLimit: o.authFailLimit ?? 10,
    log: o.log,
    results(runId) {
      const store = openStore(o.dbPath);
      try {
        const run = store.getRun(runId);
        if (!run) return undefined;
        const tests = store.results(run.id).map(fromRecord).sort(compareTests);
        const counts = run.status === 'running' ? { ...tally(tests), notRun: 0 } : { ...run.counts, notRun: run.counts.notRun ?? 0 };
        return buildJsonReport(runInputFromRecord(run, Date.now()), counts, tests);
      } finally {
        store.close();
      }
    },
    async capacity() {
      const workers = await workerBeats();
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
      return {
        workers,
        slots: workers.reduce((n, w) => n + w.slots, 0),
        busy: workers.reduce((n, w) => n + w.busy, 0),
        queue: { waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0), active: counts.active ?? 0 },
      };
    },
    async ready() {
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
  });
  const address = await app.listen({ host: o.host, port: o.port });

  return {
    url: address,
    async close() {
      await app.close();
      await runs!.close();
      await news.close();
      remoteRuns.close();
      plans.close();
      // Redis may be away: the orchestrator stops anyway.
      await bounded(events.close(), undefined);
      await bounded(queue.close(), undefined);
      redis.disconnect();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
