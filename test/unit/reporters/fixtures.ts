// Hand-built RunEvents and a capturing reporter context, shared by the reporter and store tests.
import type { RunEvent, RunInfo, RunSummary, TestRef, TestResult, TestStatus } from '../../../src/events/types.js';
import type { ReporterContext } from '../../../src/reporters/types.js';

export const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);

export function ref(name: string, over: Partial<TestRef> = {}): TestRef {
  return { id: `id-${name}`, name, type: 'api', plan: 'Quickstart', file: 'plans/quick.yaml', line: 10, column: 5, tags: [], ...over };
}

export function result(status: TestStatus, over: Partial<TestResult> = {}): TestResult {
  return { status, attempt: 0, willRetry: false, startedAt: T0 + 100, durationMs: 42, checks: [], steps: [], metrics: [], artifacts: [], ...over };
}

export function runStart(over: Partial<RunInfo> = {}): RunEvent {
  return {
    type: 'run:start',
    run: { id: 'run-1', plans: [{ name: 'Quickstart', file: 'plans/quick.yaml' }], startedAt: T0, total: 6, workers: 4, ...over },
  };
}

export function testEnd(test: TestRef, r: TestResult): RunEvent {
  return { type: 'test:end', test, result: r };
}

export function runEnd(over: Partial<RunSummary> = {}): RunEvent {
  return {
    type: 'run:end',
    summary: {
      runId: 'run-1', status: 'failed', startedAt: T0, durationMs: 1234, total: 6,
      passed: 1, failed: 1, flaky: 1, skipped: 1, timedOut: 1, errors: 1, notRun: 0, ...over,
    },
  };
}

/** A run touching every status: passed, failed with checks, flaky after a retry, skipped, timed out, error. */
export function sampleRun(runId = 'run-1', over: Partial<RunInfo> = {}): RunEvent[] {
  const failed = ref('create user', { line: 20, tags: ['smoke'] });
  const flaky = ref('sometimes slow', { line: 30 });
  return [
    runStart({ id: runId, git: { commit: 'abc123def', branch: 'main' }, env: { node: 'v20', ci: 'github-actions' }, ...over }),
    testEnd(ref('health answers', { line: 12 }), result('passed', {
      checks: [{ name: 'status', ok: true, expected: 200, actual: 200 }],
      metrics: [{ name: 'http_req_duration', value: 12.5, unit: 'ms', labels: { method: 'GET' }, at: T0 + 140 }],
    })),
    testEnd(failed, result('failed', {
      durationMs: 87,
      error: { message: 'status: expected 201, got 500' },
      checks: [
        { name: 'status', ok: false, expected: 201, actual: 500, step: 'POST /api/users' },
        { name: 'schema', ok: true, expected: { type: 'object' }, actual: null },
        { name: 'jsonPath $.id equals', ok: false, expected: 'abc', actual: { nested: [1, 2, 3] }, message: 'values differ' },
      ],
      steps: [{ title: 'POST /api/users', status: 'failed', startedAt: T0 + 100, durationMs: 80, error: 'status 500' }],
      artifacts: [{ name: 'response', path: '.aitest/artifacts/run-1/response.json', contentType: 'application/json' }],
    })),
    testEnd(flaky, result('failed', { willRetry: true, checks: [{ name: 'maxDuration', ok: false, expected: 500, actual: 812 }] })),
    testEnd(flaky, result('flaky', { attempt: 1, checks: [{ name: 'maxDuration', ok: true, expected: 500, actual: 120 }] })),
    testEnd(ref('not ready', { line: 40 }), result('skipped', { durationMs: 0, skipReason: 'waiting for the API' })),
    testEnd(ref('slow route', { line: 50 }), result('timedOut', {
      durationMs: 5000, error: { message: 'Test timed out after 5000ms.', hint: 'Raise `timeout` on the test.' },
    })),
    testEnd(ref('unreachable', { line: 60, project: 'chromium' }), result('error', { error: { message: 'connect ECONNREFUSED 127.0.0.1:4010' } })),
    runEnd({ runId }),
  ];
}

export interface CapturedContext extends ReporterContext {
  out(): string;
  err(): string;
}

export function captureContext(over: Partial<ReporterContext> = {}): CapturedContext {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s) => void (out += s) },
    stderr: { write: (s) => void (err += s) },
    colors: false,
    cwd: process.cwd(),
    env: {},
    ...over,
    out: () => out,
    err: () => err,
  };
}

export async function feed(reporter: { onEvent(e: RunEvent): void | Promise<void>; close?(): Promise<void> }, events: RunEvent[]): Promise<void> {
  for (const e of events) await reporter.onEvent(e);
  await reporter.close?.();
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[/;
