// Distributing a load test: each part's share adds up to the plan's load, and the parts' summaries merge
// by adding histograms (the merged p95 is the p95 of all requests, not an average of the parts').
import { describe, expect, it } from 'vitest';
import { thresholdRules } from '../../../src/executors/load/threshold-rules.js';
import { mergeSummaries } from '../../../src/executors/load/merge.js';
import { summaryOf, type Measured } from '../../../src/executors/load/measured.js';
import { splitLoad } from '../../../src/executors/load/split.js';
import { newHistogram, recordMs, RequestStats } from '../../../src/executors/load/stats.js';
import type { LoadTestSpec } from '../../../src/plan/types.js';

const base = { name: 'l', type: 'load', scenario: [{ request: { url: '/' } }] } as unknown as LoadTestSpec;

describe('splitLoad', () => {
  it('divides VUs, iterations, rates and stage targets, the remainder to the first parts', () => {
    const spec = { ...base, vus: 7, iterations: 301, distribute: 3 } as LoadTestSpec;
    const parts = [0, 1, 2].map((i) => splitLoad(spec, 3, i)!);
    expect(parts.map((p) => p.vus)).toEqual([3, 2, 2]);
    expect(parts.map((p) => p.iterations)).toEqual([101, 100, 100]);
    expect(parts.every((p) => p.distribute === undefined)).toBe(true);
    const open = { ...base, executor: 'ramping-arrival-rate', startRate: 10, stages: [{ duration: '10s', target: 100 }, { duration: '5s', target: 0 }], preAllocatedVUs: 2, maxVUs: 50 } as LoadTestSpec;
    const ramps = [0, 1, 2, 3].map((i) => splitLoad(open, 4, i)!);
    expect(ramps.map((p) => p.stages![0].target).reduce((a, b) => a + b)).toBe(100);
    expect(ramps.map((p) => p.startRate)).toEqual([3, 3, 2, 2]);
    expect(ramps.map((p) => p.maxVUs).reduce((a, b) => a! + b!)).toBe(50);
    expect(ramps.every((p) => p.preAllocatedVUs! >= 1)).toBe(true);
  });

  it('a part with nothing to do is left out (more parts than VUs)', () => {
    const spec = { ...base, vus: 2, duration: '5s' } as LoadTestSpec;
    expect([0, 1, 2, 3].map((i) => splitLoad(spec, 4, i)?.vus)).toEqual([1, 1, undefined, undefined]);
  });
});

function part(latencies: number[], iterations: number): ReturnType<typeof summaryOf> {
  const stats = new RequestStats();
  for (const ms of latencies) {
    recordMs(stats.duration, ms);
    recordMs(stats.service, ms);
  }
  stats.requests = latencies.length;
  stats.statuses.set(200, latencies.length);
  stats.recordCheck('status', true, undefined);
  const iteration = newHistogram();
  for (const ms of latencies) recordMs(iteration, ms);
  const m: Measured = { overall: stats, steps: [stats], stepNames: ['GET /'], iterationDuration: iteration, iterations, dropped: 0, checkPasses: iterations, checkFails: 0 };
  return summaryOf(m, [], { model: 'constant-vus', open: false, durationMs: 1000, vusMax: 2, interrupted: false });
}

describe('mergeSummaries', () => {
  it('adds counts and histograms; the merged percentiles are those of all the requests', () => {
    const fast = part(Array.from({ length: 100 }, (_, i) => i + 1), 100);
    const slow = part(Array.from({ length: 100 }, (_, i) => i + 101), 100);
    const spec = { ...base, thresholds: { http_req_duration: ['p(95) < 180ms', 'p(50) < 150ms'], iterations: ['count == 200'] } } as unknown as LoadTestSpec;
    const merged = mergeSummaries([fast, slow], thresholdRules(spec));
    expect(merged.overall.requests).toBe(200);
    expect(merged.overall.statuses).toEqual({ 200: 200 });
    expect(merged.iterations).toBe(200);
    expect(merged.vusMax).toBe(4);
    expect(merged.overall.checks).toEqual([{ name: 'status', passes: 2, fails: 0 }]);
    // p95 of 1..200 is 190; an average of the parts' p95s (95 and 195) would be 145.
    expect(merged.overall.duration.p95).toBeGreaterThan(188);
    expect(merged.overall.duration.p95).toBeLessThan(192);
    expect(merged.thresholds.map((t) => [t.source, t.ok])).toEqual([['p(95) < 180ms', false], ['p(50) < 150ms', true], ['count == 200', true]]);
  });
});
