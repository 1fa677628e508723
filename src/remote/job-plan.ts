// A run's tests as queue jobs: fast tests in chunks, slow ones alone, a distributed load test as one job
// per share of its load.
import type { LoadPartSpec } from '../executors/load/executor.js';
import { DEFAULT_RUN_SETTINGS, type RunSettings } from '../executors/run-settings.js';
import { splitLoad } from '../executors/load/split.js';
import type { LoadTestSpec, TestCase } from '../plan/types.js';
import { toTestRef } from '../worker/run-test.js';
import type { DistributedTest } from './load-parts.js';
import type { JobData } from './protocol.js';

// Chunks of at most MAX_CHUNK tests, and at least ~CHUNKS_PER_SLOT chunks per worker slot so that work
// spreads evenly (a slow worker holds back little) and a killed worker's chunk is cheap to run again.
const MAX_CHUNK = 50;
const CHUNKS_PER_SLOT = 4;
/** Seconds each: one to a job, so they spread over the workers. */
const SOLO = new Set(['ui', 'visual', 'accessibility', 'performance', 'load']);

export interface JobPlan {
  jobs: JobData[];
  /** The distributed load tests, by test id: their parts come back to be merged. */
  distributed: Map<string, DistributedTest>;
}

/** Every job of a run carries, besides its tests, how the run was started (`settings`). */
export function planJobs(runId: string, cases: TestCase[], slots: number, settings: RunSettings = DEFAULT_RUN_SETTINGS): JobPlan {
  const size = Math.max(1, Math.min(MAX_CHUNK, Math.ceil(cases.length / (Math.max(1, slots) * CHUNKS_PER_SLOT))));
  const jobs: JobData[] = [];
  const distributed = new Map<string, DistributedTest>();
  const job = (tests: JobData['tests']): JobData => ({ runId, tests, settings });
  let chunk: TestCase[] = [];
  const flush = (): void => {
    if (chunk.length) jobs.push(job(chunk.map((t) => ({ test: t, ref: toTestRef(t) }))));
    chunk = [];
  };
  for (const tc of cases) {
    const n = tc.type === 'load' ? ((tc.spec as LoadTestSpec).distribute ?? 1) : 1;
    if (n > 1) {
      // One job per share, on as many workers as there are.
      const spec = tc.spec as LoadTestSpec;
      const shares = Array.from({ length: n }, (_, i) => splitLoad(spec, n, i)).filter((p): p is LoadTestSpec => p !== undefined);
      const ref = toTestRef(tc);
      distributed.set(tc.id, { ref, spec, of: shares.length, got: [] });
      shares.forEach((share, index) => {
        const part = { index, of: shares.length };
        const partSpec: LoadPartSpec = { ...share, part };
        jobs.push(job([{ test: { ...tc, id: `${tc.id}-p${index}`, spec: partSpec }, ref, part }]));
      });
    } else if (SOLO.has(tc.type)) jobs.push(job([{ test: tc, ref: toTestRef(tc) }]));
    else {
      chunk.push(tc);
      if (chunk.length >= size) flush();
    }
  }
  flush();
  return { jobs, distributed };
}
