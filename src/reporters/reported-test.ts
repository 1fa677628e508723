// One finished test as every report sees it, whether it comes from the live event stream or the store.
import type { ArtifactRef, CheckResult, Metric, StepResult, TestRef, TestResult, TestStatus } from '../events/types.js';
import type { ResultRecord } from '../store/types.js';

export interface ReportedTest {
  id: string;
  name: string;
  type: string;
  plan: string;
  file: string;
  line: number;
  project?: string;
  tags: string[];
  /** May be a status a newer aitest wrote; formatting falls back instead of failing. */
  status: TestStatus;
  /** Attempts made, 1 when the test was not retried. */
  attempts: number;
  startedAt: number;
  durationMs: number;
  error?: string;
  errorHint?: string;
  skipReason?: string;
  checks: CheckResult[];
  steps: StepResult[];
  metrics: Metric[];
  artifacts: ArtifactRef[];
  runId?: string;
}

export function fromEvent(test: TestRef, result: TestResult): ReportedTest {
  const t: ReportedTest = {
    id: test.id, name: test.name, type: test.type, plan: test.plan, file: test.file, line: test.line, tags: test.tags ?? [],
    status: result.status, attempts: result.attempt + 1, startedAt: result.startedAt, durationMs: result.durationMs,
    checks: result.checks ?? [], steps: result.steps ?? [], metrics: result.metrics ?? [], artifacts: result.artifacts ?? [],
  };
  if (test.project !== undefined) t.project = test.project;
  if (result.error) {
    t.error = result.error.message;
    if (result.error.hint !== undefined) t.errorHint = result.error.hint;
  }
  if (result.skipReason !== undefined) t.skipReason = result.skipReason;
  return t;
}

export function fromRecord(r: ResultRecord): ReportedTest {
  const t: ReportedTest = {
    id: r.testId, name: r.name, type: r.type, plan: r.plan, file: r.file, line: r.line, tags: r.tags ?? [],
    status: r.status, attempts: r.attempt + 1, startedAt: r.startedAt, durationMs: r.durationMs,
    checks: r.checks, steps: r.steps, metrics: r.metrics, artifacts: r.artifacts, runId: r.runId,
  };
  if (r.project !== undefined) t.project = r.project;
  if (r.error !== undefined) t.error = r.error;
  if (r.errorHint !== undefined) t.errorHint = r.errorHint;
  if (r.skipReason !== undefined) t.skipReason = r.skipReason;
  return t;
}

/** Stable report order (completion order depends on workers): plan file, line, then project. */
export function compareTests(a: ReportedTest, b: ReportedTest): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.name.localeCompare(b.name) || (a.project ?? '').localeCompare(b.project ?? '');
}
