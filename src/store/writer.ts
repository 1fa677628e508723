// Persists RunEvents: statements prepared once; finished tests group-committed once per event-loop turn.
import type BetterSqlite3 from 'better-sqlite3';
import type { Metric, RunEvent, RunInfo, RunSummary, TestRef, TestResult } from '../events/types.js';
import { encodeJson } from './codec.js';

export interface WriterOptions {
  /**
   * Keep every event, in order, in run_events (the orchestrator's event log, served by /events from an
   * offset). Each batch's events commit with its results.
   */
  eventLog?: boolean;
  /** Carry on an existing run (an orchestrator taking a run over): no run:start comes, its log goes on. */
  resumeRun?: string;
}

export interface StoreWriter {
  /** `json`: the event as JSON, when the caller has it (kept as it is in the event log). */
  write(event: RunEvent, json?: string): void;
  /** Commits every finished test not yet committed. */
  flush(): void;
}

// A commit rewrites whole pages of every table and index it touches, so one commit per test costs
// ~50 µs while a shared commit costs ~13 µs per test. Finished tests are buffered until flush() (the
// event bus calls it after each batch, before reporters print them), and at the latest committed
// before the next event-loop turn (group commit): nothing waits for the end of the run.
const MAX_BATCH = 256;

export function createWriter(db: BetterSqlite3.Database, opts: WriterOptions = {}): StoreWriter {
  const insertRun = db.prepare(`INSERT INTO runs
    (id, plans, git_commit, git_branch, env, base_url, workers, shard, started_at, status, total)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)`);
  const insertRunPlan = db.prepare('INSERT OR IGNORE INTO run_plans (plan, run_id, file) VALUES (?, ?, ?)');
  const endRun = db.prepare(`UPDATE runs SET status = ?, ended_at = ?, duration_ms = ?, total = ?, passed = ?, failed = ?,
    flaky = ?, skipped = ?, timed_out = ?, errors = ?, not_run = ? WHERE id = ?`);
  const insertResult = db.prepare(`INSERT INTO results
    (run_id, test_id, name, type, plan, file, line, col, project, tags, status, attempt, will_retry,
     started_at, duration_ms, error, error_hint, error_stack, skip_reason, parent_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertCheck = db.prepare('INSERT INTO checks (result_id, seq, step, name, ok, expected, actual, message, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertStep = db.prepare('INSERT INTO steps (result_id, seq, title, status, started_at, duration_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertArtifact = db.prepare('INSERT INTO artifacts (result_id, seq, name, path, content_type) VALUES (?, ?, ?, ?, ?)');
  const insertMetric = db.prepare(`INSERT INTO metrics (run_id, result_id, test_id, attempt, name, value, unit, labels, at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);

  const insertEvent = db.prepare('INSERT INTO run_events (run_id, seq, event) VALUES (?, ?, ?)');

  // test:end and test:metric do not carry the run id: the events of one run arrive between its start and end.
  let runId: string | undefined = opts.resumeRun;
  let seq = runId === undefined ? 0 : (db.prepare<[string], { n: number | null }>('SELECT max(seq) + 1 AS n FROM run_events WHERE run_id = ?').get(runId)?.n ?? 0);
  const currentRun = (what: string): string => {
    if (runId === undefined) throw new Error(`Store received ${what} before run:start.`);
    return runId;
  };

  const addMetrics = (run: string, resultId: number | null, test: TestRef, attempt: number, metrics: Metric[]): void => {
    for (const m of metrics) {
      insertMetric.run(run, resultId, test.id, attempt, m.name, m.value, m.unit, m.labels === undefined ? null : encodeJson(m.labels), m.at);
    }
  };

  const startRun = db.transaction((run: RunInfo) => {
    insertRun.run(
      run.id, JSON.stringify(run.plans), run.git?.commit ?? null, run.git?.branch ?? null,
      run.env === undefined ? null : JSON.stringify(run.env), run.baseUrl ?? null, run.workers,
      run.shard ? `${run.shard.index}/${run.shard.total}` : null, run.startedAt, run.total,
    );
    for (const p of run.plans) insertRunPlan.run(p.name, run.id, p.file);
  });

  // Not a transaction of its own: it always runs inside commitPending (a nested one would be a savepoint per test).
  const finishTest = (run: string, test: TestRef, r: TestResult): void => {
    const resultId = Number(insertResult.run(
      run, test.id, test.name, test.type, test.plan, test.file, test.line, test.column ?? null, test.project ?? null,
      test.tags.length ? JSON.stringify(test.tags) : null, r.status, r.attempt, r.willRetry ? 1 : 0,
      r.startedAt, r.durationMs, r.error?.message ?? null, r.error?.hint ?? null, r.error?.stack ?? null, r.skipReason ?? null,
      test.parent ?? null,
    ).lastInsertRowid);
    for (let i = 0; i < r.checks.length; i++) {
      const c = r.checks[i];
      insertCheck.run(resultId, i, c.step ?? null, c.name, c.ok ? 1 : 0, encodeJson(c.expected), encodeJson(c.actual), c.message ?? null, c.skipped ?? null);
    }
    for (let i = 0; i < r.steps.length; i++) {
      const s = r.steps[i];
      insertStep.run(resultId, i, s.title, s.status, s.startedAt, s.durationMs, s.error ?? null);
    }
    for (let i = 0; i < r.artifacts.length; i++) {
      const a = r.artifacts[i];
      insertArtifact.run(resultId, i, a.name, a.path, a.contentType);
    }
    addMetrics(run, resultId, test, r.attempt, r.metrics);
  };

  const pending: { run: string; test: TestRef; result: TestResult }[] = [];
  const logged: { run: string; seq: number; event: string }[] = [];
  let scheduled = false;
  let deferredError: unknown;
  const commitPending = db.transaction(() => {
    for (const p of pending) finishTest(p.run, p.test, p.result);
    for (const l of logged) insertEvent.run(l.run, l.seq, l.event);
  });
  const flush = (): void => {
    if (deferredError !== undefined) {
      const e = deferredError;
      deferredError = undefined;
      throw e;
    }
    if (pending.length === 0 && logged.length === 0) return;
    try {
      // IMMEDIATE: take the write lock up front so a second writer waits (busy_timeout) instead of failing mid-transaction.
      commitPending.immediate();
    } finally {
      pending.length = 0;
      logged.length = 0;
    }
  };
  const flushSoon = (): void => {
    scheduled = false;
    try {
      flush();
    } catch (e) {
      // Surfaced by the next write or flush, where the caller can see it.
      deferredError = e;
    }
  };

  const streamMetrics = db.transaction((run: string, test: TestRef, attempt: number, metrics: Metric[]) => {
    addMetrics(run, null, test, attempt, metrics);
  });

  const finishRun = (s: RunSummary): void => {
    endRun.run(
      s.status, s.startedAt + s.durationMs, s.durationMs, s.total, s.passed, s.failed,
      s.flaky, s.skipped, s.timedOut, s.errors, s.notRun, s.runId,
    );
  };

  const log = (event: RunEvent, json: string | undefined): void => {
    if (!opts.eventLog || runId === undefined) return;
    logged.push({ run: runId, seq: seq++, event: json ?? JSON.stringify(event) });
    if (!scheduled) {
      scheduled = true;
      setImmediate(flushSoon);
    }
  };

  return {
    flush,
    write(event, json) {
      // Run rows bracket their results; everything else may share the pending batch.
      if (event.type === 'run:start') flush();
      if (event.type === 'run:end') {
        // Logged and committed before the run row says it ended: a reader that sees the end has its event.
        log(event, json);
        flush();
      } else if (event.type !== 'run:start') log(event, json);
      switch (event.type) {
        case 'run:start':
          startRun.immediate(event.run);
          runId = event.run.id;
          seq = 0;
          log(event, json);
          return;
        case 'test:end':
          if (deferredError !== undefined) flush();
          pending.push({ run: currentRun('test:end'), test: event.test, result: event.result });
          if (pending.length >= MAX_BATCH) flush();
          else if (!scheduled) {
            scheduled = true;
            setImmediate(flushSoon);
          }
          return;
        case 'test:metric':
          if (event.metrics.length) streamMetrics.immediate(currentRun('test:metric'), event.test, event.attempt, event.metrics);
          return;
        case 'run:end':
          // runId is kept: a straggling event after run:end still belongs to this run.
          finishRun(event.summary);
          return;
        default:
          // test:start, test:step and run:log are live-only; the final result carries the steps.
          return;
      }
    },
  };
}
