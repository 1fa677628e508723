import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCliProcess, tempDir } from '../helpers/cli.js';

const STACK_LINE = /\n\s+at .+:\d+:\d+\)?/;

describe('aitest CLI surface', () => {
  it('--version prints the package version', async () => {
    const r = await runCliProcess(['--version'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--help lists the commands with examples', async () => {
    const r = await runCliProcess(['--help'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    for (const cmd of ['run', 'validate', 'init', 'show', 'history', 'doctor']) expect(r.stdout).toContain(cmd);
    expect(r.stdout).toContain('Examples:');
  });

  it('suggests the right command and flag for typos, exit 2', async () => {
    const cmd = await runCliProcess(['rnu'], { cwd: tempDir() });
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toContain('run');
    const flag = await runCliProcess(['run', 'x.yaml', '--wokers', '2'], { cwd: tempDir() });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--workers');
  });

  it('a broken plan: every problem with file:line:col, the path and a did-you-mean; exit 2 and no stack', async () => {
    const dir = tempDir({
      'plan.yaml': `name: broken
tests:
  - name: one
    type: api
    timout: 5s
    request: { url: /health }
  - name: two
    type: api
    request: { url: /health }
    expect: { status: ok }
`,
    });
    for (const cmd of ['run', 'validate']) {
      const r = await runCliProcess([cmd, 'plan.yaml'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/plan\.yaml:5:5/);
      expect(r.stderr).toContain('timeout');
      expect(r.stderr).toMatch(/plan\.yaml:10:\d+/);
      expect(r.stderr).toContain('tests[1].expect.status');
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
  });

  it('a load test with a misspelt workload model is a clear validation error', async () => {
    const dir = tempDir({ 'plan.yaml': 'name: p\ntests:\n  - name: load one\n    type: load\n    executor: constant-rate\n    scenario: [{ request: { url: /x } }]\n' });
    const r = await runCliProcess(['validate', 'plan.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plan\.yaml:5:\d+/);
    expect(r.stderr).toMatch(/constant-arrival-rate/);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('a missing plan file says so, exit 2', async () => {
    const r = await runCliProcess(['run', 'nope.yaml'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.yaml');
  });

  it('validate prints the number of tests of a good plan', async () => {
    const dir = tempDir({ 'plan.yaml': 'name: p\ntests:\n  - name: a\n    type: api\n    request: { url: http://127.0.0.1:1/x }\n' });
    const r = await runCliProcess(['validate', 'plan.yaml'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 test');
  });

  it('a typo deep in a big plan is reported at its file:line:col, with the fix', async () => {
    const line = (i: number, expect: string) => `  - { name: "get item ${i}", type: api, request: { url: "http://127.0.0.1:1/items/${i}" }, expect: { ${expect}: 200 } }`;
    const lines = ['name: big', 'tests:', ...Array.from({ length: 1500 }, (_, i) => line(i, 'status'))];
    const dir = tempDir();
    lines[1000] = line(998, 'stauts');
    writeFileSync(path.join(dir, 'plan.yaml'), `${lines.join('\n')}\n`);
    const broken = await runCliProcess(['validate', 'plan.yaml'], { cwd: dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/plan\.yaml:1001:\d+ +tests\[998\]\.expect\.stauts/);
    expect(broken.stderr).toContain('did you mean `status`?');
  });

  it('init scaffolds a plan and a workflow that validate', async () => {
    const dir = tempDir();
    const r = await runCliProcess(['init'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('aitest.yaml');
    expect(r.stdout).toContain('.github/workflows/aitest.yml');
    const v = await runCliProcess(['validate', 'aitest.yaml'], { cwd: dir });
    expect(v.code, v.stderr).toBe(0);
    const again = await runCliProcess(['init'], { cwd: dir });
    expect(again.stdout).toContain('skip');
  });

  it('doctor reports node, browser and database', async () => {
    const dir = tempDir();
    const r = await runCliProcess(['doctor'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/node\s+v\d+/);
    expect(r.stdout).toMatch(/browser/);
    expect(r.stdout).toMatch(/database\s+.*writable/);
  });
});
