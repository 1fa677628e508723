// The live view in a real pseudo-terminal (util-linux `script`): the default on a terminal, its area below
// the finished tests and gone at the end, leaving the failures with expected and actual; q stops the run
// like Ctrl-C (exit 130, finished results kept); with --ui the browser after the run, where r reruns the
// failures; and the history browser of `aitest show`.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { cliPath, tempDir } from '../helpers/cli.js';
import { queryDb } from '../helpers/db.js';
import { useDemoApp } from '../helpers/report.js';

const demo = useDemoApp();
// Escape sequences out, and the terminal's \r\n line ends back to \n.
const strip = (s: string): string => s.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '').replace(/\r\n/g, '\n');

interface Pty {
  child: ChildProcess;
  output(): string;
  /** What the terminal was sent, escape sequences and all. */
  raw(): string;
  /** Until `re` is seen in the output after its first `from` characters (default: all of it). */
  waitFor(re: RegExp, from?: number): Promise<void>;
  press(keys: string): void;
  exitCode(): Promise<number | null>;
}

// A test that fails before its run ends must not leave the run waiting on its terminal (--ui stays).
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** The CLI with its stdin and stdout on a pseudo-terminal, as a person at a terminal runs it. */
function inPty(dir: string, args: string): Pty {
  // CI must be absent, not empty: `aitest run` (and ink) treat any CI variable as a CI run.
  const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: '0', COLUMNS: '100', LINES: '30' };
  delete env.CI;
  delete env.GITHUB_ACTIONS;
  const child = spawn('script', ['-qfec', `${process.execPath} ${cliPath} ${args}`, '/dev/null'], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    output: () => strip(out),
    raw: () => out,
    async waitFor(re, from = 0) {
      const seen = (): boolean => re.test(strip(out).slice(from));
      const until = Date.now() + 15_000;
      while (!seen() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(seen(), `${re} not seen in:\n${strip(out).slice(from).slice(-2000)}`).toBe(true);
    },
    press: (keys) => void child.stdin!.write(keys),
    exitCode: () => exit,
  };
}

it('is the default on a terminal: finished tests scroll by above its area, which leaves with the run', async () => {
  const dir = tempDir({
    // The slow test keeps the run going long enough for the area to be drawn while it runs.
    'plan.yaml': `name: live view\nbaseUrl: ${demo.app.url}\ntests:\n  - { name: slow answer, type: api, request: { url: "/api/slow?ms=1500" } }\n  - { name: wants a teapot, type: api, request: { url: /health }, expect: { status: 418 } }\n`,
  });
  const pty = inPty(dir, 'run plan.yaml --db results.db');
  // The teapot has finished (above the area) while the slow test still runs (in it).
  await pty.waitFor(/✘ wants a teapot[\s\S]*aitest · live view[\s\S]*✗ 1[\s\S]*▸ slow answer api[\s\S]*failures \(1\)\n✗ wants a teapot {2}status: expected 418, got 200[\s\S]*q stop the run/);
  expect(await pty.exitCode()).toBe(1);
  const out = pty.output();
  expect(out).toContain('1 failed · 1 passed  (2 tests');
  expect(out).toMatch(/Failures \(1\)\n.*wants a teapot {2}plan\.yaml:5\n.*status: expected 418, actual 200/);
  // The area was erased before the end (cursor up, erase below) and the cursor is back.
  const raw = pty.raw();
  const last = raw.slice(raw.lastIndexOf('q stop the run'));
  expect(last).toMatch(/^q stop the run\S*\r\x1b\[\d+A\x1b\[J/);
  expect(strip(last)).not.toContain('aitest · live view');
  expect(raw.lastIndexOf('\x1b[?25h')).toBeGreaterThan(raw.lastIndexOf('\x1b[?25l'));
  expect(queryDb<{ n: number }>(path.join(dir, 'results.db'), 'select count(*) n from results')).toEqual([{ n: 2 }]);
}, 60_000);

it('--no-ui prints the list reporter on a terminal', async () => {
  const dir = tempDir({ 'plan.yaml': `name: plain\nbaseUrl: ${demo.app.url}\ntests:\n  - { name: health answers, type: api, request: { url: /health } }\n` });
  const pty = inPty(dir, 'run plan.yaml --no-ui --db results.db');
  expect(await pty.exitCode()).toBe(0);
  expect(pty.output()).toMatch(/ {2}✓ health answers/);
  expect(pty.output()).not.toContain('q stop the run');
  expect(pty.raw()).not.toContain('\x1b[?25l');
}, 60_000);

it('q stops the run as Ctrl-C does: exit 130, finished results kept, the terminal as it was', async () => {
  const dir = tempDir({
    'plan.yaml': `name: stopped\nbaseUrl: ${demo.app.url}\ntests:\n  - { name: health answers, type: api, request: { url: /health } }\n  - name: long load\n    type: load\n    vus: 2\n    duration: 60s\n    scenario:\n      - request: { url: /health }\n`,
  });
  const db = path.join(dir, 'results.db');
  const pty = inPty(dir, `run plan.yaml --workers 2 --db ${db}`);
  await pty.waitFor(/load long load {2}rps \S* \d+ {2}p95/);
  pty.press('q');
  expect(await pty.exitCode()).toBe(130);
  expect(pty.output()).toContain('Interrupted: stopping the run and keeping finished results');
  const raw = pty.raw();
  expect(raw.lastIndexOf('\x1b[?25h')).toBeGreaterThan(raw.lastIndexOf('\x1b[?25l'));
  const rows = queryDb<{ name: string; status: string }>(db, 'select name, status from results order by id');
  expect(rows).toEqual([{ name: 'health answers', status: 'passed' }, { name: 'long load', status: 'error' }]);
}, 60_000);

it('--ui: the browser opens at the run after it; enter shows a test, r reruns only the failed tests as a run of their own', async () => {
  const dir = tempDir({
    'plan.yaml': `name: rerun\nbaseUrl: ${demo.app.url}\ntests:\n  - { name: health answers, type: api, request: { url: /health }, expect: { status: 200 } }\n  - { name: wants a teapot, type: api, request: { url: /health }, expect: { status: 418 } }\n`,
  });
  const db = path.join(dir, 'results.db');
  const pty = inPty(dir, `run plan.yaml --ui --db ${db}`);
  await pty.waitFor(/rerun · .* · failed · \S+\n[\s\S]*r rerun failed · esc\/h runs · q quit/);
  pty.press('\r');
  await pty.waitFor(/health answers — passed[\s\S]*plan\.yaml:4[\s\S]*✓ status {2}expected 200, got 200/);
  const inDetails = pty.output().length;
  pty.press('h');
  await pty.waitFor(/r rerun failed · esc\/h runs · q quit/, inDetails);
  const before = pty.output().length;
  pty.press('r');
  // The second run: the failed test only, then the browser again, at the new run.
  await pty.waitFor(/Running 1 test[\s\S]*1 failed  \(1 test[\s\S]*r rerun failed · esc\/h runs · q quit/, before);
  const second = pty.output().slice(before);
  expect(second.slice(second.indexOf('Running 1 test'), second.indexOf('1 failed  (1 test'))).not.toContain('health answers');
  pty.press('q');
  expect(await pty.exitCode()).toBe(1);
  const runs = queryDb<{ total: number; failed: number }>(db, 'select total, failed from runs order by started_at');
  expect(runs).toEqual([{ total: 2, failed: 1 }, { total: 1, failed: 1 }]);
  const last = queryDb<{ name: string }>(db, 'select name from results where run_id = (select id from runs order by started_at desc limit 1)');
  expect(last).toEqual([{ name: 'wants a teapot' }]);
}, 60_000);

it('aitest show on a terminal browses the stored runs: runs → tests → details', async () => {
  const dir = tempDir({
    'plan.yaml': `name: browsed\nbaseUrl: ${demo.app.url}\ntests:\n  - { name: wants a teapot, type: api, request: { url: /health }, expect: { status: 418 } }\n`,
  });
  const run = inPty(dir, 'run plan.yaml --no-ui --db results.db');
  expect(await run.exitCode()).toBe(1);
  const pty = inPty(dir, 'show --db results.db');
  await pty.waitFor(/1 stored run[\s\S]*browsed {2}✓0 ✗1/);
  pty.press('\r');
  await pty.waitFor(/✗ wants a teapot api/);
  pty.press('\r');
  await pty.waitFor(/wants a teapot — failed[\s\S]*plan\.yaml:4[\s\S]*✗ status {2}expected 418, got 200/);
  pty.press('q');
  expect(await pty.exitCode()).toBe(0);
}, 60_000);
