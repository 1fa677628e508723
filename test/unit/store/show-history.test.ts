import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src/cli/context.js';
import { historyCommand } from '../../../src/cli/commands/history.js';
import { showCommand } from '../../../src/cli/commands/show.js';
import { openStore } from '../../../src/store/sqlite.js';
import { ANSI, T0, ref, result, runEnd, runStart, sampleRun, testEnd } from '../reporters/fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-show-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function cli(colors = false): CliContext & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    cwd: dir, env: {}, colors, verbose: false,
    stdout: { write: (s) => void (out += s) },
    stderr: { write: (s) => void (err += s) },
    out: () => out,
    err: () => err,
  };
}

function seed(): void {
  const store = openStore(path.join(dir, '.aitest/results.db'));
  for (const e of sampleRun('run-old')) store.write(e);
  store.write(runStart({ id: 'run-new', startedAt: T0 + 60_000, total: 2, git: { branch: 'feature/x', commit: '0123456789abcdef' } }));
  store.write(testEnd(ref('create user', { line: 20 }), result('passed', { startedAt: T0 + 60_100, durationMs: 30 })));
  store.write(testEnd(ref('health answers', { line: 12 }), result('failed', {
    startedAt: T0 + 60_200, durationMs: 12, checks: [{ name: 'status', ok: false, expected: 200, actual: 503 }],
  })));
  store.write(runEnd({ runId: 'run-new', startedAt: T0 + 60_000, total: 2, passed: 1, failed: 1, flaky: 0, skipped: 0, timedOut: 0, errors: 0 }));
  store.close();
}

const db = '.aitest/results.db';

describe('aitest show', () => {
  it('prints the newest run: summary, git, counts, failures with their checks', async () => {
    seed();
    const c = cli();
    expect(await showCommand({ db }, c)).toBe(0);
    const out = c.out();
    expect(out).toMatch(/^Run run-new {2}✘ failed$/m);
    expect(out).toContain('plan      Quickstart plans/quick.yaml');
    expect(out).toContain('git       feature/x @ 0123456789ab');
    expect(out).toContain('duration  1.2s');
    expect(out).toContain('tests     1 failed · 1 passed  (2 total)');
    expect(out).toContain('1) ✘ health answers  plans/quick.yaml:12');
    expect(out).toContain('✘ status  expected 200, actual 503');
    expect(out).not.toMatch(ANSI);
    expect(c.err()).toBe('');
  });

  it('finds a run by id, "last", or an unambiguous prefix', async () => {
    seed();
    const byId = cli();
    await showCommand({ db, runId: 'run-old' }, byId);
    expect(byId.out()).toMatch(/^Run run-old/);
    expect(byId.out()).toContain('Failures (3)');
    expect(byId.out()).toContain('hint: Raise `timeout` on the test.');
    expect(byId.out()).toContain('Flaky (1)');
    const last = cli();
    await showCommand({ db, runId: 'last' }, last);
    expect(last.out()).toMatch(/^Run run-new/);
    const prefix = cli();
    await showCommand({ db, runId: 'run-o' }, prefix);
    expect(prefix.out()).toMatch(/^Run run-old/);
  });

  it('--json prints the run and its results in the JSON report format', async () => {
    seed();
    const c = cli();
    expect(await showCommand({ db, runId: 'run-old', json: true }, c)).toBe(0);
    const report = JSON.parse(c.out());
    expect(report.run).toMatchObject({ id: 'run-old', status: 'failed', startedAt: new Date(T0).toISOString(), durationMs: 1234 });
    expect(report.summary).toMatchObject({ total: 6, failed: 1, flaky: 1 });
    expect(report.tests).toHaveLength(6);
    expect(report.tests.find((t: { name: string }) => t.name === 'create user').checks[0]).toEqual({ name: 'status', ok: false, expected: 201, actual: 500, step: 'POST /api/users' });
  });

  it('exits 2 with a clear error when the run or the database does not exist', async () => {
    seed();
    const missingRun = cli();
    expect(await showCommand({ db, runId: 'nope' }, missingRun)).toBe(2);
    expect(missingRun.err()).toContain('error: No run "nope" in .aitest/results.db.');
    expect(missingRun.err()).toContain('Recent runs: run-new, run-old');

    const missingDb = cli();
    expect(await showCommand({ db: 'elsewhere/none.db' }, missingDb)).toBe(2);
    expect(missingDb.err()).toContain('error: No results database at');
    expect(missingDb.out()).toBe('');
  });
});

describe('aitest history', () => {
  it('prints the test\'s results newest first with a pass rate', async () => {
    seed();
    const c = cli();
    expect(await historyCommand({ db, name: 'health answers' }, c)).toBe(0);
    const lines = c.out().split('\n');
    expect(lines[0]).toBe('health answers  last 2 results, newest first');
    expect(lines[2]).toMatch(/run-new {2}✘ failed {2}\s+12ms {2}status: expected 200, actual 503$/);
    expect(lines[3]).toMatch(/run-old {2}✓ passed {2}\s+42ms$/);
    expect(c.out()).toContain('pass rate 50%  (1 of 2 passed; skipped not counted)');
    expect(c.out()).not.toMatch(ANSI);
  });

  it('respects --limit and --plan, and prints JSON', async () => {
    seed();
    const c = cli();
    await historyCommand({ db, name: 'create user', limit: 1, json: true }, c);
    const json = JSON.parse(c.out());
    expect(json.results).toHaveLength(1);
    expect(json.results[0]).toMatchObject({ runId: 'run-new', name: 'create user', status: 'passed' });
    expect(json.passRate).toEqual({ passed: 1, counted: 1, flaky: 0, rate: 1 });

    const other = cli();
    expect(await historyCommand({ db, name: 'create user', plan: 'Other' }, other)).toBe(2);
    expect(other.err()).toContain('No results for a test named "create user" in plan "Other"');
  });

  it('colours when asked', async () => {
    seed();
    const c = cli(true);
    await historyCommand({ db, name: 'health answers' }, c);
    expect(c.out()).toMatch(ANSI);
  });
});
