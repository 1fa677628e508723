// The results store contract. Implemented on SQLite in sqlite.ts; injected, never a singleton.
import type BetterSqlite3 from 'better-sqlite3';
import type { CheckResult, RunEvent, RunStatus, StepResult, TestStatus, TestType, Metric, ArtifactRef } from '../events/types.js';

export interface RunRecord {
  id: string;
  plans: { name: string; file: string }[];
  startedAt: number;
  endedAt?: number;
  durationMs?: number;
  status: RunStatus | 'running';
  gitCommit?: string;
  gitBranch?: string;
  env?: Record<string, string>;
  counts: { total: number; passed: number; failed: number; flaky: number; skipped: number; timedOut: number; errors: number; notRun?: number };
  baseUrl?: string;
  workers?: number;
  shard?: { index: number; total: number };
}

export interface ResultRecord {
  runId: string;
  testId: string;
  name: string;
  type: TestType;
  plan: string;
  file: string;
  line: number;
  column?: number;
  project?: string;
  tags?: string[];
  status: TestStatus;
  attempt: number;
  startedAt: number;
  durationMs: number;
  error?: string;
  errorHint?: string;
  errorStack?: string;
  skipReason?: string;
  checks: CheckResult[];
  steps: StepResult[];
  metrics: Metric[];
  artifacts: ArtifactRef[];
}

/** What can be read back from the store. */
export interface StoreQueries {
  getRun(id: string): RunRecord | undefined;
  /** Newest run, optionally of a plan (by plan name). */
  latestRun(plan?: string): RunRecord | undefined;
  listRuns(opts?: { plan?: string; limit?: number }): RunRecord[];
  /** Final result of each test in a run (the last attempt). */
  results(runId: string): ResultRecord[];
  /** Final result of one test in a run (of one project, for a browser matrix); undefined if none is stored. */
  result(runId: string, testId: string, project?: string): ResultRecord | undefined;
  /** Last results of a test by name, newest first. */
  history(testName: string, opts?: { plan?: string; limit?: number }): ResultRecord[];
  /** Ids of tests whose final status was failed/timedOut/error in the newest run of these plans. */
  lastFailed(plans: string[]): string[];
}

export interface Store extends StoreQueries {
  readonly path: string;
  /**
   * Persists one event. A finished test (result with its checks, steps, metrics and artifacts) is
   * buffered until flush(), and committed before the next event-loop turn at the latest.
   */
  write(event: RunEvent, json?: string): void;
  /** Commits pending results now. */
  flush(): void;
  /** The connection itself, for store modules with tables of their own (the judge cache). */
  database(): BetterSqlite3.Database;
  close(): void;
}
