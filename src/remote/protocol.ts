// What travels between the CLI, the orchestrator (`aitest serve`) and the workers (`aitest worker`).
import type { RunEvent, TestRef } from '../events/types.js';
import type { TestCase } from '../plan/types.js';

/**
 * A plan with the files it refers to (OpenAPI documents, GraphQL queries, visual baselines, storage
 * states), paths relative to the directory the CLI ran in. Secrets are not in it: vars marked secret are
 * `{ env: NAME }` references, read from the environment of the worker that runs the test.
 */
export interface PlanBundle {
  /** The plan file's path (a TypeScript plan is sent as its JSON, under `<file>.json`). */
  plan: string;
  /** path → file content, base64. Includes the plan file itself. */
  files: Record<string, string>;
}

/** The CLI's filters, as `aitest run` takes them. */
export interface RunFilters {
  grep?: string;
  grepInvert?: string;
  tags?: string[];
  projects?: string[];
  shard?: { index: number; total: number };
  retries?: number;
  timeoutMs?: number;
  maxFailures?: number;
}

export interface ExecuteRequest extends RunFilters {
  /** A stored bundle (POST /api/v1/tests/plans), or one sent inline. */
  planId?: string;
  bundle?: PlanBundle;
}

/** One test for one worker. */
export interface JobData {
  runId: string;
  test: TestCase;
  ref: TestRef;
}

/** What a worker returns for a job: every attempt's result and the metrics that came with them. */
export interface JobResult {
  events: RunEvent[];
  worker: string;
}

export type Role = 'read' | 'write' | 'execute' | 'admin';
