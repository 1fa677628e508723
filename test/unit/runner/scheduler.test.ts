import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../../src/events/types.js';
import type { TestCase } from '../../../src/plan/types.js';
import { schedule } from '../../../src/runner/scheduler.js';

const tc = (id: string, retries = 0): TestCase => ({
  id, plan: 'p', file: 'p.yaml', name: id, type: 'api', location: { file: 'p.yaml', line: 1, column: 1 },
  spec: { name: id, type: 'api', request: { url: '/' } }, timeoutMs: 1000, retries, tags: [], headers: {}, vars: {},
});
const result = (status: TestResult['status'], attempt: number, willRetry = false): TestResult => ({
  status, attempt, willRetry, startedAt: 0, durationMs: 0, checks: [], steps: [], metrics: [], artifacts: [],
});

describe('scheduler', () => {
  it('never runs more than `workers` tests at once and runs each once', async () => {
    let active = 0;
    let peak = 0;
    const ran: string[] = [];
    const cases = Array.from({ length: 20 }, (_, i) => tc(`t${i}`));
    const out = await schedule(cases, {
      workers: 3, signal: new AbortController().signal, resourceOf: () => 'network',
      runAttempt: async (t) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 2));
        active--;
        ran.push(t.id);
        return result('passed', 0);
      },
    });
    expect(peak).toBe(3);
    expect(ran.sort()).toEqual(cases.map((c) => c.id).sort());
    expect(out.finals.size).toBe(20);
  });

  it('retries while the worker says so and keeps the last attempt', async () => {
    const out = await schedule([tc('a', 2)], {
      workers: 1, signal: new AbortController().signal, resourceOf: () => 'network',
      runAttempt: async (_t, attempt) => (attempt < 1 ? result('failed', attempt, true) : result('flaky', attempt)),
    });
    expect(out.finals.get('a')).toMatchObject({ status: 'flaky', attempt: 1 });
  });

  it('stops starting tests after max failures', async () => {
    const out = await schedule(Array.from({ length: 5 }, (_, i) => tc(`f${i}`)), {
      workers: 1, maxFailures: 2, signal: new AbortController().signal, resourceOf: () => 'network',
      runAttempt: async (_t, attempt) => result('failed', attempt),
    });
    expect(out.finals.size).toBe(2);
    expect(out.notRun).toBe(3);
    expect(out.stoppedByMaxFailures).toBe(true);
  });

  it('runs exclusive tests alone, after the others', async () => {
    const order: string[] = [];
    let active = 0;
    let exclusiveOverlap = false;
    await schedule([tc('load'), tc('a'), tc('b')], {
      workers: 4, signal: new AbortController().signal, resourceOf: (t) => (t.id === 'load' ? 'exclusive' : 'network'),
      runAttempt: async (t) => {
        active++;
        if (t.id === 'load' && active > 1) exclusiveOverlap = true;
        await new Promise((r) => setTimeout(r, 5));
        active--;
        order.push(t.id);
        return result('passed', 0);
      },
    });
    expect(order.at(-1)).toBe('load');
    expect(exclusiveOverlap).toBe(false);
  });
});
