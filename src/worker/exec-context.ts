// Builds the ExecContext an executor sees for one attempt, and collects what it reports.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isFailedCheck } from '../events/counts.js';
import type { CheckResult, Metric, ArtifactRef, StepResult } from '../events/types.js';
import type { CheckInput, ExecContext, LiveMetric, Logger, RunSettings } from '../executors/types.js';
import type { JudgeService } from '../judge/service.js';
import type { JudgeContent } from '../judge/types.js';
import { TEMPLATE_OPEN } from '../plan/template-syntax.js';
import type { JudgeAssertionSpec, TestCase } from '../plan/types.js';
import type { AttemptAbort } from '../util/attempt-abort.js';
import type { Sandbox } from '../util/sandbox.js';
import type { Redactor } from './redactor.js';
import type { ResourceScope } from './resources.js';

export interface ExecContextOptions {
  test: TestCase;
  workerId: string;
  env: Readonly<Record<string, string | undefined>>;
  settings: RunSettings;
  attempt: number;
  abort: AttemptAbort;
  vars: Record<string, unknown>;
  /** Builds the template resolver over this attempt's captures. */
  makeResolver: (captures: Record<string, unknown>) => <T>(value: T) => T;
  resources: ResourceScope;
  redactor: Redactor;
  log: Logger;
  artifactsDir: string;
  cwd: string;
  onStep(step: StepResult): void;
  /** Metrics of a test still running (load ticks), sent on at once as a `test:metric` event. */
  onLiveMetrics(metrics: Metric[]): void;
  judge: JudgeService;
  sandbox: Sandbox;
  /** Stops the test's timeout clock until the returned function is called. */
  pauseTimeout(): () => void;
}

export interface Collected {
  checks: CheckResult[];
  steps: StepResult[];
  metrics: Metric[];
  artifacts: ArtifactRef[];
}

/**
 * The ExecContext of one attempt. A class, not an object of closures: a run of many fast tests makes one
 * per test, and methods on a prototype cost nothing per instance.
 */
class AttemptContext implements ExecContext {
  readonly test: TestCase;
  readonly workerId: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly settings: RunSettings;
  readonly attempt: number;
  readonly abort: AttemptAbort;
  readonly vars: Record<string, unknown>;
  readonly sandbox: Sandbox;
  readonly captures: Record<string, unknown> = {};
  readonly collected: Collected = { checks: [], steps: [], metrics: [], artifacts: [] };
  #o: ExecContextOptions;
  #resolve: (<T>(value: T) => T) | undefined;
  #log: Logger | undefined;
  #currentStep: string | undefined;

  constructor(o: ExecContextOptions) {
    this.#o = o;
    // A baseUrl may read a var (`http://127.0.0.1:${{ vars.port }}`): executors see it resolved.
    this.test = o.test.baseUrl?.includes(TEMPLATE_OPEN) ? { ...o.test, baseUrl: String(this.resolve(o.test.baseUrl)) } : o.test;
    this.workerId = o.workerId;
    this.env = o.env;
    this.settings = o.settings;
    this.attempt = o.attempt;
    this.abort = o.abort;
    this.vars = o.vars;
    this.sandbox = o.sandbox;
  }

  get signal(): AbortSignal {
    return this.#o.abort.signal;
  }

  get log(): Logger {
    return (this.#log ??= redactingLogger(this.#o.log, this.#o.redactor));
  }

  resolve<T>(value: T): T {
    this.#resolve ??= this.#o.makeResolver(this.captures);
    const resolved = this.#resolve(value);
    // A template may have put together a URL with a password (`http://u:${{ vars.pw }}@host`): its
    // password is redacted like a secret. Only values that held a template come back as new objects.
    if (resolved !== value) this.#o.redactor.addUrlCredentials(resolved);
    return resolved;
  }

  redact(text: string): string {
    return this.#o.redactor.redact(text);
  }

  async step<T>(title: string, fn: () => Promise<T>): Promise<T> {
    const outer = this.#currentStep;
    this.#currentStep = title;
    const startedAt = Date.now();
    const checksBefore = this.collected.checks.length;
    const finish = (status: StepResult['status'], error?: string): void => {
      const step: StepResult = { title, status, startedAt, durationMs: Date.now() - startedAt };
      if (error !== undefined) step.error = error;
      this.collected.steps.push(step);
      this.#o.onStep(step);
    };
    try {
      const value = await fn();
      const failed = this.collected.checks.slice(checksBefore).some(isFailedCheck);
      finish(failed ? 'failed' : 'passed');
      return value;
    } catch (e) {
      finish('error', e instanceof Error ? e.message : String(e));
      throw e;
    } finally {
      this.#currentStep = outer;
    }
  }

  check(c: CheckInput): boolean {
    const r: CheckResult = { name: c.name, ok: c.ok };
    if (c.expected !== undefined) r.expected = c.expected;
    if (c.actual !== undefined) r.actual = c.actual;
    if (c.message !== undefined) r.message = c.message;
    if (c.skipped !== undefined) r.skipped = c.skipped;
    if (this.#currentStep !== undefined) r.step = this.#currentStep;
    this.collected.checks.push(r);
    // A skipped check stops nothing: only one that ran and failed does.
    return c.ok || c.skipped !== undefined;
  }

  metric(name: string, value: number, unit: string, labels?: Record<string, string>): void {
    const m: Metric = { name, value, unit, at: Date.now() };
    if (labels) m.labels = labels;
    this.collected.metrics.push(m);
  }

  live(metrics: LiveMetric[]): void {
    if (metrics.length === 0) return;
    const at = Date.now();
    this.#o.onLiveMetrics(metrics.map((m) => (m.labels ? { name: m.name, value: m.value, unit: m.unit, labels: m.labels, at } : { name: m.name, value: m.value, unit: m.unit, at })));
  }

  async judge(assertion: JudgeAssertionSpec, content: JudgeContent): Promise<boolean> {
    const o = this.#o;
    // Nothing secret leaves for the model: text is redacted like a report (an image can't be).
    const safe: JudgeContent = content.kind === 'text' ? { kind: 'text', text: o.redactor.redact(content.text) } : content;
    const resume = o.pauseTimeout();
    let r;
    try {
      r = await o.judge.check(assertion, safe, this.test.judge, this.abort.aborted ? undefined : this.signal);
    } finally {
      resume();
    }
    for (const s of r.secrets) o.redactor.add(s);
    for (const m of r.metrics) this.metric(m.name, m.value, m.unit);
    return this.check(r.check);
  }

  async attach(name: string, body: Buffer | string, contentType: string): Promise<string> {
    const o = this.#o;
    const dir = path.join(o.artifactsDir, `${o.test.id}-${o.attempt}`);
    await mkdir(dir, { recursive: true });
    const safe = name.replace(/[^\w.-]+/g, '_');
    const file = path.join(dir, safe);
    await writeFile(file, typeof body === 'string' ? o.redactor.redact(body) : body);
    return this.attachFile(name, file, contentType);
  }

  attachFile(name: string, file: string, contentType: string): string {
    const rel = path.relative(this.#o.cwd, path.resolve(this.#o.cwd, file)).split(path.sep).join('/');
    this.collected.artifacts.push({ name, path: rel, contentType });
    return rel;
  }

  resource<T>(key: string, open: () => Promise<T>, close?: (value: T) => Promise<void>): Promise<T> {
    return this.#o.resources.get(key, open, close);
  }

  secret(value: string): void {
    this.#o.redactor.add(value);
  }
}

function redactingLogger(log: Logger, redactor: Redactor): Logger {
  return {
    debugEnabled: log.debugEnabled,
    debug: (m, d) => log.debug(redactor.redact(m), redactor.redact(d)),
    info: (m, d) => log.info(redactor.redact(m), redactor.redact(d)),
    warn: (m, d) => log.warn(redactor.redact(m), redactor.redact(d)),
    error: (m, d) => log.error(redactor.redact(m), redactor.redact(d)),
  };
}

export function createExecContext(o: ExecContextOptions): { ctx: ExecContext; collected: Collected } {
  const ctx = new AttemptContext(o);
  return { ctx, collected: ctx.collected };
}
