// The RunEvent union: the one serializable vocabulary shared by runner, store, reporters,
// dashboard and the remote link. Plain data only; this folder imports nothing from Node.

export type TestType =
  | 'api' | 'graphql' | 'websocket' | 'contract' | 'ui' | 'visual'
  | 'accessibility' | 'performance' | 'load';

/** `error`: the test could not run (server unreachable, browser missing). `failed`: an expectation did not hold. */
export type TestStatus = 'passed' | 'failed' | 'flaky' | 'skipped' | 'timedOut' | 'error';
export type RunStatus = 'passed' | 'failed' | 'interrupted';

/** Enough to name a test everywhere without carrying its spec. */
export interface TestRef {
  id: string;
  name: string;
  type: TestType;
  plan: string;         // plan name
  file: string;         // plan file, relative to cwd
  line: number;
  column: number;
  tags: string[];
  project?: string;     // e.g. "chromium / iPhone 13" once browsers land
  parent?: string;      // id of the test this result is part of (a contract test's operations)
}

export interface CheckResult {
  name: string;         // e.g. "status", "jsonPath $.id equals"
  /** false for a skipped check too: only a check that ran and held is ok. */
  ok: boolean;
  /** Why the check did not run (a judge with no provider): it neither passes nor fails the test. */
  skipped?: string;
  expected?: unknown;
  actual?: unknown;
  message?: string;
  step?: string;        // title of the step it was made in
}

export interface StepResult {
  title: string;
  status: 'passed' | 'failed' | 'error' | 'skipped';
  startedAt: number;    // epoch ms
  durationMs: number;
  error?: string;
}

export interface Metric {
  name: string;
  value: number;
  unit: string;         // ms, bytes, count, ratio, …
  labels?: Record<string, string>;
  at: number;           // epoch ms
}

export interface ArtifactRef {
  name: string;
  path: string;         // file path, relative to cwd
  contentType: string;
}

export interface TestError {
  message: string;
  stack?: string;       // only kept for programmer errors
  hint?: string;
}

export interface TestResult {
  status: TestStatus;
  attempt: number;      // 0-based
  willRetry: boolean;   // true when another attempt follows: reporters count only final results
  startedAt: number;
  durationMs: number;
  error?: TestError;
  skipReason?: string;
  checks: CheckResult[];
  steps: StepResult[];
  metrics: Metric[];
  artifacts: ArtifactRef[];
}

export interface RunInfo {
  id: string;
  plans: { name: string; file: string }[];
  startedAt: number;
  total: number;        // tests scheduled (after filters), excluding retries
  workers: number;
  baseUrl?: string;
  git?: { commit?: string; branch?: string };
  env?: Record<string, string>;   // CI name, node version, os — never secrets
  shard?: { index: number; total: number };
  /** The plan's weights for the quality score (`assessment.weights`), when it sets them. */
  qualityWeights?: Partial<Record<'functionality' | 'ui' | 'performance' | 'accessibility', number>>;
}

export interface RunSummary {
  runId: string;
  status: RunStatus;
  startedAt: number;
  durationMs: number;
  total: number;
  passed: number;
  failed: number;
  flaky: number;
  skipped: number;
  timedOut: number;
  errors: number;
  notRun: number;       // scheduled but never started (interrupt, max-failures)
}

export type RunEvent =
  | { type: 'run:start'; run: RunInfo }
  | { type: 'test:start'; test: TestRef; attempt: number; worker: string; at: number }
  | { type: 'test:step'; test: TestRef; attempt: number; step: StepResult }
  | { type: 'test:metric'; test: TestRef; attempt: number; metrics: Metric[] }
  | { type: 'test:end'; test: TestRef; result: TestResult }
  /** `code: 'STORE'`: the results could not be saved where the run ran (an orchestrator's full disk). */
  | { type: 'run:log'; level: 'info' | 'warn' | 'error'; message: string; at: number; code?: 'STORE' }
  | { type: 'run:end'; summary: RunSummary };

export type RunEventType = RunEvent['type'];
export type RunEventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;
