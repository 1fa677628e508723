// `aitest generate` as a user runs it: a plan written from the demo app's openapi.yaml, then that plan run by
// `aitest run` against the demo app, honest (all green) and with DEMO_FAULTS=1 (exactly the faulty operations fail).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCliProcess, tempDir } from '../helpers/cli.js';
import { startDemoApp, type RunningApp } from '../helpers/demo-app.js';
import { readReport } from '../helpers/report.js';

const spec = path.join(repoRoot, 'examples/demo-app/openapi.yaml');
const TOKEN = 'e2e-generate-token';
// The four operations examples/demo-app/faults.js breaks.
const FAULTY = ['GET /health', 'GET /api/items', 'GET /api/items/{id}', 'GET /api/users/{id}'];

let honest: RunningApp;
let faulty: RunningApp;
beforeAll(async () => {
  [honest, faulty] = await Promise.all([startDemoApp({ DEMO_TOKEN: TOKEN }), startDemoApp({ DEMO_TOKEN: TOKEN, DEMO_FAULTS: '1' })]);
});
afterAll(() => Promise.all([honest?.stop(), faulty?.stop()]));

async function generate(baseUrl: string) {
  const dir = tempDir();
  const r = await runCliProcess(['generate', '--from-openapi', spec, '-o', 'plan.yaml', '--base-url', baseUrl], { cwd: dir });
  return { dir, ...r };
}

const runPlan = (dir: string) =>
  runCliProcess(['run', 'plan.yaml', '--reporter', 'list', '--reporter', 'json:report.json'], { cwd: dir, env: { BEARER_AUTH_TOKEN: TOKEN } });

describe('aitest generate --from-openapi', () => {
  it('writes a plan with the modeline, a contract test and an api test per operation, which runs green', async () => {
    const g = await generate(honest.url);
    expect(g.code, g.stderr).toBe(0);
    expect(g.stdout.trim()).toBe('✓ 10 operations, 1 contract test, 10 api tests (1 skipped) → plan.yaml');
    const text = readFileSync(path.join(g.dir, 'plan.yaml'), 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\S+aitest\.config\.schema\.json$/);
    expect(text).toContain(`baseUrl: ${honest.url}`);
    expect(text).toContain('bearerAuth: { env: BEARER_AUTH_TOKEN, secret: true }');
    expect(text).not.toContain(TOKEN);
    expect(text.match(/^ {4}type: contract$/gm)).toHaveLength(1);
    expect((text.match(/^ {4}type: api$/gm) ?? []).length).toBeGreaterThanOrEqual(8);
    for (const tag of ['health', 'items', 'users', 'auth', 'misc']) expect(text).toMatch(new RegExp(`^  # ── ${tag} ─+$`, 'm'));

    const validate = await runCliProcess(['validate', 'plan.yaml'], { cwd: g.dir });
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toContain('11 tests');

    const r = await runPlan(g.dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const tests = readReport(g.dir);
    // The contract test reports one result per operation (type contract); the api tests are the generated ones.
    const contract = tests.filter((t) => t.type === 'contract');
    expect(contract).toHaveLength(10);
    expect(contract.every((t) => t.status === 'passed')).toBe(true);
    expect(tests.filter((t) => t.type === 'api' && t.status === 'passed')).toHaveLength(9);
    expect(tests.find((t) => t.type === 'api' && t.name === 'DELETE /api/users/{id}')?.status).toBe('skipped');
    expect(r.stdout).not.toContain(TOKEN);

    // A second run against the same app stays green: created users get fresh emails.
    const again = await runPlan(g.dir);
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });

  it('against the faulty app, exactly the faulty operations\' api tests fail (and the contract test)', async () => {
    const g = await generate(faulty.url);
    expect(g.code, g.stderr).toBe(0);
    const r = await runPlan(g.dir);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const tests = readReport(g.dir);
    const failedApi = tests.filter((t) => t.type === 'api' && t.status === 'failed').map((t) => t.name);
    expect(failedApi.sort()).toEqual([...FAULTY].sort());
    expect(tests.filter((t) => t.type === 'contract' && t.status === 'failed').map((t) => t.name).sort()).toEqual([...FAULTY].sort());
  });

  it('refuses to overwrite a file without --force (exit 2 with a hint), overwrites with it', async () => {
    const dir = tempDir({ 'plan.yaml': 'name: mine\ntests: []\n' });
    const r = await runCliProcess(['generate', '--from-openapi', spec, '-o', 'plan.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('plan.yaml exists');
    expect(r.stderr).toContain('--force');
    expect(readFileSync(path.join(dir, 'plan.yaml'), 'utf8')).toBe('name: mine\ntests: []\n');
    const forced = await runCliProcess(['generate', '--from-openapi', spec, '-o', 'plan.yaml', '--force'], { cwd: dir });
    expect(forced.code, forced.stderr).toBe(0);
    // Without --base-url, the spec's first server.
    expect(readFileSync(path.join(dir, 'plan.yaml'), 'utf8')).toContain('baseUrl: http://127.0.0.1:4010');
  });

  it('a missing or broken spec is a usage error and writes nothing', async () => {
    const dir = tempDir({ 'broken.yaml': 'openapi: 3.0.3\npaths: {\n' });
    for (const from of ['nope.yaml', 'broken.yaml']) {
      const r = await runCliProcess(['generate', '--from-openapi', from, '-o', 'plan.yaml'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(from);
      expect(existsSync(path.join(dir, 'plan.yaml'))).toBe(false);
    }
    const noOutput = await runCliProcess(['generate', '--from-openapi', 'nope.yaml'], { cwd: dir });
    expect(noOutput.code).toBe(2);
    expect(noOutput.stderr).toContain('--output');
  });

  it('generate --help shows an example', async () => {
    const r = await runCliProcess(['generate', '--help'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('aitest generate --from-openapi openapi.yaml -o api.yaml');
  });
});
