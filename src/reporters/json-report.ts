// The JSON report format, shared by `--reporter json` and `aitest show --json`. Other tools read it: keep it stable.
// Conventions: every timestamp is an ISO 8601 UTC string, every duration a number of milliseconds;
// optional fields are left out rather than null; empty steps/metrics/artifacts are left out.
import type { RunInfo } from '../events/types.js';
import type { RunRecord } from '../store/types.js';
import type { ReportedTest } from './reported-test.js';
import type { Counts } from './summary.js';

const JSON_REPORT_VERSION = 1;

export interface JsonReport {
  version: number;
  run: {
    id: string;
    status: string;
    startedAt: string;
    endedAt?: string;
    durationMs: number;
    plans: { name: string; file: string }[];
    workers?: number;
    baseUrl?: string;
    git?: { commit?: string; branch?: string };
    shard?: { index: number; total: number };
  };
  summary: { total: number; passed: number; failed: number; flaky: number; skipped: number; errors: number; timedOut: number; notRun: number };
  tests: JsonTest[];
}

export interface JsonTest {
  id: string;
  name: string;
  type: string;
  plan: string;
  file: string;
  line: number;
  project?: string;
  tags: string[];
  status: string;
  attempts: number;
  startedAt: string;
  durationMs: number;
  error?: string;
  errorHint?: string;
  skipReason?: string;
  checks: { name: string; ok: boolean; skipped?: string; expected?: unknown; actual?: unknown; message?: string; step?: string }[];
  steps?: { title: string; status: string; startedAt: string; durationMs: number; error?: string }[];
  metrics?: { name: string; value: number; unit: string; labels?: Record<string, string>; at: string }[];
  artifacts?: { name: string; path: string; contentType: string }[];
}

/** What the report says about the run, from either source. */
export type JsonRunInput = Omit<JsonReport['run'], 'startedAt' | 'endedAt'> & { startedAt: number };

export function runInputFromInfo(run: RunInfo, status: string, durationMs: number): JsonRunInput {
  return { id: run.id, status, startedAt: run.startedAt, durationMs, plans: run.plans, workers: run.workers, baseUrl: run.baseUrl, git: run.git, shard: run.shard };
}

export function runInputFromRecord(run: RunRecord, now: number): JsonRunInput {
  const git = run.gitCommit || run.gitBranch ? { commit: run.gitCommit, branch: run.gitBranch } : undefined;
  return {
    id: run.id, status: run.status, startedAt: run.startedAt, durationMs: run.durationMs ?? Math.max(0, now - run.startedAt),
    plans: run.plans, workers: run.workers, baseUrl: run.baseUrl, git, shard: run.shard,
  };
}

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : new Date(0).toISOString());

/** JSON.stringify drops undefined properties, so optional fields can be assigned as-is. */
export function buildJsonReport(run: JsonRunInput, counts: Counts, tests: ReportedTest[]): JsonReport {
  return {
    version: JSON_REPORT_VERSION,
    run: {
      id: run.id,
      status: run.status,
      startedAt: iso(run.startedAt),
      endedAt: run.status === 'running' ? undefined : iso(run.startedAt + run.durationMs),
      durationMs: run.durationMs,
      plans: run.plans,
      workers: run.workers,
      baseUrl: run.baseUrl,
      git: run.git,
      shard: run.shard,
    },
    summary: {
      total: counts.total, passed: counts.passed, failed: counts.failed, flaky: counts.flaky,
      skipped: counts.skipped, errors: counts.errors, timedOut: counts.timedOut, notRun: counts.notRun,
    },
    tests: tests.map(toJsonTest),
  };
}

export function toJsonTest(t: ReportedTest): JsonTest {
  return {
    id: t.id, name: t.name, type: t.type, plan: t.plan, file: t.file, line: t.line, project: t.project, tags: t.tags,
    status: t.status, attempts: t.attempts, startedAt: iso(t.startedAt), durationMs: t.durationMs,
    error: t.error, errorHint: t.errorHint, skipReason: t.skipReason,
    checks: t.checks.map((c) => ({ name: c.name, ok: c.ok, skipped: c.skipped, expected: c.expected, actual: c.actual, message: c.message, step: c.step })),
    steps: t.steps.length ? t.steps.map((s) => ({ title: s.title, status: s.status, startedAt: iso(s.startedAt), durationMs: s.durationMs, error: s.error })) : undefined,
    metrics: t.metrics.length ? t.metrics.map((m) => ({ name: m.name, value: m.value, unit: m.unit, labels: m.labels, at: iso(m.at) })) : undefined,
    artifacts: t.artifacts.length ? t.artifacts.map((a) => ({ name: a.name, path: a.path, contentType: a.contentType })) : undefined,
  };
}

export function serializeJsonReport(report: JsonReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
