// Runs one attempt of one TestCase: timeout, executor, status, redaction, events.
import { isFailedCheck } from '../events/counts.js';
import { isAitestError } from '../errors.js';
import { AttemptAbort } from '../util/attempt-abort.js';
import type { RunEvent, TestRef, TestResult, TestStatus } from '../events/types.js';
import type { Executor, Logger, RunSettings } from '../executors/types.js';
import type { JudgeService } from '../judge/service.js';
import type { TestCase } from '../plan/types.js';
import type { Sandbox } from '../util/sandbox.js';
import type { AbortGroup } from './abort-group.js';
import { createExecContext } from './exec-context.js';
import { createRedactor } from './redactor.js';
import { splitByStep } from './step-results.js';
import type { ResourceScope } from './resources.js';
import type { TestScopeFactory } from './test-scopes.js';

export interface WorkerDeps {
  executors: Partial<Record<string, Executor<any>>>;
  /** Aborts the tests in flight when the run is interrupted. */
  aborts: AbortGroup;
  scopes: TestScopeFactory;
  resources: ResourceScope;
  log: Logger;
  cwd: string;
  artifactsDir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** How the run was started: every test's `ctx.settings`. */
  settings: RunSettings;
  /** The run's LLM judge, shared by every test. */
  judge: JudgeService;
  /** What the plan may reach here: anything locally; the job's bundle and the egress policy on a remote worker. */
  sandbox: Sandbox;
  emit(event: RunEvent): void;
}

export function toTestRef(tc: TestCase): TestRef {
  const ref: TestRef = {
    id: tc.id, name: tc.name, type: tc.type, plan: tc.plan, file: tc.file,
    line: tc.location.line, column: tc.location.column, tags: tc.tags,
  };
  if (tc.project) ref.project = tc.project.device ? `${tc.project.browser} / ${tc.project.device}` : tc.project.browser;
  return ref;
}

class TimeoutError extends Error {}

/**
 * Runs one attempt and emits `test:start`, `test:step`s and `test:end`. Returns the result, or
 * `undefined` when the run was interrupted mid-test (an unfinished test has no result).
 */
export async function runTestCase(
  tc: TestCase, attempt: number, deps: WorkerDeps, runSignal: AbortSignal, workerId: string, ref: TestRef = toTestRef(tc),
): Promise<TestResult | undefined> {
  const startedAt = Date.now();
  if (tc.skip !== undefined) {
    const result: TestResult = {
      status: 'skipped', attempt, willRetry: false, startedAt, durationMs: 0, skipReason: tc.skip,
      checks: [], steps: [], metrics: [], artifacts: [],
    };
    deps.emit({ type: 'test:end', test: ref, result });
    return result;
  }
  deps.emit({ type: 'test:start', test: ref, attempt, worker: workerId, at: startedAt });

  const redactor = createRedactor();
  // One per attempt, aborted by its timeout or by the run's interrupt (through deps.aborts).
  const attemptAbort = new AttemptAbort();
  let timedOut = false;
  let rejectAborted!: (reason: unknown) => void;
  // Raced against the executor, so an executor that ignores the signal cannot hang the run.
  const aborted = new Promise<never>((_, reject) => (rejectAborted = reject));
  aborted.catch(() => {});
  // Set once the executor is known: how long it may take to wind down and report after an abort.
  let graceMs = 0;
  let graceTimer: NodeJS.Timeout | undefined;
  const abort = (reason: unknown): void => {
    if (attemptAbort.aborted) return;
    attemptAbort.abort(reason);
    if (graceMs > 0) graceTimer = setTimeout(() => rejectAborted(reason), graceMs);
    else rejectAborted(reason);
  };
  const untrack = deps.aborts.track(abort);
  let status: TestStatus = 'passed';
  let error: TestResult['error'];
  let collected = { checks: [], steps: [], metrics: [], artifacts: [] } as ReturnType<typeof createExecContext>['collected'];
  let timer: NodeJS.Timeout | undefined;
  let deadline = startedAt + tc.timeoutMs;
  let pausedAt: number | undefined;
  const onTimeout = (): void => {
    timedOut = true;
    abort(new TimeoutError());
  };
  let perStep = false;

  try {
    const scope = deps.scopes.forTest(tc, attempt);
    for (const s of scope.secrets) redactor.add(s);
    // A password written into a URL of the plan (`http://user:pw@host`) is a secret too, wherever it shows.
    redactor.addUrlCredentials([tc.baseUrl, tc.headers, tc.spec, tc.browserOptions, scope.vars]);
    const executor = deps.executors[tc.type];
    if (!executor) throw new Error(`No executor is registered for test type "${tc.type}".`);
    perStep = executor.resultsPerStep === true;
    graceMs = executor.abortGraceMs ?? 0;
    const made = createExecContext({
      test: tc, workerId, env: deps.env, settings: deps.settings, attempt, abort: attemptAbort, vars: scope.vars, makeResolver: scope.makeResolver, resources: deps.resources,
      redactor, log: deps.log, artifactsDir: deps.artifactsDir, cwd: deps.cwd,
      onStep: (step) => deps.emit({ type: 'test:step', test: ref, attempt, step: redactor.redact(step) }),
      judge: deps.judge,
      sandbox: deps.sandbox,
      pauseTimeout: () => {
        // Time in the judge (its shared rate-limit queue, the model) is not the test's: the clock stops.
        if (timer === undefined || pausedAt !== undefined) return () => {};
        clearTimeout(timer);
        pausedAt = Date.now();
        return () => {
          if (pausedAt === undefined) return;
          deadline += Date.now() - pausedAt;
          pausedAt = undefined;
          if (!timedOut && !attemptAbort.aborted) timer = setTimeout(onTimeout, Math.max(0, deadline - Date.now()));
        };
      },
      onLiveMetrics: (metrics) => deps.emit({ type: 'test:metric', test: ref, attempt, metrics: redactor.redact(metrics) }),
    });
    collected = made.collected;
    timer = setTimeout(onTimeout, tc.timeoutMs);
    await Promise.race([executor.run(tc.spec, made.ctx), aborted]);
    const failing = collected.checks.find(isFailedCheck);
    if (timedOut) {
      // Wound down within its grace period: what it measured is kept, under the timeout that stopped it.
      status = 'timedOut';
      error = { message: `Test timed out after ${tc.timeoutMs}ms; the results measured until then are kept.`, hint: 'Raise `timeout` on the test.' };
    } else if (runSignal.aborted) {
      status = 'error';
      error = { message: 'Interrupted before its end; the results measured until then are kept.' };
    } else if (failing) {
      status = 'failed';
      error = { message: failing.message ?? `${failing.name}: expected ${show(failing.expected)}, got ${show(failing.actual)}` };
    }
  } catch (e) {
    if (runSignal.aborted) return undefined;
    if (timedOut || e instanceof TimeoutError) {
      status = 'timedOut';
      error = { message: `Test timed out after ${tc.timeoutMs}ms.`, hint: 'Raise `timeout` on the test or in `defaults`, or check why the server is slow.' };
    } else if (isAitestError(e)) {
      status = 'error';
      error = { message: e.message };
      if (e.hint) error.hint = e.hint;
    } else {
      status = 'error';
      const err = e instanceof Error ? e : new Error(String(e));
      error = { message: err.message };
      if (err.stack) error.stack = err.stack;
    }
  } finally {
    if (timer) clearTimeout(timer);
    if (graceTimer) clearTimeout(graceTimer);
    untrack();
  }

  if (status === 'passed' && attempt > 0) status = 'flaky';
  const failedish = status === 'failed' || status === 'timedOut' || status === 'error';
  const result: TestResult = {
    status, attempt, willRetry: failedish && attempt < tc.retries && !runSignal.aborted,
    startedAt, durationMs: Date.now() - startedAt,
    checks: collected.checks, steps: collected.steps, metrics: collected.metrics, artifacts: collected.artifacts,
  };
  if (error) result.error = error;
  const safe = redactor.redact(result);
  const split = perStep ? splitByStep(ref, safe) : undefined;
  if (split) for (const s of split) deps.emit({ type: 'test:end', test: s.test, result: s.result });
  else deps.emit({ type: 'test:end', test: ref, result: safe });
  return safe;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
