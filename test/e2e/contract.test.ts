// Contract testing as a user runs it: the built CLI, a plan with a `contract` test, the demo app and its
// openapi.yaml (honest, and started with DEMO_FAULTS=1 to break the contract in four known ways), a JSON report.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCliProcess, tempDir } from '../helpers/cli.js';
import { queryDb } from '../helpers/db.js';
import { startDemoApp, type RunningApp } from '../helpers/demo-app.js';
import { demoPortEnv, freePort } from '../helpers/ports.js';
import { readReport, testNamed, type JsonTest } from '../helpers/report.js';

const openapi = readFileSync(path.join(repoRoot, 'examples/demo-app/openapi.yaml'), 'utf8');

let honest: RunningApp;
let faulty: RunningApp;
beforeAll(async () => {
  [honest, faulty] = await Promise.all([startDemoApp({ DEMO_TOKEN: 'e2e-token' }), startDemoApp({ DEMO_TOKEN: 'e2e-token', DEMO_FAULTS: '1' })]);
});
afterAll(() => Promise.all([honest?.stop(), faulty?.stop()]));

/** A plan beside a copy of the demo app's openapi.yaml, run with a JSON report. */
async function run(baseUrl: string, tests: string, files: Record<string, string> = {}) {
  const dir = tempDir({
    'openapi.yaml': openapi,
    ...files,
    'plan.yaml': `name: contract e2e\nbaseUrl: ${baseUrl}\nvars:\n  token: { env: DEMO_TOKEN, secret: true }\ntests:\n${tests}`,
  });
  const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'list', '--reporter', 'json:report.json'], { cwd: dir, env: { DEMO_TOKEN: 'e2e-token' } });
  return { ...r, tests: readReport(dir) };
}

// One result per operation, named `METHOD /path`.
const OPERATIONS = [
  'GET /health', 'GET /api/items', 'GET /api/items/{id}', 'GET /api/users', 'POST /api/users', 'GET /api/users/{id}',
  'DELETE /api/users/{id}', 'POST /api/login', 'GET /api/me', 'GET /api/slow',
];
// Reports list a test's operations by name (they share its plan line).
const byOp = (a: readonly unknown[], b: readonly unknown[]) => String(a[0]).localeCompare(String(b[0]));
const failing = (tests: JsonTest[]) => tests.flatMap((t) => t.checks.filter((c) => !c.ok).map((c) => [t.name, c.name])).sort(byOp);

const FULL = `
  - name: API matches its contract
    type: contract
    spec: ./openapi.yaml
    auth: { bearerAuth: { bearer: "\${{ vars.token }}" } }
    headers: { x-team: qa }
    negative: true
    maxDuration: 5s
`;

describe('aitest run with a contract test', () => {
  it('the honest demo app passes every check of every operation, negative requests included', async () => {
    const r = await run(honest.url, FULL);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.tests.map((t) => [t.name, t.type, t.status])).toEqual(OPERATIONS.map((op) => [op, 'contract', 'passed']).sort(byOp));
    const names = new Set(r.tests.flatMap((t) => t.checks.map((c) => c.name)));
    expect([...names].sort()).toEqual([
      'content_type_conformance', 'max_duration', 'negative_data_rejection', 'not_a_server_error', 'response_headers_conformance', 'response_schema_conformance', 'status_code_conformance',
    ]);
    // A fresh app creates the user: the 201 and its required Location header were checked.
    const create = testNamed(r.tests, 'POST /api/users');
    expect(create.checks.find((c) => c.name === 'status_code_conformance')?.actual).toBe(201);
    expect(create.checks.find((c) => c.name === 'response_headers_conformance')?.ok).toBe(true);
    expect(r.tests.flatMap((t) => t.checks.filter((c) => c.name === 'negative_data_rejection').map(() => t.name)).sort()).toEqual(['POST /api/login', 'POST /api/login', 'POST /api/users', 'POST /api/users']);
    expect(r.stdout).not.toContain('e2e-token');
  });

  it('against the faulty app, reports exactly the four injected violations, each on its operation, and nothing else', async () => {
    const r = await run(faulty.url, FULL);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(failing(r.tests)).toEqual([
      ['GET /health', 'content_type_conformance'],
      ['GET /api/items', 'status_code_conformance'],
      ['GET /api/items/{id}', 'response_schema_conformance'],
      ['GET /api/users/{id}', 'response_schema_conformance'],
    ].sort(byOp));
    expect(r.tests.filter((t) => t.status === 'failed').map((t) => t.name).sort()).toEqual(['GET /api/items', 'GET /api/items/{id}', 'GET /api/users/{id}', 'GET /health']);
    expect(r.tests.filter((t) => t.status === 'passed')).toHaveLength(OPERATIONS.length - 4);
    const find = (op: string) => testNamed(r.tests, op).checks.find((c) => !c.ok)!;
    expect(find('GET /health')).toMatchObject({ expected: ['application/json'], actual: 'text/plain' });
    expect(find('GET /api/items')).toMatchObject({ expected: ['200'], actual: 203 });
    expect(find('GET /api/items/{id}').message).toContain('/price must be number (expected number, got string "24.50"; schema #/components/schemas/Item/properties/price/type)');
    expect(find('GET /api/users/{id}').message).toContain("(root) must have required property 'email' (expected property \"email\", got nothing; schema #/components/schemas/User/required)");
    expect(testNamed(r.tests, 'GET /health').error).toBe('GET /health: content_type_conformance: content-type text/plain is not documented for 200 (documented: application/json)');
  });

  it('an accepted finding passes with its reason, and the test fails only for the others', async () => {
    const r = await run(faulty.url, `${FULL}    accepted:
      - { operation: "GET /api/items", check: status_code_conformance, reason: "tracked in DEMO-9" }
      - { operation: getHealth, check: content_type_conformance, reason: "health is plain text on purpose" }
      - { operation: "GET /api/items/{id}", check: response_schema_conformance, reason: "prices move to strings in v2" }
`);
    expect(failing(r.tests)).toEqual([['GET /api/users/{id}', 'response_schema_conformance']]);
    expect(testNamed(r.tests, 'GET /api/items').checks.find((c) => c.name === 'status_code_conformance')).toMatchObject({ ok: true, actual: 203, message: 'accepted: tracked in DEMO-9' });
    expect(testNamed(r.tests, 'GET /health').checks.find((c) => c.name === 'content_type_conformance')).toMatchObject({ ok: true, message: 'accepted: health is plain text on purpose' });

    const all = await run(faulty.url, `  - name: only users, the last finding accepted
    type: contract
    spec: ./openapi.yaml
    include: [{ operationId: getUser }]
    accepted: [{ operation: "GET /api/users/{id}", check: response_schema_conformance, reason: "DEMO-11" }]
`);
    expect(all.code, all.stdout + all.stderr).toBe(0);
    expect(all.tests.map((t) => [t.name, t.status])).toEqual([['GET /api/users/{id}', 'passed']]);
  });

  it('an unreachable server is an error, not a failure', async () => {
    const port = await freePort();
    const r = await run(`http://127.0.0.1:${port}`, FULL);
    expect(r.code).toBe(1);
    // The first operation could not connect; the run stops there, and that operation carries the error.
    expect(r.tests.map((t) => t.name)).toEqual(['GET /health']);
    const t = testNamed(r.tests, 'GET /health');
    expect(t.status).toBe('error');
    expect(t.error).toBe(`could not connect to http://127.0.0.1:${port}/health: connection refused`);
    expect(t.errorHint).toMatch(/Is the server running\?/);
  });

  it('a broken or missing spec file is an error naming the problem', async () => {
    const r = await run(honest.url, `
  - name: broken spec
    type: contract
    spec: ./broken.yaml
  - name: missing spec
    type: contract
    spec: ./missing.yaml
  - name: not a spec
    type: contract
    spec: ./plain.yaml
`, { 'broken.yaml': 'openapi: 3.0.3\ninfo: { title: x\npaths: [\n', 'plain.yaml': 'hello: world\n' });
    expect(r.code).toBe(1);
    const broken = testNamed(r.tests, 'broken spec');
    expect(broken.status).toBe('error');
    expect(broken.error).toMatch(/^the contract spec \.\/broken\.yaml is not valid YAML or JSON: .*\(3:1\)/s);
    const missing = testNamed(r.tests, 'missing spec');
    expect(missing.status).toBe('error');
    expect(missing.error).toMatch(/^cannot read the contract spec \.\/missing\.yaml \(.*missing\.yaml\): no such file$/);
    expect(missing.errorHint).toMatch(/relative to the plan file/);
    expect(testNamed(r.tests, 'not a spec').error).toBe('the contract spec ./plain.yaml is not an OpenAPI document: ./plain.yaml is not a valid Openapi API definition');
  });

  it('examples/contract.yaml starts the demo app and passes', async () => {
    const db = path.join(tempDir(), 'results.db');
    const r = await runCliProcess(['run', 'examples/contract.yaml', '--db', db], { cwd: repoRoot, env: await demoPortEnv() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const rows = queryDb<{ type: string; status: string; parent_id: string | null; name: string }>(db, 'select type, status, parent_id, name from results');
    // Two contract tests: every operation, then the users ones without DELETE, each operation a result.
    expect(rows.length).toBe(OPERATIONS.length + 3);
    expect(rows.every((row) => row.type === 'contract' && row.status === 'passed' && row.parent_id !== null)).toBe(true);
    expect(new Set(rows.map((row) => row.parent_id)).size).toBe(2);
  });
});
