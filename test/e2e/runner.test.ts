import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCliProcess, startCli, tempDir } from '../helpers/cli.js';
import { queryDb } from '../helpers/db.js';
import { freePort } from '../helpers/ports.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

const planOf = (tests: string) => `name: runner\nbaseUrl: ${srv.url}\ntests:\n${tests}`;
const okTest = (name: string, extra = '') => `  - { name: "${name}", type: api, request: { url: /ok }, expect: { status: 200 }${extra} }\n`;
const dbRows = (dir: string, sql: string) => queryDb(path.join(dir, '.aitest/results.db'), sql);

describe('runner', () => {
  it('a test that passes on retry is flaky and the run passes', async () => {
    const key = `k${Date.now()}`;
    const dir = tempDir({ 'plan.yaml': planOf(`  - { name: wobbly, type: api, request: { url: /flaky/${key} }, expect: { status: 200 } }\n`) });
    const r = await runCliProcess(['run', 'plan.yaml', '--retries', '1', '--reporter', 'list', '--reporter', 'json:r.json'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/flaky/);
    const rows = dbRows(dir, 'select status, attempt from results order by attempt');
    expect(rows).toEqual([{ status: 'failed', attempt: 0 }, { status: 'flaky', attempt: 1 }]);
  });

  it('a per-test timeout ends a slow test as timedOut', async () => {
    const dir = tempDir({ 'plan.yaml': planOf(`  - { name: slowpoke, type: api, timeout: 300ms, request: { url: "/slow?ms=5000" } }\n`) });
    const r = await runCliProcess(['run', 'plan.yaml'], { cwd: dir });
    // Without the timeout, the server's answer after 5 s would make it pass.
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/timed out/i);
    expect(dbRows(dir, 'select status from results')).toEqual([{ status: 'timedOut' }]);
  });

  it('--shard i/n: shards together run every test exactly once', async () => {
    let tests = '';
    for (let i = 0; i < 12; i++) tests += okTest(`t${i}`);
    const dir = tempDir({ 'plan.yaml': planOf(tests) });
    const seen: string[] = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      const r = await runCliProcess(['run', 'plan.yaml', '--shard', shard, '--db', `s${shard[0]}.db`], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      seen.push(...queryDb<{ name: string }>(path.join(dir, `s${shard[0]}.db`), 'select name from results').map((x) => x.name));
    }
    expect(seen.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `t${i}`).sort());
    const again = await runCliProcess(['run', 'plan.yaml', '--shard', '2/3', '--db', 'again.db'], { cwd: dir });
    expect(again.code).toBe(0);
    const first = queryDb<{ name: string }>(path.join(dir, 's2.db'), 'select name from results order by name');
    expect(queryDb(path.join(dir, 'again.db'), 'select name from results order by name')).toEqual(first);
  });

  it('--grep and --tag pick tests; --last-failed reruns only what failed', async () => {
    const dir = tempDir({
      'plan.yaml': planOf(
        okTest('alpha', ', tags: [smoke]') + okTest('beta') +
          `  - { name: gamma fails, type: api, request: { url: /fail }, expect: { status: 200 } }\n`,
      ),
    });
    const grep = await runCliProcess(['run', 'plan.yaml', '--grep', '^be', '--db', 'g.db'], { cwd: dir });
    expect(grep.code).toBe(0);
    expect(queryDb(path.join(dir, 'g.db'), 'select name from results')).toEqual([{ name: 'beta' }]);
    const tag = await runCliProcess(['run', 'plan.yaml', '--tag', 'smoke', '--db', 't.db'], { cwd: dir });
    expect(tag.code).toBe(0);
    expect(queryDb(path.join(dir, 't.db'), 'select name from results')).toEqual([{ name: 'alpha' }]);

    const all = await runCliProcess(['run', 'plan.yaml'], { cwd: dir });
    expect(all.code).toBe(1);
    const rerun = await runCliProcess(['run', 'plan.yaml', '--last-failed'], { cwd: dir });
    expect(rerun.code).toBe(1);
    const lastRun = dbRows(dir, 'select id from runs order by started_at desc limit 1')[0] as { id: string };
    expect(queryDb(path.join(dir, '.aitest/results.db'), 'select name from results where run_id = ?', lastRun.id)).toEqual([{ name: 'gamma fails' }]);
  });

  it('--max-failures stops starting new tests', async () => {
    let tests = '';
    for (let i = 0; i < 6; i++) tests += `  - { name: "f${i}", type: api, request: { url: /fail }, expect: { status: 200 } }\n`;
    const dir = tempDir({ 'plan.yaml': planOf(tests) });
    const r = await runCliProcess(['run', 'plan.yaml', '--max-failures', '2', '--workers', '1'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(dbRows(dir, 'select count(*) as n from results')).toEqual([{ n: 2 }]);
    expect(r.stdout + r.stderr).toMatch(/max-failures/);
  });

  it('Ctrl-C mid-run: finished results are kept, the run is interrupted, exit 130', async () => {
    let tests = okTest('quick one') + okTest('quick two');
    for (let i = 0; i < 4; i++) tests += `  - { name: "slow ${i}", type: api, request: { url: "/slow?ms=20000" } }\n`;
    const dir = tempDir({ 'plan.yaml': planOf(tests) });
    const child = startCli(['run', 'plan.yaml', '--workers', '2'], { cwd: dir });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    await waitFor(() => /quick two/.test(out) && /quick one/.test(out));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code).toBe(130);
    expect(dbRows(dir, 'select status from runs')).toEqual([{ status: 'interrupted' }]);
    expect(dbRows(dir, "select name from results where status = 'passed' order by name")).toEqual([{ name: 'quick one' }, { name: 'quick two' }]);
  });

  it('SIGKILL mid-run: finished results are in the file and it passes integrity_check', async () => {
    let tests = '';
    for (let i = 0; i < 5; i++) tests += okTest(`fast ${i}`);
    for (let i = 0; i < 3; i++) tests += `  - { name: "stuck ${i}", type: api, request: { url: "/slow?ms=20000" } }\n`;
    const dir = tempDir({ 'plan.yaml': planOf(tests) });
    const child = startCli(['run', 'plan.yaml', '--workers', '1'], { cwd: dir });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    // Killed once the five fast results are committed, while a stuck test runs: they must survive.
    const db = path.join(dir, '.aitest/results.db');
    const passed = "select count(*) as n from results where status = 'passed'";
    await waitFor(() => /fast 4/.test(out) && (queryDb<{ n: number }>(db, passed)[0]?.n ?? 0) === 5);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    expect(queryDb(db, 'pragma integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(queryDb(db, passed)).toEqual([{ n: 5 }]);
  });
  it('results that can no longer be saved make the run an infrastructure failure (exit 3), not a pass', async () => {
    const dir = tempDir({ 'plan.yaml': planOf(`  - { name: slow one, type: api, request: { url: "/slow?ms=1500" } }\n`) });
    const child = startCli(['run', 'plan.yaml', '--workers', '1'], { cwd: dir });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    await waitFor(() => /Running 1 test/.test(out));
    // Another process holds the write lock for longer than the store waits (busy_timeout 5 s).
    const locker = new Database(path.join(dir, '.aitest/results.db'));
    locker.exec('BEGIN IMMEDIATE');
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    locker.exec('ROLLBACK');
    locker.close();
    expect(code, out + err).toBe(3);
    expect(err).toMatch(/locked/);
    expect(err).toMatch(/hint:/);
  }, 30_000);
  it('a second Ctrl-C exits at once, even while a webServer refuses to stop, and takes the server down', async () => {
    const port = await freePort();
    // It ignores SIGTERM, and says when it got one: the graceful stop then waits out its 5 s grace.
    const server = `process.on('SIGTERM', () => require('fs').writeFileSync('got-sigterm', '')); require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`;
    const dir = tempDir({
      'server.cjs': server,
      'plan.yaml': `name: stubborn\nbaseUrl: ${srv.url}\nwebServer:\n  command: node server.cjs\n  url: http://127.0.0.1:${port}/\ntests:\n  - { name: slow, type: api, request: { url: "/slow?ms=20000" } }\n`,
    });
    const child = startCli(['run', 'plan.yaml'], { cwd: dir });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    await waitFor(() => /Running 1 test/.test(out));
    child.kill('SIGINT');
    // The graceful stop is under way and the server is refusing it.
    await waitFor(() => existsSync(path.join(dir, 'got-sigterm')));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code).toBe(130);
    // Exits with the server down, without waiting for it to give in (no bound on time: a loaded
    // machine took 6 s once).
    const up = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);
    expect(up).toBe(false);
  }, 30_000);
});


/** Waits for what the test is about (output printed, a row committed, a file written); generous on a loaded machine. */
function waitFor(cond: () => boolean): Promise<void> {
  return vi.waitFor(() => {
    if (!cond()) throw new Error('not yet');
  }, { timeout: 60_000, interval: 25 });
}
