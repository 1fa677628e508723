import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCliProcess, tempDir } from '../helpers/cli.js';
import { queryDb } from '../helpers/db.js';
import { startDemoApp, type RunningApp } from '../helpers/demo-app.js';
import { freePort } from '../helpers/ports.js';

let app: RunningApp;
beforeAll(async () => {
  app = await startDemoApp({ DEMO_TOKEN: 'tok-e2e-very-secret-123' });
});
afterAll(() => app.stop());

const plan = (url: string, tests: string, extra = '') => `name: e2e
baseUrl: ${url}
${extra}
tests:
${tests}`;

describe('aitest run', () => {
  it('runs passing and failing api tests, prints expected/actual, stores the run, exits 1', async () => {
    const dir = tempDir({
      'plan.yaml': plan(app.url, `
  - name: health answers
    type: api
    request: { url: /health }
    expect: { status: 200, json: { status: ok } }
  - name: wrong status on purpose
    type: api
    request: { url: /health }
    expect: { status: 201 }
`),
    });
    const r = await runCliProcess(['run', 'plan.yaml'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('health answers');
    expect(r.stdout).toContain('wrong status on purpose');
    expect(r.stdout).toMatch(/201/);
    expect(r.stdout).toMatch(/200/);
    expect(r.stdout).toMatch(/1 passed/);
    expect(r.stdout).toMatch(/1 failed/);
    const db = path.join(dir, '.aitest/results.db');
    const runs = queryDb<{ status: string }>(db, 'select status from runs');
    expect(runs).toEqual([{ status: 'failed' }]);
    const results = queryDb<{ name: string; status: string }>(db, 'select name, status from results order by name');
    expect(results).toEqual([
      { name: 'health answers', status: 'passed' },
      { name: 'wrong status on purpose', status: 'failed' },
    ]);
  });

  it('exits 0 when everything passes and writes json and junit reports', async () => {
    const dir = tempDir({
      'plan.yaml': plan(app.url, `
  - name: health answers
    type: api
    request: { url: /health }
    expect: { status: 200 }
  - name: skipped one
    type: api
    skip: not ready
    request: { url: /health }
`),
    });
    const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'list', '--reporter', 'json:out/report.json', '--reporter', 'junit:out/junit.xml'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'out/report.json'), 'utf8'));
    expect(report.run.status).toBe('passed');
    expect(report.summary).toMatchObject({ total: 2, passed: 1, skipped: 1, failed: 0 });
    expect(report.tests.map((t: { name: string; status: string }) => [t.name, t.status])).toEqual(
      expect.arrayContaining([['health answers', 'passed'], ['skipped one', 'skipped']]),
    );
    const junit = readFileSync(path.join(dir, 'out/junit.xml'), 'utf8');
    expect(junit).toContain('<testsuites');
    expect(junit).toContain('name="health answers"');
    expect(junit).toContain('<skipped');
  });

  it('starts the webServer, waits for it, and stops its process group afterwards', async () => {
    const port = await freePort();
    const server = path.join(repoRoot, 'examples/demo-app/server.js');
    const dir = tempDir({
      'plan.yaml': plan(`http://127.0.0.1:${port}`, `
  - name: health answers
    type: api
    request: { url: /health }
    expect: { status: 200 }
`, `webServer:\n  command: node ${JSON.stringify(server)} --port ${port}\n  url: http://127.0.0.1:${port}/health\n  timeout: 20s`),
    });
    const r = await runCliProcess(['run', 'plan.yaml'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const stillUp = await fetch(`http://127.0.0.1:${port}/health`).then(() => true, () => false);
    expect(stillUp).toBe(false);
  });

  it('a webServer that never comes up is an infrastructure error (exit 3) with its output', async () => {
    const port = await freePort();
    const dir = tempDir({
      'plan.yaml': plan(`http://127.0.0.1:${port}`, `
  - name: never runs
    type: api
    request: { url: /health }
`, `webServer:\n  command: node -e "console.error('boom cannot start'); process.exit(4)"\n  url: http://127.0.0.1:${port}/health\n  timeout: 10s`),
    });
    const r = await runCliProcess(['run', 'plan.yaml'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('boom cannot start');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });

  it('a connection error is an `error` result, not a crash', async () => {
    const port = await freePort();
    const dir = tempDir({ 'plan.yaml': plan(`http://127.0.0.1:${port}`, `
  - name: nobody listens
    type: api
    request: { url: /health }
    expect: { status: 200 }
`) });
    const r = await runCliProcess(['run', 'plan.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/connect|refused/i);
    const rows = queryDb<{ status: string }>(path.join(dir, '.aitest/results.db'), 'select status from results');
    expect(rows).toEqual([{ status: 'error' }]);
  });

  it('keeps secrets out of the store, reports and logs', async () => {
    const secret = 'tok-e2e-very-secret-123';
    const dir = tempDir({
      'plan.yaml': plan(app.url, `
  - name: profile with token
    type: api
    request: { url: /api/me, auth: { bearer: "\${{ vars.token }}" } }
    expect: { status: 200 }
  - name: token echoed into a failing check
    type: api
    request: { url: "/api/users/\${{ vars.token }}" }
    expect: { status: 200, body: "\${{ vars.token }}" }
`, `vars:\n  token: { env: DEMO_TOKEN, secret: true }`),
    });
    const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'list', '--reporter', 'json:report.json', '--reporter', 'junit:junit.xml', '--verbose'], {
      cwd: dir, env: { DEMO_TOKEN: secret },
    });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toContain(secret);
    const files = [path.join(dir, 'report.json'), path.join(dir, 'junit.xml'), path.join(dir, '.aitest/results.db')];
    const logDir = path.join(dir, '.aitest/logs');
    if (existsSync(logDir)) for (const f of readdirSync(logDir)) files.push(path.join(logDir, f));
    for (const f of files) expect(readFileSync(f).includes(Buffer.from(secret)), f).toBe(false);
    const rows = queryDb<{ name: string; status: string }>(path.join(dir, '.aitest/results.db'), 'select name, status from results order by name');
    expect(rows[0]).toEqual({ name: 'profile with token', status: 'passed' });
  });

  it('under GitHub Actions: ::error annotations at the failing test\'s line and a step summary', async () => {
    const dir = tempDir({
      'plan.yaml': plan(app.url, `
  - name: fine
    type: api
    request: { url: /health }
  - name: broken on purpose
    type: api
    request: { url: /health }
    expect: { status: 418 }
`),
    });
    const summary = path.join(dir, 'summary.md');
    const r = await runCliProcess(['run', 'plan.yaml'], { cwd: dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error file=plan\.yaml,line=9[^:]*::.*418/);
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('broken on purpose');
    expect(md).toMatch(/\|/);
  });

  it('show and history read the stored run back, also as JSON', async () => {
    const dir = tempDir({
      'plan.yaml': plan(app.url, `
  - name: health answers
    type: api
    request: { url: /health }
    expect: { status: 200 }
`),
    });
    for (let i = 0; i < 2; i++) expect((await runCliProcess(['run', 'plan.yaml'], { cwd: dir })).code).toBe(0);
    const show = await runCliProcess(['show', 'last', '--json'], { cwd: dir });
    expect(show.code, show.stderr).toBe(0);
    const report = JSON.parse(show.stdout);
    expect(report.run.status).toBe('passed');
    expect(report.tests[0].name).toBe('health answers');
    const history = await runCliProcess(['history', 'health answers'], { cwd: dir });
    expect(history.code).toBe(0);
    expect(history.stdout.match(/passed/g)?.length).toBeGreaterThanOrEqual(2);
    const missing = await runCliProcess(['show', 'nope-run'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope-run');
  });

  it('a results database that cannot be written is an infrastructure error (exit 3) with a hint', async () => {
    const dir = tempDir({ 'plan.yaml': plan(app.url, '  - { name: a, type: api, request: { url: /health } }\n'), 'blocker': 'a file, not a directory' });
    const r = await runCliProcess(['run', 'plan.yaml', '--db', 'blocker/results.db'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('blocker/results.db');
    expect(r.stderr).toMatch(/hint:/);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });

  it('colours follow NO_COLOR / FORCE_COLOR on the terminal, and files never get ANSI codes', async () => {
    const dir = tempDir({ 'plan.yaml': plan(app.url, '  - { name: a, type: api, request: { url: /health }, expect: { status: 500 } }\n') });
    const ESC = String.fromCharCode(27);
    const forced = await runCliProcess(['run', 'plan.yaml', '--reporter', 'list', '--reporter', 'junit:j.xml'], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain(`${ESC}[`);
    expect(readFileSync(path.join(dir, 'j.xml'), 'utf8')).not.toContain(ESC);
    const plain = await runCliProcess(['run', 'plan.yaml'], { cwd: dir, env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(plain.stdout).not.toContain(ESC);
  });

  it('--verbose sends debug logs to stderr; without it they go to .aitest/logs/, and a run with nothing to log leaves no file', async () => {
    const dir = tempDir({ 'plan.yaml': plan(app.url, '  - { name: a, type: api, request: { url: /health } }\n') });
    const verbose = await runCliProcess(['run', 'plan.yaml', '--verbose'], { cwd: dir });
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toMatch(/"level":20.*http request/);
    const quiet = await runCliProcess(['run', 'plan.yaml'], { cwd: dir });
    expect(quiet.stderr).toBe('');
    expect(existsSync(path.join(dir, '.aitest/logs'))).toBe(false);
    // Something at the file's level (info): the webServer already answering is reused, and that is logged there.
    const served = tempDir({ 'plan.yaml': plan(app.url, '  - { name: a, type: api, request: { url: /health } }\n', `webServer: { command: "node -e 0", url: "${app.url}/health", reuseExisting: true }`) });
    const logged = await runCliProcess(['run', 'plan.yaml'], { cwd: served });
    expect(logged.code, logged.stdout + logged.stderr).toBe(0);
    expect(logged.stderr).toBe('');
    const files = readdirSync(path.join(served, '.aitest/logs')).filter((f) => f.endsWith('.log'));
    expect(files).toHaveLength(1);
    expect(readFileSync(path.join(served, '.aitest/logs', files[0]), 'utf8')).toMatch(/"level":30.*reusing the server already answering/);
  });
});
