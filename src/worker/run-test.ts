// Runs one attempt of one TestCase: timeout, executor, status, redaction, events.
import { isFailedCheck, isFailing } from '../events/counts.js';
import { isAitestError } from '../errors.js';
import type { RunEvent, TestRef, TestResult, TestStatus } from '../events/types.js';
import type { Executor, Logger, RunSettings } from '../executors/types.js';
import type { JudgeService } from '../judge/service.js';
import type { TestCase } from '../plan/types.js';
import type { Sandbox } from '../util/sandbox.js';
import type { AbortGroup } from './abort-group.js';
import { createAttemptClock, TimeoutError } from './attempt-clock.js';
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

type Collected = ReturnType<typeof createExecContext>['collected'];
type Outcome = { status: TestStatus; error?: TestResult['error'] };

/**
 * Runs one attempt and emits `test:start`, `test:step`s and `test:end`. Returns the result, or
 * `undefined` when the run was interrupted mid-test (an unfinished test has no result).
 */
export async function runTestCase(
  tc: TestCase, attempt: number, deps: WorkerDeps, runSignal: AbortSignal, workerId: string, ref: TestRef = toTestRef(tc),
): Promise<TestResult | undefined> {
  const startedAt = Date.now();
  if (tc.skip !== undefined) return skipped(tc.skip, attempt, startedAt, ref, deps);
  deps.emit({ type: 'test:start', test: ref, attempt, worker: workerId, at: startedAt });

  const redactor = createRedactor();
  // One per attempt, aborted by its timeout or by the run's interrupt (through deps.aborts).
  const clock = createAttemptClock(startedAt, tc.timeoutMs);
  const untrack = deps.aborts.track(clock.abort);
  let outcome: Outcome = { status: 'passed' };
  let collected: Collected = { checks: [], steps: [], metrics: [], artifacts: [] };
  let perStep = false;

  try {
    const scope = deps.scopes.forTest(tc, attempt);
    for (const s of scope.secrets) redactor.add(s);
    // A password written into a URL of the plan (`http://user:pw@host`) is a secret too, wherever it shows.
    redactor.addUrlCredentials([tc.baseUrl, tc.headers, tc.spec, tc.browserOptions, scope.vars]);
    const executor = deps.executors[tc.type];
    if (!executor) throw new Error(`No executor is registered for test type "${tc.type}".`);
    perStep = executor.resultsPerStep === true;
    clock.setGrace(executor.abortGraceMs ?? 0);
    const made = createExecContext({
      test: tc, workerId, env: deps.env, settings: deps.settings, attempt, abort: clock.signal, vars: scope.vars, makeResolver: scope.makeResolver, resources: deps.resources,
      redactor, log: deps.log, artifactsDir: deps.artifactsDir, cwd: deps.cwd,
      onStep: (step) => deps.emit({ type: 'test:step', test: ref, attempt, step: redactor.redact(step) }),
      judge: deps.judge,
      sandbox: deps.sandbox,
      // Time in the judge (its shared rate-limit queue, the model) is not the test's: the clock stops.
      pauseTimeout: clock.pause,
      onLiveMetrics: (metrics) => deps.emit({ type: 'test:metric', test: ref, attempt, metrics: redactor.redact(metrics) }),
    });
    collected = made.collected;
    clock.start();
    await Promise.race([executor.run(tc.spec, made.ctx), clock.givenUp]);
    outcome = finishedOutcome(tc, collected, clock.timedOut, runSignal.aborted);
  } catch (e) {
    if (runSignal.aborted) return undefined;
    outcome = thrownOutcome(tc, e, clock.timedOut);
  } finally {
    clock.dispose();
    untrack();
  }

  if (outcome.status === 'passed' && attempt > 0) outcome.status = 'flaky';
  const { status, error } = outcome;
  const failedish = isFailing(status);
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

function skipped(reason: string, attempt: number, startedAt: number, ref: TestRef, deps: WorkerDeps): TestResult {
  const result: TestResult = {
    status: 'skipped', attempt, willRetry: false, startedAt, durationMs: 0, skipReason: reason,
    checks: [], steps: [], metrics: [], artifacts: [],
  };
  deps.emit({ type: 'test:end', test: ref, result });
  return result;
}

/** The status of an executor that returned: its first failing check, or why it was stopped. */
function finishedOutcome(tc: TestCase, collected: Collected, timedOut: boolean, interrupted: boolean): Outcome {
  // Wound down within its grace period: what it measured is kept, under the timeout that stopped it.
  if (timedOut) return { status: 'timedOut', error: { message: `Test timed out after ${tc.timeoutMs}ms; the results measured until then are kept.`, hint: 'Raise `timeout` on the test.' } };
  if (interrupted) return { status: 'error', error: { message: 'Interrupted before its end; the results measured until then are kept.' } };
  const failing = collected.checks.find(isFailedCheck);
  if (failing) return { status: 'failed', error: { message: failing.message ?? `${failing.name}: expected ${show(failing.expected)}, got ${show(failing.actual)}` } };
  return { status: 'passed' };
}

/** The status of an executor that threw or was given up: a timeout, an error aitest explains, or a stack. */
function thrownOutcome(tc: TestCase, e: unknown, timedOut: boolean): Outcome {
  if (timedOut || e instanceof TimeoutError) {
    return { status: 'timedOut', error: { message: `Test timed out after ${tc.timeoutMs}ms.`, hint: 'Raise `timeout` on the test or in `defaults`, or check why the server is slow.' } };
  }
  if (isAitestError(e)) return { status: 'error', error: e.hint ? { message: e.message, hint: e.hint } : { message: e.message } };
  const err = e instanceof Error ? e : new Error(String(e));
  return { status: 'error', error: err.stack ? { message: err.message, stack: err.stack } : { message: err.message } };
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
