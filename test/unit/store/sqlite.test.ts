import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AitestError } from '../../../src/errors.js';
import type { RunEvent } from '../../../src/events/types.js';
import { migrations } from '../../../src/store/migrations.js';
import { openStore } from '../../../src/store/sqlite.js';
import type { Store } from '../../../src/store/types.js';
import { T0, ref, result, runEnd, runStart, sampleRun, testEnd } from '../reporters/fixtures.js';

let dir: string;
let file: string;
const open: Store[] = [];
const openTracked = (f = file): Store => {
  const s = openStore(f);
  open.push(s);
  return s;
};

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-store-'));
  file = path.join(dir, 'nested', 'results.db');
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

function writeAll(store: Store, events: RunEvent[]): void {
  for (const e of events) store.write(e);
}

describe('openStore', () => {
  it('creates the parent directory and a WAL database with foreign keys on', () => {
    openTracked();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations[migrations.length - 1].version);
    db.close();
  });

  it('works in memory', () => {
    const s = openTracked(':memory:');
    writeAll(s, sampleRun());
    expect(s.results('run-1')).toHaveLength(6);
  });

  it('reopening keeps the data and does not re-run migrations', () => {
    writeAll(openTracked(), sampleRun());
    open.pop()!.close();
    const again = openTracked();
    expect(again.getRun('run-1')?.status).toBe('failed');
    open.pop()!.close();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'results'").get() as { n: number }).n).toBe(1);
    db.close();
  });

  it('refuses a database from a newer aitest with a STORE error', () => {
    openTracked();
    open.pop()!.close();
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openStore(file)).toThrow(expect.objectContaining({ code: 'STORE', message: expect.stringContaining('newer') }));
  });

  it('a path that cannot be created is an AitestError STORE with a hint', () => {
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, 'not a directory');
    let err: unknown;
    try {
      openStore(path.join(blocker, 'sub', 'results.db'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AitestError);
    expect((err as AitestError).code).toBe('STORE');
    expect((err as AitestError).hint).toMatch(/--db/);
  });

  it('a file that is not a database is an AitestError STORE telling to move it aside', () => {
    const bad = path.join(dir, 'garbage.db');
    writeFileSync(bad, 'this is not sqlite, just text that is long enough to look like a header '.repeat(20));
    let err: unknown;
    try {
      openStore(bad);
    } catch (e) {
      err = e;
    }
    expect((err as AitestError).code).toBe('STORE');
    expect((err as AitestError).hint).toContain('.bak');
  });

  it('mustExist turns a missing file into NOT_FOUND instead of creating it', () => {
    expect(() => openStore(path.join(dir, 'none.db'), { mustExist: true })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('writes and reads', () => {
  it('round-trips a run and its final results exactly as the events carried them', () => {
    const events = sampleRun();
    writeAll(openTracked(), events);
    open.pop()!.close();
    const s = openTracked();

    const run = s.getRun('run-1')!;
    expect(run).toMatchObject({
      id: 'run-1', status: 'failed', startedAt: T0, endedAt: T0 + 1234, durationMs: 1234,
      gitCommit: 'abc123def', gitBranch: 'main', env: { node: 'v20', ci: 'github-actions' }, workers: 4,
      plans: [{ name: 'Quickstart', file: 'plans/quick.yaml' }],
      counts: { total: 6, passed: 1, failed: 1, flaky: 1, skipped: 1, timedOut: 1, errors: 1, notRun: 0 },
    });

    const results = s.results('run-1');
    const byName = new Map(results.map((r) => [r.name, r]));
    expect([...byName.keys()].sort()).toEqual(['create user', 'health answers', 'not ready', 'slow route', 'sometimes slow', 'unreachable']);

    const failedEvent = events[2] as Extract<RunEvent, { type: 'test:end' }>;
    const failed = byName.get('create user')!;
    expect(failed).toMatchObject({ runId: 'run-1', testId: 'id-create user', status: 'failed', attempt: 0, line: 20, column: 5, tags: ['smoke'], durationMs: 87, error: 'status: expected 201, got 500' });
    expect(failed.checks).toEqual(failedEvent.result.checks);
    expect(failed.steps).toEqual(failedEvent.result.steps);
    expect(failed.artifacts).toEqual(failedEvent.result.artifacts);
    // `actual: null` stays null; an absent expected stays absent.
    expect(failed.checks[1]).toHaveProperty('actual', null);

    expect(byName.get('health answers')!.metrics).toEqual([{ name: 'http_req_duration', value: 12.5, unit: 'ms', labels: { method: 'GET' }, at: T0 + 140 }]);
    expect(byName.get('slow route')).toMatchObject({ status: 'timedOut', errorHint: 'Raise `timeout` on the test.' });
    expect(byName.get('not ready')).toMatchObject({ status: 'skipped', skipReason: 'waiting for the API' });
    expect(byName.get('unreachable')).toMatchObject({ status: 'error', project: 'chromium' });
  });

  it('results() returns the final attempt of a retried test only', () => {
    const s = openTracked();
    writeAll(s, sampleRun());
    const flaky = s.results('run-1').filter((r) => r.name === 'sometimes slow');
    expect(flaky).toHaveLength(1);
    expect(flaky[0]).toMatchObject({ attempt: 1, status: 'flaky' });
    expect(flaky[0].checks).toEqual([{ name: 'maxDuration', ok: true, expected: 500, actual: 120 }]);
  });

  it('result() reads one test back: its final attempt, of the project asked for', () => {
    const s = openTracked();
    writeAll(s, sampleRun());
    const flaky = s.results('run-1').find((r) => r.name === 'sometimes slow')!;
    expect(s.result('run-1', flaky.testId)).toMatchObject({ name: 'sometimes slow', attempt: 1, status: 'flaky', checks: [{ name: 'maxDuration', actual: 120 }] });
    const matrix = s.results('run-1').find((r) => r.project === 'chromium')!;
    expect(s.result('run-1', matrix.testId, 'chromium')).toMatchObject({ name: 'unreachable', status: 'error' });
    // The same test id of another project, or of no project, is not it.
    expect(s.result('run-1', matrix.testId)).toBeUndefined();
    expect(s.result('run-1', matrix.testId, 'firefox')).toBeUndefined();
    expect(s.result('run-2', flaky.testId)).toBeUndefined();
  });

  it('a committed result survives the process being SIGKILLed right after', () => {
    const script = path.join(dir, 'writer.ts');
    const storeUrl = new URL('../../../src/store/sqlite.ts', import.meta.url).href;
    writeFileSync(script, `
      import { openStore } from ${JSON.stringify(storeUrl)};
      const s = openStore(${JSON.stringify(file)});
      s.write({ type: 'run:start', run: { id: 'k1', plans: [{ name: 'P', file: 'p.yaml' }], startedAt: 1, total: 2, workers: 1 } });
      s.write({ type: 'test:end', test: { id: 't1', name: 'one', type: 'api', plan: 'P', file: 'p.yaml', line: 1, column: 1, tags: [] },
        result: { status: 'failed', attempt: 0, willRetry: false, startedAt: 2, durationMs: 3, checks: [{ name: 'status', ok: false, expected: 200, actual: 503 }], steps: [], metrics: [], artifacts: [] } });
      s.flush();
      process.kill(process.pid, 'SIGKILL');
    `);
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');

    const db = new Database(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    const s = openTracked();
    expect(s.getRun('k1')?.status).toBe('running');
    expect(s.results('k1')).toMatchObject([{ name: 'one', status: 'failed', checks: [{ name: 'status', expected: 200, actual: 503 }] }]);
    expect(s.lastFailed(['P'])).toEqual(['t1']);
  });

  it('two processes (connections) can write their own runs to one file at the same time', () => {
    const a = openTracked();
    const b = openTracked();
    a.write(runStart({ id: 'ra' }));
    b.write(runStart({ id: 'rb' }));
    a.write(testEnd(ref('x'), result('passed')));
    b.write(testEnd(ref('x'), result('failed')));
    a.write(runEnd({ runId: 'ra', status: 'passed' }));
    b.write(runEnd({ runId: 'rb' }));
    expect(a.results('rb')[0].status).toBe('failed');
    expect(b.results('ra')[0].status).toBe('passed');
  });

  it('stores a status it does not know instead of crashing', () => {
    const s = openTracked();
    s.write(runStart());
    s.write(testEnd(ref('odd'), result('quarantined' as never)));
    s.write(runEnd({ status: 'weird' as never }));
    expect(s.results('run-1')[0].status).toBe('quarantined');
    expect(s.getRun('run-1')?.status).toBe('weird');
  });

  it('stores streamed test:metric events without a result, tagged with the test id', () => {
    const s = openTracked();
    s.write(runStart());
    s.write({ type: 'test:metric', test: ref('load'), attempt: 0, metrics: [
      { name: 'vus', value: 10, unit: 'count', at: T0 + 1 },
      { name: 'http_reqs', value: 250, unit: 'count', labels: { status: '200' }, at: T0 + 2 },
    ] });
    s.close();
    open.pop();
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT run_id, result_id, test_id, name, value, labels FROM metrics ORDER BY id').all();
    db.close();
    expect(rows).toEqual([
      { run_id: 'run-1', result_id: null, test_id: 'id-load', name: 'vus', value: 10, labels: null },
      { run_id: 'run-1', result_id: null, test_id: 'id-load', name: 'http_reqs', value: 250, labels: '{"status":"200"}' },
    ]);
  });
});

describe('queries across runs', () => {
  function run(s: Store, id: string, at: number, plans: string[], outcomes: Record<string, 'passed' | 'failed' | 'error'>): void {
    s.write(runStart({ id, startedAt: at, plans: plans.map((p) => ({ name: p, file: `${p}.yaml` })) }));
    for (const [key, status] of Object.entries(outcomes)) {
      const [plan, name] = key.split('/');
      s.write(testEnd(ref(name, { id: `${plan}:${name}`, plan }), result(status, { startedAt: at + 1 })));
    }
    s.write(runEnd({ runId: id, startedAt: at, status: Object.values(outcomes).includes('failed') ? 'failed' : 'passed' }));
  }

  it('history is newest first, limited, and filterable by plan', () => {
    const s = openTracked();
    run(s, 'r1', T0, ['A'], { 'A/login': 'passed' });
    run(s, 'r2', T0 + 1000, ['A'], { 'A/login': 'failed' });
    run(s, 'r3', T0 + 2000, ['B'], { 'B/login': 'passed' });
    expect(s.history('login').map((r) => r.runId)).toEqual(['r3', 'r2', 'r1']);
    expect(s.history('login', { limit: 2 }).map((r) => r.runId)).toEqual(['r3', 'r2']);
    expect(s.history('login', { plan: 'A' }).map((r) => [r.runId, r.status])).toEqual([['r2', 'failed'], ['r1', 'passed']]);
    expect(s.history('nobody')).toEqual([]);
  });

  it('a database from before migration 6 keeps its history, now looked up run by run instead of by a name index', () => {
    const s = openTracked();
    run(s, 'r1', T0, ['A'], { 'A/login': 'passed' });
    run(s, 'r2', T0 + 1000, ['A'], { 'A/login': 'failed' });
    s.close();
    open.length = 0;
    // Back to version 5 as an older aitest left it.
    const raw = new Database(file);
    raw.exec('DROP INDEX results_run_name; CREATE INDEX results_name ON results (name, started_at);');
    raw.pragma('user_version = 5');
    raw.close();
    const again = openTracked();
    expect(again.history('login').map((r) => [r.runId, r.status])).toEqual([['r2', 'failed'], ['r1', 'passed']]);
    const check = new Database(file, { readonly: true });
    const indexes = check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'results'").all().map((r) => (r as { name: string }).name);
    // The walk over runs seeks each run's entry for the name; no scan of every result.
    const plan = check.prepare(`EXPLAIN QUERY PLAN SELECT r.* FROM runs u CROSS JOIN results r ON r.run_id = u.id AND r.name = ?
      ORDER BY u.started_at DESC, r.id DESC LIMIT 20`).all('login').map((r) => (r as { detail: string }).detail).join('\n');
    check.close();
    expect(indexes).toContain('results_run_name');
    expect(indexes).not.toContain('results_name');
    expect(plan).toContain('results_run_name (run_id=? AND name=?)');
  });

  it('latestRun and listRuns order by start time and filter by plan', () => {
    const s = openTracked();
    run(s, 'r1', T0, ['A', 'B'], {});
    run(s, 'r2', T0 + 1000, ['A'], {});
    expect(s.latestRun()?.id).toBe('r2');
    expect(s.latestRun('B')?.id).toBe('r1');
    expect(s.latestRun('C')).toBeUndefined();
    expect(s.listRuns().map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(s.listRuns({ plan: 'B' }).map((r) => r.id)).toEqual(['r1']);
    expect(s.listRuns({ limit: 1 }).map((r) => r.id)).toEqual(['r2']);
  });

  it('lastFailed takes each plan from its own newest run, final attempts only', () => {
    const s = openTracked();
    run(s, 'r1', T0, ['A', 'B'], { 'A/one': 'failed', 'A/two': 'passed', 'B/three': 'error' });
    run(s, 'r2', T0 + 1000, ['A'], { 'A/one': 'passed', 'A/two': 'failed' });
    // B's newest run is r1, A's is r2.
    expect(s.lastFailed(['A', 'B']).sort()).toEqual(['A:two', 'B:three']);
    expect(s.lastFailed(['A'])).toEqual(['A:two']);
    expect(s.lastFailed(['unknown'])).toEqual([]);

    // A failure that passed on retry is not "failed".
    s.write(runStart({ id: 'r3', startedAt: T0 + 2000, plans: [{ name: 'A', file: 'A.yaml' }] }));
    s.write(testEnd(ref('two', { id: 'A:two', plan: 'A' }), result('failed', { willRetry: true })));
    s.write(testEnd(ref('two', { id: 'A:two', plan: 'A' }), result('flaky', { attempt: 1 })));
    expect(s.lastFailed(['A'])).toEqual([]);
  });

  it('a failed operation of a contract test makes --last-failed rerun the test it belongs to', () => {
    const s = openTracked();
    s.write(runStart({ id: 'c1', startedAt: T0, plans: [{ name: 'C', file: 'C.yaml' }] }));
    s.write(testEnd(ref('GET /a', { id: 'op-a', plan: 'C', parent: 'contract-1' }), result('passed')));
    s.write(testEnd(ref('GET /b', { id: 'op-b', plan: 'C', parent: 'contract-1' }), result('failed')));
    s.write(testEnd(ref('GET /c', { id: 'op-c', plan: 'C', parent: 'contract-2' }), result('passed')));
    s.flush();
    expect(s.lastFailed(['C'])).toEqual(['contract-1']);
  });
});
