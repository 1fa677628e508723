// Builds the ExecContext an executor sees for one attempt, and collects what it reports.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckResult, Metric, ArtifactRef, StepResult } from '../events/types.js';
import type { CheckInput, ExecContext, Logger } from '../executors/types.js';
import type { TestCase } from '../plan/types.js';
import type { AttemptAbort } from '../util/attempt-abort.js';
import type { Redactor } from './redactor.js';
import type { ResourceScope } from './resources.js';

export interface ExecContextOptions {
  test: TestCase;
  workerId: string;
  env: Readonly<Record<string, string | undefined>>;
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
}

export interface Collected {
  checks: CheckResult[];
  steps: StepResult[];
  metrics: Metric[];
  artifacts: ArtifactRef[];
}

export function createExecContext(o: ExecContextOptions): { ctx: ExecContext; collected: Collected } {
  const collected: Collected = { checks: [], steps: [], metrics: [], artifacts: [] };
  const captures: Record<string, unknown> = {};
  const resolve = o.makeResolver(captures);
  let currentStep: string | undefined;

  const redactingLog: Logger = {
    debugEnabled: o.log.debugEnabled,
    debug: (m, d) => o.log.debug(o.redactor.redact(m), o.redactor.redact(d)),
    info: (m, d) => o.log.info(o.redactor.redact(m), o.redactor.redact(d)),
    warn: (m, d) => o.log.warn(o.redactor.redact(m), o.redactor.redact(d)),
    error: (m, d) => o.log.error(o.redactor.redact(m), o.redactor.redact(d)),
  };

  const ctx: ExecContext = {
    test: o.test,
    workerId: o.workerId,
    attempt: o.attempt,
    env: o.env,
    get signal() {
      return o.abort.signal;
    },
    abort: o.abort,
    vars: o.vars,
    captures,
    resolve,
    async step<T>(title: string, fn: () => Promise<T>): Promise<T> {
      const outer = currentStep;
      currentStep = title;
      const startedAt = Date.now();
      const checksBefore = collected.checks.length;
      const finish = (status: StepResult['status'], error?: string): void => {
        const step: StepResult = { title, status, startedAt, durationMs: Date.now() - startedAt };
        if (error !== undefined) step.error = error;
        collected.steps.push(step);
        o.onStep(step);
      };
      try {
        const value = await fn();
        const failed = collected.checks.slice(checksBefore).some((c) => !c.ok);
        finish(failed ? 'failed' : 'passed');
        return value;
      } catch (e) {
        finish('error', e instanceof Error ? e.message : String(e));
        throw e;
      } finally {
        currentStep = outer;
      }
    },
    check(c: CheckInput): boolean {
      const r: CheckResult = { name: c.name, ok: c.ok };
      if (c.expected !== undefined) r.expected = c.expected;
      if (c.actual !== undefined) r.actual = c.actual;
      if (c.message !== undefined) r.message = c.message;
      if (currentStep !== undefined) r.step = currentStep;
      collected.checks.push(r);
      return c.ok;
    },
    metric(name, value, unit, labels) {
      const m: Metric = { name, value, unit, at: Date.now() };
      if (labels) m.labels = labels;
      collected.metrics.push(m);
    },
    async attach(name, body, contentType) {
      const dir = path.join(o.artifactsDir, `${o.test.id}-${o.attempt}`);
      await mkdir(dir, { recursive: true });
      const safe = name.replace(/[^\w.-]+/g, '_');
      const file = path.join(dir, safe);
      await writeFile(file, typeof body === 'string' ? o.redactor.redact(body) : body);
      const rel = path.relative(o.cwd, file).split(path.sep).join('/');
      collected.artifacts.push({ name, path: rel, contentType });
      return rel;
    },
    resource: (key, open, close) => o.resources.get(key, open, close),
    secret: (v) => o.redactor.add(v),
    log: redactingLog,
  };
  return { ctx, collected };
}
