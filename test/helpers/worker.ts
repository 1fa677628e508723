// Runs hand-built TestCases through the real worker (runTestCase) and collects every event and log line.
import { createJudgeService } from '../../src/judge/service.js';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunEvent, TestResult } from '../../src/events/types.js';
import { executorEntries, loadExecutors } from '../../src/executors/registry.js';

const defaultExecutors = await loadExecutors(Object.keys(executorEntries));
import type { Executor, Logger, RunSettings } from '../../src/executors/types.js';
import { DEFAULT_RUN_SETTINGS } from '../../src/executors/run-settings.js';
import type { ApiTestSpec, TestCase, VarValue } from '../../src/plan/types.js';
import { createResourceScope } from '../../src/worker/resources.js';
import { runTestCase } from '../../src/worker/run-test.js';
import { createAbortGroup } from '../../src/worker/abort-group.js';
import { createTestScopes } from '../../src/worker/test-scopes.js';
import { LOCAL_SANDBOX, type Sandbox } from '../../src/util/sandbox.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  data?: Record<string, unknown>;
}

export interface RunOutcome {
  result: TestResult;
  /** This test's events, in order. */
  events: RunEvent[];
}

export interface WorkerHarness {
  run(tc: TestCase, attempt?: number): Promise<RunOutcome>;
  /** Every event and log line since the harness was made: search it for leaked secrets. */
  events: RunEvent[];
  logs: LogLine[];
  /** Closes worker resources (the HTTP agent). */
  close(): Promise<void>;
}

/** A worker as the runner builds it: real resource scope, real template scopes over `env`. */
export function createWorkerHarness(o: { env?: Record<string, string | undefined>; settings?: RunSettings; executors?: Partial<Record<string, Executor<any>>>; sandbox?: Sandbox } = {}): WorkerHarness {
  const events: RunEvent[] = [];
  const logs: LogLine[] = [];
  const line = (level: LogLine['level']) => (msg: string, data?: Record<string, unknown>): void => {
    logs.push(data === undefined ? { level, msg } : { level, msg, data });
  };
  const log: Logger = { debugEnabled: true, debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  const resources = createResourceScope();
  const run = new AbortController();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-worker-'));
  let current: RunEvent[] = [];
  const deps = {
    executors: o.executors ?? defaultExecutors,
    aborts: createAbortGroup(run.signal),
    scopes: createTestScopes(o.env ?? {}),
    resources,
    log,
    cwd: dir,
    env: o.env ?? {},
    settings: o.settings ?? DEFAULT_RUN_SETTINGS,
    judge: createJudgeService(o.env ?? {}),
    sandbox: o.sandbox ?? LOCAL_SANDBOX,
    artifactsDir: path.join(dir, 'artifacts'),
    emit(e: RunEvent) {
      events.push(e);
      current.push(e);
    },
  };
  return {
    events,
    logs,
    async run(tc, attempt = 0) {
      current = [];
      const result = await runTestCase(tc, attempt, deps, run.signal, 'w1');
      if (!result) throw new Error('the run was interrupted');
      return { result, events: current };
    },
    async close() {
      run.abort();
      const errors = await resources.closeAll();
      if (errors.length > 0) throw errors[0];
    },
  };
}

let counter = 0;

/** An `api` TestCase as the compiler would make it; `spec` is the test body without name/type. */
export function apiTestCase(
  spec: Omit<ApiTestSpec, 'name' | 'type'> & { name?: string },
  o: { baseUrl?: string; timeoutMs?: number; headers?: Record<string, string>; vars?: Record<string, VarValue>; retries?: number } = {},
): TestCase {
  const name = spec.name ?? `test ${++counter}`;
  const tc: TestCase = {
    id: `t${++counter}`,
    plan: 'unit',
    file: 'plan.yaml',
    name,
    type: 'api',
    location: { file: 'plan.yaml', line: 1, column: 1 },
    spec: { ...spec, name, type: 'api' } as ApiTestSpec,
    timeoutMs: o.timeoutMs ?? 10_000,
    retries: o.retries ?? 0,
    tags: [],
    headers: o.headers ?? {},
    vars: o.vars ?? {},
  };
  if (o.baseUrl !== undefined) tc.baseUrl = o.baseUrl;
  return tc;
}
