// A test that reports each of its steps as a result of its own (a contract test: one per operation).
import { isFailedCheck } from '../events/counts.js';
import type { TestRef, TestResult, TestStatus } from '../events/types.js';
import { stableId } from '../plan/hash.js';

export interface SplitResult {
  test: TestRef;
  result: TestResult;
}

/**
 * One result per step of `parent`: the step's checks and metrics, its status, an id of its own and the
 * step title as its name (`GET /api/items`), with `parent` naming the test. The test's own result is kept
 * too when something happened outside its steps (checks made before the first step, a timeout, an error
 * before any step): otherwise that would be reported nowhere. Returns undefined when there are no steps.
 */
export function splitByStep(ref: TestRef, parent: TestResult): SplitResult[] | undefined {
  if (parent.steps.length === 0) return undefined;
  const out: SplitResult[] = parent.steps.map((step) => {
    const checks = parent.checks.filter((c) => c.step === step.title);
    const failing = checks.find(isFailedCheck);
    const status: TestStatus = step.status === 'error' ? 'error' : step.status === 'skipped' ? 'skipped' : step.status === 'failed' || failing ? 'failed' : 'passed';
    const result: TestResult = {
      status, attempt: parent.attempt, willRetry: parent.willRetry, startedAt: step.startedAt, durationMs: step.durationMs,
      checks, steps: [step], metrics: parent.metrics.filter((m) => m.labels?.step === step.title || m.labels?.operation === step.title), artifacts: [],
    };
    // The step that stopped the test carries the test's error, hint included.
    if (status === 'error') result.error = parent.status === 'error' && parent.error ? parent.error : { message: step.error ?? 'error' };
    else if (failing) result.error = { message: failing.message ?? `${failing.name} failed` };
    return { test: { ...ref, id: stableId(ref.id, step.title), name: step.title, parent: ref.id }, result };
  });
  const outside = parent.checks.some((c) => c.step === undefined);
  const brokeOff = (parent.status === 'timedOut' || parent.status === 'error') && !parent.steps.some((s) => s.status === 'error');
  if (outside || brokeOff) out.push({ test: ref, result: { ...parent, checks: parent.checks.filter((c) => c.step === undefined), steps: [] } });
  return out;
}
