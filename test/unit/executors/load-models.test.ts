// The workload models as numbers: when an open model's iterations are due, how many VUs a closed one wants.
import { describe, expect, it } from 'vitest';
import { createArrivals, modelOf, vusAt, type Model } from '../../../src/executors/load/models.js';
import type { LoadTestSpec } from '../../../src/plan/types.js';

const spec = (s: Partial<LoadTestSpec>): LoadTestSpec => ({ name: 'l', type: 'load', scenario: [{ request: { url: '/' } }], ...s });
const open = (s: Partial<LoadTestSpec>) => modelOf(spec(s)) as Extract<Model, { kind: 'open' }>;
const closed = (s: Partial<LoadTestSpec>) => modelOf(spec(s)) as Extract<Model, { kind: 'closed' }>;

function allArrivals(m: Extract<Model, { kind: 'open' }>): number[] {
  const next = createArrivals(m);
  const out: number[] = [];
  for (let t = next(); t !== undefined; t = next()) out.push(t);
  return out;
}

describe('open models', () => {
  it('constant-arrival-rate: evenly spaced starts, rate × duration of them', () => {
    const times = allArrivals(open({ executor: 'constant-arrival-rate', rate: 500, duration: '2s', preAllocatedVUs: 10 }));
    expect(times.length).toBe(1000);
    expect(times[0]).toBe(0);
    expect(times[1]).toBeCloseTo(2, 9);
    expect(times.at(-1)).toBeCloseTo(1998, 6);
  });

  it('timeUnit scales the rate: 30 per minute over 10 s is 5 iterations, 2 s apart', () => {
    expect(allArrivals(open({ executor: 'constant-arrival-rate', rate: 30, timeUnit: '1m', duration: '10s', preAllocatedVUs: 1 }))).toEqual([0, 2000, 4000, 6000, 8000]);
  });

  it('ramping-arrival-rate: the integral of the rate (0 → 100/s over 10 s is 500 iterations, denser at the end), then a plateau', () => {
    const m = open({ executor: 'ramping-arrival-rate', stages: [{ duration: '10s', target: 100 }, { duration: '2s', target: 100 }], preAllocatedVUs: 5 });
    const times = allArrivals(m);
    expect(times.length).toBe(500 + 200);
    // By t = 5 s a quarter of the ramp's iterations (rate × t / 2 = 250 × 0.5² … = 125) are due.
    expect(times.filter((t) => t < 5000).length).toBe(125);
    // Sorted, and the plateau at 100/s is 10 ms apart.
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times.at(-1)! - times.at(-2)!).toBeCloseTo(10, 6);
  });

  it('a ramp down to zero ends the arrivals', () => {
    const times = allArrivals(open({ executor: 'ramping-arrival-rate', startRate: 10, stages: [{ duration: '2s', target: 0 }, { duration: '5s', target: 0 }], preAllocatedVUs: 1 }));
    expect(times.length).toBe(10);
    expect(times.at(-1)!).toBeLessThan(2000);
  });

  it('maxVUs is never below preAllocatedVUs', () => {
    expect(open({ executor: 'constant-arrival-rate', rate: 1, duration: '1s', preAllocatedVUs: 20 }).maxVUs).toBe(20);
    expect(open({ executor: 'constant-arrival-rate', rate: 1, duration: '1s', maxVUs: 30 }).preAllocatedVUs).toBe(30);
  });
});

describe('closed models', () => {
  it('ramping-vus: linear between stage targets, from startVUs', () => {
    const m = closed({ executor: 'ramping-vus', startVUs: 2, stages: [{ duration: '10s', target: 12 }, { duration: '5s', target: 12 }, { duration: '5s', target: 0 }] });
    expect([0, 5000, 10_000, 14_999, 17_500, 20_000].map((t) => vusAt(m, t))).toEqual([2, 7, 12, 12, 6, 0]);
    expect(m.maxVUs).toBe(12);
    expect(m.durationMs).toBe(20_000);
  });

  it('constant-vus with iterations only runs until they are done', () => {
    const m = closed({ vus: 3, iterations: 10 });
    expect(m.durationMs).toBe(Number.POSITIVE_INFINITY);
    expect(m.iterations).toBe(10);
    expect(vusAt(m, 123_456)).toBe(3);
  });
});
