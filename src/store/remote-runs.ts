// What an orchestrator keeps of its runs in the store besides their results: the jobs each run queued
// and its event log. Any orchestrator on the same store (a restarted one, a second replica) can then serve
// a run's events and status, and finish a run whose orchestrator went away.
import { finalKey, type FinalStatus } from '../events/counts.js';
import type { TestRef } from '../events/types.js';
import { openStore } from './sqlite.js';
import type { RunRecord } from './types.js';

/** A queued job as the store remembers it: its id and the tests in it (a share of a load test has `part`). */
export interface StoredJob {
  id: string;
  tests: { ref: TestRef; part?: { index: number; of: number } }[];
}

/** A load test spread over workers (`distribute: N`): its shares come back to be merged under its spec. */
export interface StoredDistributed {
  ref: TestRef;
  /** The test's LoadTestSpec (the store does not look inside it). */
  spec: unknown;
  of: number;
}

/** What a run queued. */
export interface StoredPlan {
  jobs: StoredJob[];
  distributed: StoredDistributed[];
}

export interface StoredRemoteRun extends StoredPlan {
  run: RunRecord;
  maxFailures?: number;
  paused: boolean;
  /** The final result of each test that has one, by finalKey. */
  finals: Map<string, FinalStatus>;
}

export interface RemoteRunStore {
  /** Remembers a run's jobs (after its run row is committed). */
  save(runId: string, plan: StoredPlan, maxFailures?: number): void;
  setPaused(runId: string, paused: boolean): void;
  /** Runs whose row still says running. */
  unfinished(): string[];
  load(runId: string): StoredRemoteRun | undefined;
  run(runId: string): RunRecord | undefined;
  /** Up to `limit` events of the run's log from offset `from`, as stored (JSON text). */
  events(runId: string, from: number, limit: number): { seq: number; event: string }[];
  close(): void;
}

export function openRemoteRuns(file: string): RemoteRunStore {
  const store = openStore(file);
  const db = store.database();
  const insert = db.prepare('INSERT OR REPLACE INTO remote_runs (run_id, jobs, max_failures, paused) VALUES (?, ?, ?, 0)');
  const pause = db.prepare('UPDATE remote_runs SET paused = ? WHERE run_id = ?');
  const open = db.prepare<[], { run_id: string }>(`SELECT m.run_id FROM remote_runs m JOIN runs r ON r.id = m.run_id WHERE r.status = 'running'`);
  const read = db.prepare<[string], { jobs: string; max_failures: number | null; paused: number }>('SELECT jobs, max_failures, paused FROM remote_runs WHERE run_id = ?');
  // A result is final when it is not to be retried (the workers retry within a job).
  const finals = db.prepare<[string], { test_id: string; project: string | null; status: FinalStatus['status']; attempt: number }>(
    'SELECT test_id, project, status, attempt FROM results WHERE run_id = ? AND will_retry = 0');
  const events = db.prepare<[string, number, number], { seq: number; event: string }>('SELECT seq, event FROM run_events WHERE run_id = ? AND seq >= ? ORDER BY seq LIMIT ?');
  return {
    save: (runId, plan, maxFailures) => void insert.run(runId, JSON.stringify(plan), maxFailures ?? null),
    setPaused: (runId, paused) => void pause.run(paused ? 1 : 0, runId),
    unfinished: () => open.all().map((r) => r.run_id),
    run: (runId) => store.getRun(runId),
    load(runId) {
      const run = store.getRun(runId);
      const row = read.get(runId);
      if (!run || !row) return undefined;
      const got = new Map<string, FinalStatus>();
      for (const f of finals.all(runId)) got.set(finalKey({ id: f.test_id, ...(f.project === null ? {} : { project: f.project }) }), { status: f.status, attempt: f.attempt });
      return { run, ...(JSON.parse(row.jobs) as StoredPlan), ...(row.max_failures === null ? {} : { maxFailures: row.max_failures }), paused: row.paused === 1, finals: got };
    },
    events: (runId, from, limit) => events.all(runId, from, limit),
    close: () => store.close(),
  };
}
