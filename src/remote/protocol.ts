// What travels between the CLI, the orchestrator (`aitest serve`) and the workers (`aitest worker`).
import type { RunEvent, TestRef } from '../events/types.js';
import type { LoadSummary } from '../executors/load/engine.js';
import type { RunSettings } from '../executors/types.js';
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
  /** --update-snapshots: visual baselines are written again; they come back as the results' artifacts. */
  updateSnapshots?: boolean;
  /**
   * The run was started on CI (the starting side's `CI` variable, not the workers'): a missing visual
   * baseline fails there instead of being written, as it does locally.
   */
  ci?: boolean;
}

export interface ExecuteRequest extends RunFilters {
  /** A stored bundle (POST /api/v1/tests/plans), or one sent inline. */
  planId?: string;
  bundle?: PlanBundle;
}

/**
 * A few tests for one worker slot, run one after another. Many fast tests go in chunks (a queue round
 * trip per test would cost more than the test); slow ones one per job, so they spread over the workers.
 * A chunk's results come back together when it completes: a worker killed mid-chunk reports nothing of
 * it, and the worker that takes it over reports each test once.
 */
export interface JobData {
  runId: string;
  /** `part`: one share of a load test with `distribute: N`; its summary comes back to be merged. */
  tests: { test: TestCase; ref: TestRef; part?: { index: number; of: number } }[];
  /** How the run was started: the tests' `ctx.settings` on the worker, as they would be locally. */
  settings: RunSettings;
}

/** One share of a distributed load test, as its worker measured it (or why it could not). */
export interface PartResult {
  testId: string;
  index: number;
  startedAt: number;
  summary?: LoadSummary;
  error?: string;
}

/** What a worker returns for a job: every attempt's result of each of its tests. */
export interface JobResult {
  events: RunEvent[];
  parts?: PartResult[];
  /** The results' artifacts (screenshots, traces, logs): path as the result names it → content, base64. */
  files?: Record<string, string>;
  worker: string;
}

export type Role = 'read' | 'write' | 'execute' | 'admin';
