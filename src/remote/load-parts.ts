// The parts of a distributed load test coming back from the workers, made into the test's one result
// once the last is in: summaries merged (histograms added), thresholds judged once.
import { isFailedCheck } from '../events/counts.js';
import type { RunEvent, TestRef } from '../events/types.js';
import { thresholdRules } from '../executors/load/threshold-rules.js';
import { resultOfSummary } from '../executors/load/executor.js';
import { mergeSummaries } from '../executors/load/merge.js';
import type { LoadTestSpec } from '../plan/types.js';
import type { PartResult } from './protocol.js';

export interface DistributedTest {
  ref: TestRef;
  spec: LoadTestSpec;
  of: number;
  got: PartResult[];
}

/** Adds a part; returns the test's test:end when it was the last one (a repeated part is ignored). */
export function addPart(test: DistributedTest, p: PartResult): Extract<RunEvent, { type: 'test:end' }> | undefined {
  if (test.got.some((g) => g.index === p.index)) return undefined;
  test.got.push(p);
  if (test.got.length < test.of) return undefined;
  const startedAt = Math.min(...test.got.map((g) => g.startedAt));
  const failed = test.got.filter((g) => !g.summary);
  const base = { attempt: 0, willRetry: false, startedAt, steps: [], artifacts: [] };
  if (failed.length) {
    const why = failed.map((f) => `part ${f.index + 1}: ${f.error}`).join('; ');
    return { type: 'test:end', test: test.ref, result: { ...base, status: 'error', durationMs: Date.now() - startedAt, error: { message: `${failed.length} of ${test.of} parts of the load did not finish: ${why}` }, checks: [], metrics: [] } };
  }
  const merged = mergeSummaries(test.got.sort((a, b) => a.index - b.index).map((g) => g.summary!), thresholdRules(test.spec));
  const { checks, metrics } = resultOfSummary(merged);
  const failedCheck = checks.find(isFailedCheck);
  return {
    type: 'test:end', test: test.ref,
    result: { ...base, status: failedCheck ? 'failed' : 'passed', durationMs: merged.durationMs, checks, metrics, ...(failedCheck?.message ? { error: { message: failedCheck.message } } : {}) },
  };
}
