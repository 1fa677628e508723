// The schema's history: an ordered list of migrations, applied up to PRAGMA user_version.
import type BetterSqlite3 from 'better-sqlite3';
import { AitestError } from '../errors.js';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

// Append only: a released migration is never edited, a change is a new entry.
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, results, checks, steps, metrics, artifacts',
    sql: `
      CREATE TABLE runs (
        id          TEXT PRIMARY KEY,
        plans       TEXT NOT NULL,              -- JSON [{ name, file }]
        git_commit  TEXT,
        git_branch  TEXT,
        env         TEXT,                       -- JSON object, never secrets
        base_url    TEXT,
        workers     INTEGER,
        shard       TEXT,                       -- "index/total"
        started_at  INTEGER NOT NULL,           -- epoch ms
        ended_at    INTEGER,
        duration_ms INTEGER,
        status      TEXT NOT NULL,              -- running | passed | failed | interrupted
        total       INTEGER NOT NULL DEFAULT 0,
        passed      INTEGER NOT NULL DEFAULT 0,
        failed      INTEGER NOT NULL DEFAULT 0,
        flaky       INTEGER NOT NULL DEFAULT 0,
        skipped     INTEGER NOT NULL DEFAULT 0,
        timed_out   INTEGER NOT NULL DEFAULT 0,
        errors      INTEGER NOT NULL DEFAULT 0,
        not_run     INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX runs_started ON runs (started_at);

      -- One row per plan of a run, so "newest run of plan X" is an index lookup.
      CREATE TABLE run_plans (
        plan   TEXT NOT NULL,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        file   TEXT,
        PRIMARY KEY (plan, run_id)
      ) WITHOUT ROWID;
      CREATE INDEX run_plans_run ON run_plans (run_id);

      -- One row per attempt; the final result of a test is its highest attempt in the run.
      CREATE TABLE results (
        id          INTEGER PRIMARY KEY,
        run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        test_id     TEXT NOT NULL,
        name        TEXT NOT NULL,
        type        TEXT NOT NULL,
        plan        TEXT NOT NULL,
        file        TEXT NOT NULL,
        line        INTEGER NOT NULL,
        col         INTEGER,
        project     TEXT,
        tags        TEXT,                       -- JSON array, NULL when empty
        status      TEXT NOT NULL,
        attempt     INTEGER NOT NULL,
        will_retry  INTEGER NOT NULL DEFAULT 0,
        started_at  INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        error       TEXT,
        error_hint  TEXT,
        error_stack TEXT,
        skip_reason TEXT
      );
      CREATE INDEX results_run ON results (run_id, test_id, attempt);
      CREATE INDEX results_name ON results (name, started_at);

      -- Children are clustered by their result (WITHOUT ROWID): one b-tree, read back in order.
      CREATE TABLE checks (
        result_id INTEGER NOT NULL REFERENCES results (id) ON DELETE CASCADE,
        seq       INTEGER NOT NULL,
        step      TEXT,
        name      TEXT NOT NULL,
        ok        INTEGER NOT NULL,
        expected  TEXT,                         -- JSON; NULL when the check carried none
        actual    TEXT,
        message   TEXT,
        PRIMARY KEY (result_id, seq)
      ) WITHOUT ROWID;

      CREATE TABLE steps (
        result_id   INTEGER NOT NULL REFERENCES results (id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,
        title       TEXT NOT NULL,
        status      TEXT NOT NULL,
        started_at  INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        error       TEXT,
        PRIMARY KEY (result_id, seq)
      ) WITHOUT ROWID;

      CREATE TABLE artifacts (
        result_id    INTEGER NOT NULL REFERENCES results (id) ON DELETE CASCADE,
        seq          INTEGER NOT NULL,
        name         TEXT NOT NULL,
        path         TEXT NOT NULL,
        content_type TEXT NOT NULL,
        PRIMARY KEY (result_id, seq)
      ) WITHOUT ROWID;

      -- result_id is NULL for metrics streamed while a test runs (load ticks); test_id still says whose.
      CREATE TABLE metrics (
        id        INTEGER PRIMARY KEY,
        run_id    TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        result_id INTEGER REFERENCES results (id) ON DELETE CASCADE,
        test_id   TEXT,
        attempt   INTEGER,
        name      TEXT NOT NULL,
        value     REAL NOT NULL,
        unit      TEXT NOT NULL,
        labels    TEXT,                         -- JSON object
        at        INTEGER NOT NULL
      );
      CREATE INDEX metrics_result ON metrics (result_id);
      CREATE INDEX metrics_run ON metrics (run_id, name, at);
    `,
  },
  {
    version: 2,
    description: 'results.parent_id: the test a result is part of (a contract test\'s operations)',
    sql: `ALTER TABLE results ADD COLUMN parent_id TEXT;`,
  },
  {
    version: 3,
    description: 'checks.skipped: why a check did not run (a judge with no provider); such a check has ok = 0 and fails nothing',
    sql: `ALTER TABLE checks ADD COLUMN skipped TEXT;`,
  },
  {
    version: 4,
    description: 'judge_cache: verdicts by a hash of provider, model, prompt and images, so an unchanged rerun costs no tokens',
    sql: `
      CREATE TABLE judge_cache (
        key        TEXT PRIMARY KEY,          -- sha256 of provider, model, prompt, image and samples
        outcome    TEXT NOT NULL,             -- JSON: score, reasoning, criteria, model
        created_at INTEGER NOT NULL           -- epoch ms; entries older than the TTL are ignored and replaced
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    description: 'plan_bundles: plans stored on an orchestrator (aitest serve), with the files they refer to',
    sql: `
      CREATE TABLE plan_bundles (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,             -- the plan's name
        bundle     TEXT NOT NULL,             -- JSON: { plan, files: { path: base64 } }; secrets are env references only
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    description: 'results by (run, name) instead of (name, started_at): a run adds its entries in its own part of the index, where by name they landed all over every run before, and a run of 10,000 tests cost ~100 ms more after 50 runs of history',
    sql: `
      DROP INDEX IF EXISTS results_name;
      CREATE INDEX IF NOT EXISTS results_run_name ON results (run_id, name);
    `,
  },
  {
    version: 7,
    description: 'run_events and remote_runs: an orchestrator keeps each run\'s event log and its jobs in the store, not in memory, so a restarted or second orchestrator serves and finishes the run',
    sql: `
      CREATE TABLE IF NOT EXISTS run_events (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        seq    INTEGER NOT NULL,              -- the event's offset in the run's log (what /events?offset= counts)
        event  TEXT NOT NULL,                 -- JSON RunEvent
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS remote_runs (
        run_id       TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        jobs         TEXT NOT NULL,           -- JSON { jobs: [{ id, tests: [{ ref, part? }] }], distributed: [{ ref, spec, of }] }
        max_failures INTEGER,
        paused       INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;
    `,
  },
];

/** Brings the database up to the newest version. Safe to call on every open, and from two processes at once. */
export function migrate(db: BetterSqlite3.Database, list: readonly Migration[] = migrations): number {
  const latest = list.length ? list[list.length - 1].version : 0;
  const current = (): number => db.pragma('user_version', { simple: true }) as number;
  if (current() === latest) return latest;
  // IMMEDIATE takes the write lock first, so a second process waits and then sees the new version.
  db.transaction(() => {
    const from = current();
    if (from > latest) {
      throw new AitestError('STORE', `The results database is at schema version ${from}, newer than this aitest knows (${latest}).`, {
        hint: 'Upgrade aitest, or point --db at another file.',
      });
    }
    for (const m of list) {
      if (m.version <= from) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
  return current();
}
