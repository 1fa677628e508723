// Trends from stored runs: pass rate per run, flip rate, slowest tests, metrics over time, sparklines.
import { expect, it } from 'vitest';
import { computeTrends, spark } from '../../src/analysis/trends.js';
import type { ResultRecord, RunRecord } from '../../src/store/types.js';

const run = (id: string, startedAt: number, durationMs: number): RunRecord => ({
  id, plans: [{ name: 'p', file: 'p.yaml' }], startedAt, durationMs, status: 'passed',
  counts: { total: 0, passed: 0, failed: 0, flaky: 0, skipped: 0, timedOut: 0, errors: 0 },
});
const result = (name: string, status: ResultRecord['status'], durationMs: number, p95?: number): ResultRecord => ({
  runId: 'r', testId: name, name, type: 'api', plan: 'p', file: 'p.yaml', line: 1, status, attempt: 0, startedAt: 0, durationMs,
  checks: [], steps: [], artifacts: [],
  metrics: p95 === undefined ? [] : [{ name: 'http_req_duration', value: p95, unit: 'ms', labels: { stat: 'p(95)' }, at: 0 }],
});

it('computes per-run pass rates, flip rates, the slowest tests and tracked metrics, oldest first', () => {
  // The store lists newest first.
  const t = computeTrends([
    { run: run('r3', 3, 300), results: [result('a', 'passed', 10), result('b', 'failed', 50, 30)] },
    { run: run('r2', 2, 200), results: [result('a', 'passed', 12), result('b', 'passed', 40, 20), result('c', 'skipped', 0)] },
    { run: run('r1', 1, 100), results: [result('a', 'passed', 11), result('b', 'failed', 60, 10)] },
  ]);
  expect(t.runs.map((r) => [r.id, r.passRate, r.durationMs])).toEqual([['r1', 0.5, 100], ['r2', 1, 200], ['r3', 0.5, 300]]);
  expect(t.flakiest).toEqual([{ test: 'b', flips: 2, flipRate: 1, runs: 3 }]);
  expect(t.slowest.map((s) => [s.test, s.meanMs])).toEqual([['b', 50], ['a', 11]]);
  expect(t.metrics).toEqual([{ metric: 'p95 (ms)', test: 'b', values: [10, 20, 30] }]);
});

it('sparklines scale between min and max and leave gaps blank', () => {
  expect(spark([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
  expect(spark([5, undefined, 5])).toBe('▄ ▄');
  expect(spark([])).toBe('');
});
