// The dashboard in a real pseudo-terminal (util-linux `script`): the default on a terminal, ending with
// the run and leaving the failures in the scrollback; with --ui, q stops the run like Ctrl-C (exit 130,
// finished results kept), r reruns the failures, and the history browser of `aitest show`.
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
  waitFor(re: RegExp, ms?: number): Promise<void>;
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
  // CI must be absent, not empty: ink treats any CI variable as a CI run (and so does `aitest run`).
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
    async waitFor(re, ms = 15_000) {
      const until = Date.now() + ms;
      while (!re.test(strip(out)) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(re.test(strip(out)), `${re} not seen in:\n${strip(out).slice(-2000)}`).toBe(true);
    },
    press: (keys) => void child.stdin!.write(keys),
    exitCode: () => exit,
  };
}

it('is the default on a terminal, and on leaving gives its place to the failures with expected and actual', async () => {
  const dir = tempDir({
    // The slow test keeps the run going long enough for frames to be drawn while it runs.
    'plan.yaml': `name: default dashboard\nbaseUrl: ${demo.app.url}\ntests:\n  - { name: slow answer, type: api, request: { url: "/api/slow?ms=1500" } }\n  - { name: wants a teapot, type: api, request: { url: /health }, expect: { status: 418 } }\n`,
  });
  const pty = inPty(dir, 'run plan.yaml --db results.db');
  await pty.waitFor(/aitest · default dashboard[\s\S]*✗ 1/);
  expect(await pty.exitCode()).toBe(1);
  const out = pty.output();
  // The recap printed after the dashboard left.
  expect(out).toContain('1 failed · 1 passed  (2 tests');
  expect(out).toMatch(/Failures \(1\)\n.*wants a teapot {2}plan\.yaml:5\n.*✘ status {2}expected 418, actual 200/);
  // Its last frame was erased (line by line, upwards) before the recap: the recap takes its place.
  const raw = pty.raw();
  const left = raw.slice(raw.lastIndexOf('aitest · default dashboard'), raw.indexOf('1 failed · 1 passed'));
  expect(left).toMatch(/(\x1b\[2K\x1b\[1A){5,}/);
  expect(queryDb<{ n: number }>(path.join(dir, 'results.db'), 'select count(*) n from results')).toEqual([{ n: 2 }]);
}, 60_000);

it('--no-ui prints the list reporter on a terminal', async () => {
  const dir = tempDir({ 'plan.yaml': `name: plain\nbaseUrl: ${demo.app.url}\ntests:\n  - { name: health answers, type: api, request: { url: /health } }\n` });
  const pty = inPty(dir, 'run plan.yaml --no-ui --db results.db');
  expect(await pty.exitCode()).toBe(0);
  expect(pty.output()).toMatch(/ {2}✓ health answers/);
  expect(pty.output()).not.toContain('↑↓/jk');
}, 60_000);

it('a dashboard started early on a wrong guess of the command line draws nothing: the run reports as asked', async () => {
  // "--ui" is the value of --grep-invert here, so the dashboard started before the CLI parsed its flags
  // (main.ts) is not the run's: it must leave the terminal to the dot reporter, while a test takes 1.5 s.
  const dir = tempDir({ 'plan.yaml': `name: guessed\nbaseUrl: ${demo.app.url}\ntests:\n  - { name: slow answer, type: api, request: { url: "/api/slow?ms=1500" } }\n  - { name: health answers, type: api, request: { url: /health } }\n` });
  const pty = inPty(dir, 'run plan.yaml --grep-invert --ui --reporter dot --db results.db');
  expect(await pty.exitCode()).toBe(0);
  expect(pty.output()).toContain('2 passed');
  // ink hides the cursor and draws its frame; none of that, and no help line.
  expect(pty.raw()).not.toContain('\x1b[?25l');
  expect(pty.output()).not.toContain('↑↓/jk');
  expect(queryDb<{ n: number }>(path.join(dir, 'results.db'), 'select count(*) n from results')).toEqual([{ n: 2 }]);
}, 60_000);

it('--ui: shows the run live, q stops it with exit 130 and keeps finished results', async () => {
  const dir = tempDir({
    'plan.yaml': `name: dashboard e2e\nbaseUrl: ${demo.app.url}\ntests:\n  - { name: health answers, type: api, request: { url: /health } }\n  - name: long load\n    type: load\n    vus: 2\n    duration: 60s\n    scenario:\n      - request: { url: /health }\n`,
  });
  const db = path.join(dir, 'results.db');
  const pty = inPty(dir, `run plan.yaml --ui --db ${db}`);
  await pty.waitFor(/long load {2}rps/);
  expect(pty.output()).toContain('aitest · dashboard e2e');
  expect(pty.output()).toContain('q stop the run');
  pty.press('q');
  await pty.waitFor(/q quit/);
  pty.press('q');
  expect(await pty.exitCode()).toBe(130);
  const rows = queryDb<{ name: string; status: string }>(db, 'select name, status from results order by id');
  expect(rows).toEqual([{ name: 'health answers', status: 'passed' }, { name: 'long load', status: 'error' }]);
}, 60_000);

it('--ui: enter on a passed test shows its checks, read back from the store (the run does not hold them)', async () => {
  const dir = tempDir({ 'plan.yaml': `name: details\nbaseUrl: ${demo.app.url}\ntests:\n  - { name: health answers, type: api, request: { url: /health }, expect: { status: 200 } }\n` });
  const pty = inPty(dir, 'run plan.yaml --ui --db results.db');
  await pty.waitFor(/q quit/);
  expect(pty.output()).not.toContain('expected 200, got 200');
  pty.press('\r');
  await pty.waitFor(/health answers — passed[\s\S]*plan\.yaml:4[\s\S]*✓ status {2}expected 200, got 200/);
  pty.press('q');
  expect(await pty.exitCode()).toBe(0);
}, 60_000);

it('--ui: the list pages through the run\'s tests: j moves down past the first rows, f keeps the failures', async () => {
  const passing = Array.from({ length: 14 }, (_, i) => `  - { name: check ${String(i).padStart(2, '0')}, type: api, request: { url: /health } }`);
  const dir = tempDir({ 'plan.yaml': `name: paging\nbaseUrl: ${demo.app.url}\ntests:\n${passing.join('\n')}\n  - { name: wants a teapot, type: api, request: { url: /health }, expect: { status: 418 } }\n` });
  const pty = inPty(dir, 'run plan.yaml --ui --workers 1 --db results.db');
  await pty.waitFor(/q quit/);
  // The list has room for 8 rows here: the last tests are off screen until the selection moves there.
  const atEnd = pty.output().length;
  expect(pty.output()).not.toMatch(/✓ check 13 /);
  for (let i = 0; i < 14; i++) {
    pty.press('j');
    await new Promise((r) => setTimeout(r, 40));
  }
  await pty.waitFor(/check 13 [\s\S]*✗ wants a teapot/);
  expect(pty.output().slice(atEnd)).not.toMatch(/✓ check 00 /);
  const before = pty.output().length;
  pty.press('f');
  await pty.waitFor(/f all tests/);
  await new Promise((r) => setTimeout(r, 300));
  const filtered = pty.output().slice(before);
  expect(filtered).toContain('wants a teapot');
  expect(filtered).not.toMatch(/✓ check \d\d /);
  pty.press('q');
  expect(await pty.exitCode()).toBe(1);
}, 60_000);

it('--ui: r reruns only the failed tests on the same screen, stored as a run of their own', async () => {
  const dir = tempDir({
    'plan.yaml': `name: rerun\nbaseUrl: ${demo.app.url}\ntests:\n  - { name: health answers, type: api, request: { url: /health } }\n  - { name: wants a teapot, type: api, request: { url: /health }, expect: { status: 418 } }\n`,
  });
  const db = path.join(dir, 'results.db');
  const pty = inPty(dir, `run plan.yaml --ui --db ${db}`);
  await pty.waitFor(/r rerun failed · q quit/);
  pty.press('r');
  // The second run: one test, the failed one.
  await pty.waitFor(/✓ 0 ✗ 1 .* 1\/1[\s\S]*r rerun failed · q quit/);
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
