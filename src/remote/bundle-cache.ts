// A worker's copies of its runs' bundles: each written once, from Redis, into a folder of its own, and
// removed when the orchestrator says the run is over.
import path from 'node:path';
import { rm } from 'node:fs/promises';
import type { Redis } from 'ioredis';
import { writeBundle } from './bundle.js';
import type { PlanBundle } from './protocol.js';
import { bundleKey } from './queue.js';

export interface BundleCache {
  /** The folder holding the run's bundle, written on first use (concurrent jobs share the one write). */
  dir(runId: string): Promise<string>;
  /** Removes the run's folder (the run is over). */
  forget(runId: string): void;
}

export function createBundleCache(redis: Redis, workDir: string): BundleCache {
  const bundles = new Map<string, Promise<string>>();
  return {
    dir(runId) {
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
        // A failed write is tried again by the run's next job, not remembered.
        dir.catch(() => bundles.delete(runId));
      }
      return dir;
    },
    forget(runId) {
      const dir = bundles.get(runId);
      bundles.delete(runId);
      void dir?.then((d) => rm(d, { recursive: true, force: true })).catch(() => {});
    },
  };
}
