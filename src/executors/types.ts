// The executor plugin contract: one object with `run(spec, ctx)` per test type.
import type { AbortEmitter } from '../util/attempt-abort.js';
import type { TestType } from '../events/types.js';
import type { JudgeContent } from '../judge/types.js';
import type { JudgeAssertionSpec, TestCase } from '../plan/types.js';
import type { Sandbox } from '../util/sandbox.js';
import type { RunSettings } from './run-settings.js';

// One shape for a check, defined beside the assertions that produce most of them.
export type { CheckInput } from '../assertions/types.js';
import type { CheckInput } from '../assertions/types.js';

export type { AbortEmitter } from '../util/attempt-abort.js';
export type { RunSettings } from './run-settings.js';

// The logger is util's (the logger adapter below every layer implements it); executors see it through ctx.log.
export type { Logger } from '../util/logger.js';
import type { Logger } from '../util/logger.js';

/**
 * What an executor may do while a test runs. It never prints, never touches the store and never
 * knows which reporter is on: everything goes through here and becomes RunEvents.
 */
export interface ExecContext {
  readonly test: Readonly<TestCase>;
  /** The worker slot running this test (`w0`, `w1`, …): key for slot-scoped resources such as a browser. */
  readonly workerId: string;
  /** 0 for the first run of the test, 1 for its first retry, … */
  readonly attempt: number;
  /**
   * The environment the plan may read: the machine's own in a local run; on a remote worker only the variables
   * it was started to expose (`--env`). The machine's own tools (its browser) look in `sandbox.ownEnv` there.
   * Settings of the run are not in it: they are `settings`.
   */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How the run was started (`--update-snapshots`, CI), the same on every worker. */
  readonly settings: RunSettings;
  /** Aborted on timeout or Ctrl-C. Pass it to browsers and SDKs; made on first read. */
  readonly signal: AbortSignal;
  /**
   * The same cancellation shaped as an EventEmitter, far cheaper per request than an AbortSignal
   * listener. undici takes it as `signal`; prefer it on hot paths.
   */
  readonly abort: AbortEmitter;
  /** Plan vars with env/secret references resolved. */
  readonly vars: Readonly<Record<string, unknown>>;
  /**
   * What the plan may reach on this machine. Every file a plan names is opened through `sandbox.file`
   * (a remote worker refuses paths outside the job's bundle); every connection obeys `sandbox.net`.
   */
  readonly sandbox: Sandbox;
  /** Values captured by earlier steps of this test; executors write into it. */
  readonly captures: Record<string, unknown>;
  /** Resolves `${{ vars.x }}`, `${{ env.X }}`, `${{ captures.x }}` and `${{ faker.… }}` everywhere inside `value`. */
  resolve<T>(value: T): T;
  /** Runs `fn` as a titled step; checks made inside belong to it. A throw marks the step `error` and propagates. */
  step<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Records a check; returns false for one that ran and failed, so callers can stop early (a skipped one stops nothing). */
  check(result: CheckInput): boolean;
  metric(name: string, value: number, unit: string, labels?: Record<string, string>): void;
  /**
   * Metrics of the moment while the test runs (a load test's per-second RPS, p95, errors, VUs): sent on
   * at once to reporters and the store as a `test:metric` event, not kept in the result.
   */
  live(metrics: LiveMetric[]): void;
  /** Stores an artifact file under the run's artifact folder; returns its path. */
  attach(name: string, body: Buffer | string, contentType: string): Promise<string>;
  /**
   * Records a file the test wrote where it belongs (a visual baseline beside the plan) as an artifact, where
   * it is; returns its path relative to the run's folder. A remote worker sends it back like any artifact,
   * so `run --remote` writes it at the same place here.
   */
  attachFile(name: string, file: string, contentType: string): string;
  /** A worker-scoped resource (HTTP agent, browser), opened once per worker and closed at the end of the run. */
  resource<T>(key: string, open: () => Promise<T>, close?: (value: T) => Promise<void>): Promise<T>;
  /** Registers a runtime value (e.g. a token captured from a login) to be redacted like a secret. */
  secret(value: string): void;
  /** `text` with every secret of the test replaced, for an artifact the executor rewrites (a trace). */
  redact(text: string): string;
  /**
   * Asks the LLM judge to score `content` against the assertion's rubric and records the verdict as a
   * check (skipped, with the reason, when the plan has no judge). Secrets are redacted from text content
   * before it leaves. The test's timeout clock stops meanwhile: a rate-limited judge queue is the run's
   * wait, not the test's (each model call has the judge's own timeout). Returns whether the check passed.
   */
  judge(assertion: JudgeAssertionSpec, content: JudgeContent): Promise<boolean>;
  log: Logger;
}

export interface LiveMetric {
  name: string;
  value: number;
  unit: string;
  labels?: Record<string, string>;
}

export type ResourceKind = 'browser' | 'network' | 'exclusive';

export interface Executor<S = unknown> {
  /** Each step of a test is reported as a result of its own, e.g. a contract test's operations. */
  resultsPerStep?: boolean;
  type: TestType;
  resource: ResourceKind;
  /** When a test's own spec decides its resource (a load test with `exclusive: false`); default `resource`. */
  resourceFor?(spec: S): ResourceKind;
  /**
   * On a timeout or Ctrl-C the executor winds down by itself within this many ms (it watches `ctx.abort`)
   * and what it measured until then is kept as the result, e.g. a load test's partial summary. Without it
   * an aborted test is abandoned at once and has no result.
   */
  abortGraceMs?: number;
  /**
   * Runs one test. A failed expectation is a `ctx.check({ ok: false })`, not a throw.
   * Throw only when the test cannot go on (server unreachable, bad JSON where JSON was needed):
   * the test then ends with status `error` and the thrown message.
   */
  run(spec: S, ctx: ExecContext): Promise<void>;
}
