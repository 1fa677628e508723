import { describe, expect, it } from 'vitest';
import type { TestRef, TestResult } from '../../../src/events/types.js';
import { splitByStep } from '../../../src/worker/step-results.js';

const ref: TestRef = { id: 'abc', name: 'API matches its contract', type: 'contract', plan: 'p', file: 'plan.yaml', line: 3, column: 5, tags: [] };
const step = (title: string, status: 'passed' | 'failed' | 'error') => ({ title, status, startedAt: 1, durationMs: 2 });
const result = (over: Partial<TestResult>): TestResult => ({
  status: 'failed', attempt: 0, willRetry: false, startedAt: 0, durationMs: 10, checks: [], steps: [], metrics: [], artifacts: [], ...over,
});

describe('one result per step', () => {
  it('gives each step its own id, name, status and checks, pointing at its test', () => {
    const split = splitByStep(ref, result({
      steps: [step('GET /a', 'passed'), step('GET /b', 'failed')],
      checks: [{ name: 'status', ok: true, step: 'GET /a' }, { name: 'schema', ok: false, step: 'GET /b', message: 'GET /b: schema: /x must be number' }],
      metrics: [{ name: 'http_req_duration', value: 3, unit: 'ms', labels: { step: 'GET /b' }, at: 1 }],
    }))!;
    expect(split.map((s) => [s.test.name, s.result.status, s.test.parent, s.result.checks.map((c) => c.name)])).toEqual([
      ['GET /a', 'passed', 'abc', ['status']],
      ['GET /b', 'failed', 'abc', ['schema']],
    ]);
    expect(new Set(split.map((s) => s.test.id)).size).toBe(2);
    expect(split[0]!.test.id).not.toBe('abc');
    expect(split[1]!.result.error).toEqual({ message: 'GET /b: schema: /x must be number' });
    expect(split[1]!.result.metrics).toHaveLength(1);
  });

  it('a step that stopped the test carries its error; a timeout outside the steps keeps the test\'s own result', () => {
    const errored = splitByStep(ref, result({ status: 'error', error: { message: 'connection refused', hint: 'start it' }, steps: [step('GET /a', 'error')] }))!;
    expect(errored.map((s) => [s.test.name, s.result.status, s.result.error])).toEqual([['GET /a', 'error', { message: 'connection refused', hint: 'start it' }]]);
    const timedOut = splitByStep(ref, result({ status: 'timedOut', error: { message: 'Test timed out after 1000ms.' }, steps: [step('GET /a', 'passed')] }))!;
    expect(timedOut.map((s) => [s.test.name, s.result.status])).toEqual([['GET /a', 'passed'], ['API matches its contract', 'timedOut']]);
    expect(splitByStep(ref, result({ status: 'error', steps: [] }))).toBeUndefined();
  });
});
