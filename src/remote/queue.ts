// The queue the orchestrator fills and the workers drain: BullMQ on Redis, one job per test.
import type { ConnectionOptions } from 'bullmq';

/** One queue for every run; a job is one TestCase of one run. */
export const QUEUE = 'aitest-tests';
/** Workers listen here for runs to stop (their jobs in flight are aborted). */
export const CONTROL_CHANNEL = 'aitest:control';
/** Orchestrators pass a run's actions (stop, pause, resume) to its owner here. */
export const ORCHESTRATOR_CHANNEL = 'aitest:orchestrators';
/** A run's owner says "run X has new events" here, so followers on any orchestrator wake. */
export const NEWS_CHANNEL = 'aitest:run-news';

export const bundleKey = (runId: string): string => `aitest:bundle:${runId}`;
/** How long a run's bundle is kept; the owner refreshes it while the run goes on. */
export const BUNDLE_TTL_S = 24 * 3600;
/** A worker's heartbeat: `{ name, slots, busy, at }`, expiring when it stops beating. */
export const workerKey = (name: string): string => `aitest:worker:${name}`;
export const WORKER_KEYS = 'aitest:worker:*';
export const HEARTBEAT_MS = 5_000;
/** Job ids carry the run, so a run's jobs are found and stopped together. BullMQ forbids ':' in them. */
export const jobId = (runId: string, testId: string): string => `${runId}.${testId}`;

/** A redis:// URL as BullMQ connection options (BullMQ's workers need maxRetriesPerRequest null). */
export function connectionFrom(url: string): ConnectionOptions & { host: string; port: number } {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`not a redis:// URL: ${url}`);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * How soon a job whose worker died is handed to another: the lock lapses after LOCK_MS without the
 * worker renewing it, and the stalled-job check runs every STALLED_CHECK_MS.
 */
export const LOCK_MS = 5_000;
export const STALLED_CHECK_MS = 2_000;
/** A job stalled this many times (its worker killed again and again) fails instead of looping. */
export const MAX_STALLED = 3;
