// Merging shards: the run covers every shard's plans and tests; a split that is not whole is refused.
import { describe, expect, it } from 'vitest';
import { MergeError, mergeShards, type ShardEvents } from '../../../src/events/merge.js';
import type { RunEvent, TestResult } from '../../../src/events/types.js';

const result = (status: TestResult['status'], startedAt: number, extra: Partial<TestResult> = {}): TestResult => ({ status, attempt: 0, willRetry: false, startedAt, durationMs: 100, checks: [], steps: [], metrics: [], artifacts: [], ...extra });
function shard(index: number | undefined, tests: [string, TestResult][], end = true): ShardEvents {
  const events: RunEvent[] = [{ type: 'run:start', run: { id: `r${index}`, plans: [{ name: 'P', file: 'p.yaml' }], startedAt: 1000 * (index ?? 1), total: tests.length, workers: 2, ...(index ? { shard: { index, total: 2 } } : {}) } }];
  for (const [name, r] of tests) events.push({ type: 'test:end', test: { id: name, name, type: 'api', plan: 'P', file: 'p.yaml', line: 1, column: 1, tags: [] }, result: r });
  if (end) events.push({ type: 'run:end', summary: { runId: `r${index}`, status: 'passed', startedAt: 1000 * (index ?? 1), durationMs: 500, total: tests.length, passed: tests.length, failed: 0, flaky: 0, skipped: 0, timedOut: 0, errors: 0, notRun: 0 } });
  return { source: `shard ${index}`, events };
}

describe('mergeShards', () => {
  it('one run: total and counts over the shards, retried attempts not counted twice, from the first start to the last end', () => {
    const out = mergeShards([
      shard(1, [['a', result('passed', 1000)], ['b', result('failed', 1100, { willRetry: true })], ['b', result('flaky', 1300, { attempt: 1 })]]),
      shard(2, [['c', result('failed', 2000)]]),
    ], 'merged');
    expect(out[0]).toMatchObject({ type: 'run:start', run: { id: 'merged', total: 4, workers: 4, startedAt: 1000, plans: [{ name: 'P', file: 'p.yaml' }] } });
    expect(out[0].type === 'run:start' && out[0].run.shard).toBeUndefined();
    expect(out.filter((e) => e.type === 'test:end')).toHaveLength(4);
    expect(out.at(-1)).toMatchObject({ type: 'run:end', summary: { runId: 'merged', status: 'failed', total: 3, passed: 1, flaky: 1, failed: 1, durationMs: 1500 } });
  });

  it('a shard without its run:end makes the run interrupted', () => {
    const out = mergeShards([shard(1, [['a', result('passed', 1000)]]), shard(2, [['c', result('passed', 2000)]], false)], 'm');
    expect(out.at(-1)).toMatchObject({ summary: { status: 'interrupted', passed: 2 } });
  });

  it('refuses a shard given twice, shards of different splits, and sharded mixed with whole runs', () => {
    expect(() => mergeShards([shard(1, []), shard(1, []), shard(2, [])], 'm')).toThrow(/Shard 1\/2 is there twice/);
    const other = shard(2, []);
    if (other.events[0].type === 'run:start') other.events[0].run.shard = { index: 2, total: 3 };
    expect(() => mergeShards([shard(1, []), other], 'm')).toThrow(/shard 2\/3, the others are of 2/);
    expect(() => mergeShards([shard(1, []), shard(undefined, [])], 'm')).toThrow(MergeError);
    expect(() => mergeShards([], 'm')).toThrow(/Nothing to merge/);
  });
});
