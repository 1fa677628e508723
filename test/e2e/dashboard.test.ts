// The dashboard in a real pseudo-terminal (util-linux `script`): it draws, q stops the run like Ctrl-C
// (exit 130, finished results kept), and a second q leaves the finished run's screen.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { cliPath, tempDir } from '../helpers/cli.js';
import { queryDb } from '../helpers/db.js';
import { useDemoApp } from '../helpers/report.js';

const demo = useDemoApp();
const strip = (s: string): string => s.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '');

it('shows the run live, q stops it with exit 130 and keeps finished results', async () => {
  const dir = tempDir({
    'plan.yaml': `name: dashboard e2e\nbaseUrl: ${demo.app.url}\ntests:\n  - { name: health answers, type: api, request: { url: /health } }\n  - name: long load\n    type: load\n    vus: 2\n    duration: 60s\n    scenario:\n      - request: { url: /health }\n`,
  });
  const db = path.join(dir, 'results.db');
  // CI must be absent, not empty: ink treats any CI variable as a CI run and then draws only the last frame.
  const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: '0', COLUMNS: '100', LINES: '30' };
  delete env.CI;
  delete env.GITHUB_ACTIONS;
  const child = spawn('script', ['-qfec', `${process.execPath} ${cliPath} run plan.yaml --ui --db ${db}`, '/dev/null'], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const waitFor = async (re: RegExp, ms: number) => {
    const until = Date.now() + ms;
    while (!re.test(strip(out)) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    return re.test(strip(out));
  };
  expect(await waitFor(/long load {2}rps/, 15_000), strip(out).slice(-2000)).toBe(true);
  expect(strip(out)).toContain('aitest · dashboard e2e');
  expect(strip(out)).toContain('q stop the run');
  child.stdin.write('q');
  expect(await waitFor(/q quit/, 15_000), strip(out).slice(-2000)).toBe(true);
  child.stdin.write('q');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code).toBe(130);
  const rows = queryDb<{ name: string; status: string }>(db, 'select name, status from results order by id');
  expect(rows).toEqual([{ name: 'health answers', status: 'passed' }, { name: 'long load', status: 'error' }]);
}, 60_000);
