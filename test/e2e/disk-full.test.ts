// A disk that fills up mid-run (issue 20), on a real file system: a small tmpfs holds the results database
// and its logs. The run stops with exit 3 and one `error: results database not writable: …`, no stack trace;
// what it committed before stays readable, and the run reads as interrupted, whether its last write (the
// run's row) got onto the full disk or not.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { JsonReport } from '../../src/reporters/json-report.js';
import { runCliProcess, tempDir, type CliResult } from '../helpers/cli.js';
import { queryDb } from '../helpers/db.js';
import { useDemoApp } from '../helpers/report.js';
import { useTmpfs } from '../helpers/tmpfs.js';

const demo = useDemoApp();

const tmpfs = useTmpfs();
const mountTmpfs = (size: string): string => tmpfs.mount(size);

/** The database as a user would carry it off the full disk: the file and its WAL. */
function copyDb(db: string): string {
  const to = path.join(tempDir(), 'copy.db');
  copyFileSync(db, to);
  if (existsSync(`${db}-wal`)) copyFileSync(`${db}-wal`, `${to}-wal`);
  return to;
}

function expectOneCleanError(r: CliResult): void {
  const all = r.stdout + r.stderr;
  expect(r.code, all).toBe(3);
  expect(r.stderr).toMatch(/^error: results database not writable: .*results\.db: the disk is full \(database or disk is full\)$/m);
  expect(r.stderr).toContain('hint: Free some disk space, or pass --db PATH on another disk.');
  expect(all.match(/^error:/gm), all).toHaveLength(1);
  // No stack trace: neither ours nor pino's (a log file on the same full disk).
  expect(all).not.toMatch(/^ {4}at /m);
  expect(all).not.toContain('ENOSPC: no space left on device, write\n    at');
  expect(r.stdout).toContain('Interrupted.');
  expect(r.stdout).toMatch(/Stopped: results can no longer be saved; \d+ tests? not run\./);
}

async function show(db: string, runId: string): Promise<JsonReport> {
  const r = await runCliProcess(['show', runId, '--json', '--db', db], { cwd: path.dirname(db) });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as JsonReport;
}

const pad = 'x'.repeat(1000);

it('a disk that fills up mid-run: exit 3, one clear error, the results committed before kept, the run interrupted', async () => {
  const mnt = mountTmpfs('1m');
  const db = path.join(mnt, 'results.db');
  // Each test's result (long name, its index entries) adds WAL frames: 1 MiB holds a few dozen. A test takes
  // 20 ms, so each commit holds a test or two and the ones before the failing commit are on disk.
  const total = 300;
  const tests = Array.from({ length: total }, (_, i) => `  - { name: "slow ${i} ${pad}", type: api, request: { url: "/api/slow?ms=20" }, expect: { status: 200 } }`);
  const dir = tempDir({ 'plan.yaml': `name: full disk\nbaseUrl: ${demo.app.url}\ntests:\n${tests.join('\n')}\n` });

  const r = await runCliProcess(['run', 'plan.yaml', '--db', db, '--reporter', 'dot', '--workers', '1'], { cwd: dir });
  expectOneCleanError(r);
  const marked = r.stderr.includes('Results committed before the failure are kept; the run is marked interrupted');
  if (!marked) expect(r.stderr).toContain('the run could not be marked interrupted, and reads as interrupted once this process has ended');

  const copy = copyDb(db);
  const [row] = queryDb<{ id: string; status: string }>(copy, 'select id, status from runs');
  // The last write made it (it usually does: it rewrites a page the failed commit had made room for), or the
  // row says running, and reads as interrupted now that the process is gone.
  expect(row.status).toBe(marked ? 'interrupted' : 'running');
  const stored = queryDb<{ name: string; status: string }>(copy, 'select name, status from results order by id');
  expect(stored.length).toBeGreaterThan(0);
  expect(stored.length).toBeLessThan(total);
  expect(new Set(stored.map((s) => s.status))).toEqual(new Set(['passed']));

  const report = await show(copy, row.id);
  expect(report.run.status).toBe('interrupted');
  expect(report.tests.map((t) => t.name)).toEqual(stored.map((s) => s.name));
  expect(report.summary.total).toBe(total);
  expect(report.summary.notRun).toBeGreaterThan(0);
  const history = await runCliProcess(['history', stored[0].name, '--json', '--db', copy], { cwd: dir });
  expect(history.code, history.stderr).toBe(0);
  expect(JSON.parse(history.stdout)).toMatchObject({ results: [{ runId: row.id, status: 'passed' }] });

  // On the full disk itself, the stored run reads back too.
  const inPlace = await show(db, row.id);
  expect(inPlace.run.status).toBe('interrupted');
  expect(inPlace.tests).toHaveLength(stored.length);
});

it('a disk that something else fills: the run\'s last write fails too, and the run reads as interrupted once aitest has ended', async () => {
  const mnt = mountTmpfs('1m');
  const db = path.join(mnt, 'results.db');
  // /fill waits until the three tests before it are committed, then fills the disk to its last byte before
  // it answers: the next commit fails, and so does the run's last write, as no room was made for it. /hold
  // never answers: the tests after /fill end only when the failed commit stops the run.
  const server = http.createServer((req, res) => {
    if (req.url === '/hold') return;
    if (req.url !== '/fill') return res.end('ok');
    void (async () => {
      for (let waited = 0; committed(db) < 3; waited += 20) {
        if (waited > 20_000) return res.writeHead(500).end('the first results were never committed');
        await new Promise((r) => setTimeout(r, 20));
      }
      fillUp(path.join(mnt, 'filler'));
      res.end('ok');
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tests = Array.from({ length: 10 }, (_, i) => `  - { name: "t${i}", type: api, request: { url: ${i < 3 ? '/ok' : i === 3 ? '/fill' : '/hold'} }, expect: { status: 200 } }`);
    const dir = tempDir({ 'plan.yaml': `name: filled\nbaseUrl: ${url}\ntests:\n${tests.join('\n')}\n` });

    const r = await runCliProcess(['run', 'plan.yaml', '--db', db, '--reporter', 'dot', '--workers', '1'], { cwd: dir });
    expectOneCleanError(r);
    expect(r.stderr).toContain('Results committed before the failure are kept; the run could not be marked interrupted, and reads as interrupted once this process has ended');
    // The log file is on the same disk: one warning, logging off, and the run goes on.
    expect(r.stderr).toMatch(/^warning: the log .*aitest-\d{4}-\d\d-\d\d\.log cannot be written \(ENOSPC: no space left on device[^)]*\); logging is off from here on$/m);

    const copy = copyDb(db);
    const [row] = queryDb<{ id: string; status: string }>(copy, 'select id, status from runs');
    expect(row.status).toBe('running');
    expect(queryDb(copy, 'select name, status from results order by id')).toEqual([
      { name: 't0', status: 'passed' }, { name: 't1', status: 'passed' }, { name: 't2', status: 'passed' },
    ]);
    const report = await show(copy, row.id);
    expect(report.run.status).toBe('interrupted');
    expect(report.summary).toMatchObject({ total: 10, passed: 3, notRun: 7 });
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

/** Results committed in the database so far (0 while it does not exist yet). */
function committed(db: string): number {
  if (!existsSync(db)) return 0;
  try {
    return queryDb<{ n: number }>(db, 'select count(*) as n from results')[0].n;
  } catch {
    return 0; // not created yet
  }
}

/** Writes `file` until the file system has no byte left. */
function fillUp(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
}
