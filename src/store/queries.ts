// Reads runs and results back: final attempts, a test's history, what failed last time.
import type BetterSqlite3 from 'better-sqlite3';
import { FAILING_STATUSES, tally } from '../events/counts.js';
import type { CheckResult, Metric, RunStatus, StepResult, TestStatus, TestType } from '../events/types.js';
import { decodeJson } from './codec.js';
import { runOwnerGone } from './run-owner.js';
import type { ResultRecord, RunRecord, StoreQueries } from './types.js';

interface RunRow {
  id: string; plans: string; git_commit: string | null; git_branch: string | null; env: string | null;
  base_url: string | null; workers: number | null; shard: string | null; started_at: number; ended_at: number | null;
  duration_ms: number | null; status: string; total: number; passed: number; failed: number; flaky: number;
  skipped: number; timed_out: number; errors: number; not_run: number;
}

interface ResultRow {
  id: number; run_id: string; test_id: string; name: string; type: string; plan: string; file: string; line: number;
  col: number | null; project: string | null; tags: string | null; status: string; attempt: number;
  started_at: number; duration_ms: number; error: string | null; error_hint: string | null; error_stack: string | null;
  skip_reason: string | null;
}

interface CheckRow { result_id: number; step: string | null; name: string; ok: number; expected: string | null; actual: string | null; message: string | null; skipped: string | null }
interface StepRow { result_id: number; title: string; status: string; started_at: number; duration_ms: number; error: string | null }
interface ArtifactRow { result_id: number; name: string; path: string; content_type: string }
interface MetricRow { result_id: number; name: string; value: number; unit: string; labels: string | null; at: number }

// A result is final when no later attempt of the same test exists in its run.
const FINAL = 'NOT EXISTS (SELECT 1 FROM results n WHERE n.run_id = r.run_id AND n.test_id = r.test_id AND n.attempt > r.attempt)';
const FAILING = `(${FAILING_STATUSES.map((s) => `'${s}'`).join(', ')})`;
// json_each lets one prepared statement take any number of ids.
const BY_IDS = 'result_id IN (SELECT value FROM json_each(?))';

export function createQueries(db: BetterSqlite3.Database): StoreQueries {
  const runById = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?');
  // LIMIT -1 is SQLite for "no limit", so one statement serves both.
  const runsAll = db.prepare<[number], RunRow>('SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?');
  const runsOfPlan = db.prepare<[string, number], RunRow>(`SELECT r.* FROM run_plans p JOIN runs r ON r.id = p.run_id
    WHERE p.plan = ? ORDER BY r.started_at DESC, r.rowid DESC LIMIT ?`);
  const finalResults = db.prepare<[string], ResultRow>(`SELECT r.* FROM results r WHERE r.run_id = ? AND ${FINAL} ORDER BY r.id`);
  // `IS` compares NULL with NULL as equal: a test of no project matches a NULL project.
  const oneResult = db.prepare<[string, string, string | null], ResultRow>(`SELECT r.* FROM results r
    WHERE r.run_id = ? AND r.test_id = ? AND r.project IS ? ORDER BY r.attempt DESC LIMIT 1`);
  // A test's history walks the runs newest first and looks each up by (run, name): CROSS JOIN keeps runs the
  // outer loop, so LIMIT stops the walk early and no index over every result by name is needed (migration 6).
  const historyAll = db.prepare<[string, number], ResultRow>(`SELECT r.* FROM runs u CROSS JOIN results r ON r.run_id = u.id AND r.name = ?
    WHERE ${FINAL} ORDER BY u.started_at DESC, r.id DESC LIMIT ?`);
  const historyOfPlan = db.prepare<[string, string, number], ResultRow>(`SELECT r.* FROM runs u CROSS JOIN results r ON r.run_id = u.id AND r.name = ?
    WHERE r.plan = ? AND ${FINAL} ORDER BY u.started_at DESC, r.id DESC LIMIT ?`);
  // A failed operation of a contract test reruns its test: --last-failed selects tests, not operations.
  const failedIn = db.prepare<[string, string], { test_id: string }>(`SELECT DISTINCT coalesce(r.parent_id, r.test_id) AS test_id FROM results r
    WHERE r.run_id = ? AND r.plan = ? AND r.status IN ${FAILING} AND ${FINAL}`);
  const checksOf = db.prepare<[string], CheckRow>(`SELECT * FROM checks WHERE ${BY_IDS} ORDER BY result_id, seq`);
  const stepsOf = db.prepare<[string], StepRow>(`SELECT * FROM steps WHERE ${BY_IDS} ORDER BY result_id, seq`);
  const artifactsOf = db.prepare<[string], ArtifactRow>(`SELECT * FROM artifacts WHERE ${BY_IDS} ORDER BY result_id, seq`);
  const metricsOf = db.prepare<[string], MetricRow>(`SELECT * FROM metrics WHERE ${BY_IDS} ORDER BY result_id, id`);
  const storedFinals = db.prepare<[string], { status: string; ended: number }>(`SELECT r.status, r.started_at + r.duration_ms AS ended
    FROM results r WHERE r.run_id = ? AND ${FINAL}`);

  /**
   * A row still `running` whose process is gone (killed, crashed, or stopped by a store that could not take
   * its last write) never ends by itself: it reads as interrupted, counted from the results it stored and
   * ended when the last of them did. Nothing is written, so this works on a full disk and a read-only file.
   */
  const toRecord = (row: RunRow): RunRecord => {
    const run = toRun(row);
    if (run.status !== 'running' || !runOwnerGone(run.env)) return run;
    const finals = storedFinals.all(run.id);
    const n = tally(finals);
    const endedAt = finals.reduce((last, f) => Math.max(last, f.ended), run.startedAt);
    return {
      ...run, status: 'interrupted', endedAt, durationMs: endedAt - run.startedAt,
      counts: { ...n, total: Math.max(n.total, run.counts.total), notRun: Math.max(0, run.counts.total - n.total) },
    };
  };

  const withChildren = (rows: ResultRow[]): ResultRecord[] => {
    if (!rows.length) return [];
    const records = new Map<number, ResultRecord>(rows.map((row) => [row.id, toResult(row)]));
    const ids = JSON.stringify(rows.map((row) => row.id));
    for (const c of checksOf.all(ids)) records.get(c.result_id)?.checks.push(toCheck(c));
    for (const s of stepsOf.all(ids)) records.get(s.result_id)?.steps.push(toStep(s));
    for (const a of artifactsOf.all(ids)) records.get(a.result_id)?.artifacts.push({ name: a.name, path: a.path, contentType: a.content_type });
    for (const m of metricsOf.all(ids)) records.get(m.result_id)?.metrics.push(toMetric(m));
    return [...records.values()];
  };

  const latestRun = (plan?: string): RunRecord | undefined => {
    const row = plan === undefined ? runsAll.get(1) : runsOfPlan.get(plan, 1);
    return row && toRecord(row);
  };

  return {
    getRun: (id) => {
      const row = runById.get(id);
      return row && toRecord(row);
    },
    latestRun,
    listRuns: (opts = {}) => {
      const limit = opts.limit ?? -1;
      return (opts.plan === undefined ? runsAll.all(limit) : runsOfPlan.all(opts.plan, limit)).map(toRecord);
    },
    results: (runId) => withChildren(finalResults.all(runId)),
    result: (runId, testId, project) => {
      const row = oneResult.get(runId, testId, project ?? null);
      return row && withChildren([row])[0];
    },
    history: (testName, opts = {}) => {
      const limit = opts.limit ?? 20;
      return withChildren(opts.plan === undefined ? historyAll.all(testName, limit) : historyOfPlan.all(testName, opts.plan, limit));
    },
    lastFailed: (plans) => {
      // Per plan, its own newest run: running a.yaml alone must not forget what failed in b.yaml.
      const ids = new Set<string>();
      for (const plan of new Set(plans)) {
        const run = latestRun(plan);
        if (run) for (const row of failedIn.all(run.id, plan)) ids.add(row.test_id);
      }
      return [...ids];
    },
  };
}

function toRun(row: RunRow): RunRecord {
  const run: RunRecord = {
    id: row.id,
    plans: decodeJson<RunRecord['plans']>(row.plans) ?? [],
    startedAt: row.started_at,
    status: row.status as RunStatus | 'running',
    counts: {
      total: row.total, passed: row.passed, failed: row.failed, flaky: row.flaky, skipped: row.skipped,
      timedOut: row.timed_out, errors: row.errors, notRun: row.not_run,
    },
  };
  if (row.ended_at !== null) run.endedAt = row.ended_at;
  if (row.duration_ms !== null) run.durationMs = row.duration_ms;
  if (row.git_commit !== null) run.gitCommit = row.git_commit;
  if (row.git_branch !== null) run.gitBranch = row.git_branch;
  if (row.env !== null) run.env = decodeJson<Record<string, string>>(row.env);
  if (row.base_url !== null) run.baseUrl = row.base_url;
  if (row.workers !== null) run.workers = row.workers;
  const shard = row.shard?.match(/^(\d+)\/(\d+)$/);
  if (shard) run.shard = { index: Number(shard[1]), total: Number(shard[2]) };
  return run;
}

function toResult(row: ResultRow): ResultRecord {
  const r: ResultRecord = {
    runId: row.run_id,
    testId: row.test_id,
    name: row.name,
    type: row.type as TestType,
    plan: row.plan,
    file: row.file,
    line: row.line,
    // Stored as written: a status this version does not know is passed through, not rejected.
    status: row.status as TestStatus,
    attempt: row.attempt,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    checks: [], steps: [], metrics: [], artifacts: [],
  };
  if (row.col !== null) r.column = row.col;
  if (row.project !== null) r.project = row.project;
  r.tags = decodeJson<string[]>(row.tags) ?? [];
  if (row.error !== null) r.error = row.error;
  if (row.error_hint !== null) r.errorHint = row.error_hint;
  if (row.error_stack !== null) r.errorStack = row.error_stack;
  if (row.skip_reason !== null) r.skipReason = row.skip_reason;
  return r;
}

function toCheck(row: CheckRow): CheckResult {
  const c: CheckResult = { name: row.name, ok: row.ok === 1 };
  if (row.expected !== null) c.expected = decodeJson(row.expected);
  if (row.actual !== null) c.actual = decodeJson(row.actual);
  if (row.message !== null) c.message = row.message;
  if (row.step !== null) c.step = row.step;
  if (row.skipped !== null) c.skipped = row.skipped;
  return c;
}

function toStep(row: StepRow): StepResult {
  const s: StepResult = { title: row.title, status: row.status as StepResult['status'], startedAt: row.started_at, durationMs: row.duration_ms };
  if (row.error !== null) s.error = row.error;
  return s;
}

function toMetric(row: MetricRow): Metric {
  const m: Metric = { name: row.name, value: row.value, unit: row.unit, at: row.at };
  if (row.labels !== null) m.labels = decodeJson<Record<string, string>>(row.labels);
  return m;
}
