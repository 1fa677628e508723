// GraphQL as a user runs it: the built CLI, a plan file, the demo app's /graphql, a JSON report to read back.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCliProcess, tempDir } from '../helpers/cli.js';
import { queryDb } from '../helpers/db.js';
import { startDemoApp, type RunningApp } from '../helpers/demo-app.js';
import { demoPortEnv, freePort } from '../helpers/ports.js';

interface ReportedCheck {
  name: string;
  ok: boolean;
  expected?: unknown;
  actual?: unknown;
  message?: string;
}
interface ReportedTest {
  name: string;
  type: string;
  status: string;
  error?: string;
  errorHint?: string;
  checks: ReportedCheck[];
}

let app: RunningApp;
beforeAll(async () => {
  app = await startDemoApp();
});
afterAll(() => app.stop());

const plan = (url: string, tests: string) => `name: graphql e2e\nbaseUrl: ${url}\ntests:\n${tests}`;

/** Runs `plan.yaml` in `dir` with a JSON report; returns the exit code, output and the report's tests by name. */
async function run(dir: string) {
  const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'list', '--reporter', 'json:report.json'], { cwd: dir });
  const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as { tests: ReportedTest[] };
  const byName = new Map(report.tests.map((t) => [t.name, t]));
  const test = (name: string): ReportedTest => {
    const t = byName.get(name);
    if (!t) throw new Error(`no test ${name} in the report: ${[...byName.keys()].join(', ')}`);
    return t;
  };
  return { ...r, test };
}

describe('aitest run with graphql tests', () => {
  it('a query with variables passes; errors: none on a failing field fails with its message', async () => {
    const dir = tempDir({
      'plan.yaml': plan(app.url, `
  - name: users with variables
    type: graphql
    query: "query Users($n: Int) { users(first: $n) { id name } }"
    variables: { n: 2 }
    expect:
      errors: none
      data: { users: [{ name: Ada Lovelace }, { name: Alan Turing }] }
      jsonPath: { "$.data.users": { length: 2 } }
    capture: { firstId: "$.data.users[0].id" }
  - name: boom has no errors
    type: graphql
    query: "{ boom }"
    expect: { errors: none }
`),
    });
    const r = await run(dir);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const users = r.test('users with variables');
    expect(users.type).toBe('graphql');
    expect(users.status, JSON.stringify(users.checks)).toBe('passed');
    expect(users.checks.map((c) => c.name)).toEqual(['status', 'errors', 'data', 'jsonPath $.data.users length']);
    const boom = r.test('boom has no errors');
    expect(boom.status).toBe('failed');
    expect(boom.checks.find((c) => c.name === 'errors')).toMatchObject({ ok: false, expected: 'none', actual: ['boom failed'] });
    expect(r.stdout).toContain('boom failed');
    // The duration metric is stored with its operation.
    const metrics = queryDb<{ name: string; labels: string }>(path.join(dir, '.aitest/results.db'), "select name, labels from metrics where name = 'graphql_req_duration'");
    expect(metrics.map((m) => JSON.parse(m.labels))).toEqual(expect.arrayContaining([{ operation: 'Users' }, { operation: 'query' }]));
  });

  it('a mutation, then a REST GET of the created user, in one api test sharing a capture', async () => {
    const dir = tempDir({
      'plan.yaml': plan(app.url, `
  - name: create over graphql, read over rest
    type: api
    steps:
      - name: create
        graphql:
          mutation: "mutation Create($name: String!, $email: String!) { createUser(name: $name, email: $email) { id name } }"
          variables: { name: Grace Hopper, email: "\${{ faker.internet.email }}" }
        expect: { errors: none, data: { createUser: { name: Grace Hopper } } }
        capture: { userId: $.data.createUser.id }
      - name: read
        request: { url: "/api/users/\${{ captures.userId }}" }
        expect:
          status: 200
          json: { name: Grace Hopper }
          jsonPath: { "$.id": { equals: "\${{ captures.userId }}" } }
`),
    });
    const r = await run(dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const t = r.test('create over graphql, read over rest');
    expect(t.status).toBe('passed');
    expect(t.checks.map((c) => c.name)).toEqual(['status', 'errors', 'data', 'status', 'json', 'jsonPath $.id equals']);
  });

  it('a syntax error in the query and an unreachable endpoint are errors that say why', async () => {
    const port = await freePort();
    const dir = tempDir({
      'plan.yaml': plan(app.url, `
  - name: broken query
    type: graphql
    query: "query($n: Int) { users(first: $n { id } }"
  - name: nobody listens
    type: graphql
    endpoint: http://127.0.0.1:${port}/graphql
    query: "{ items { id } }"
`),
    });
    const r = await run(dir);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const broken = r.test('broken query');
    expect(broken.status).toBe('error');
    expect(broken.error).toBe('GraphQL syntax error in the query at line 1, column 34: Expected Name, found "{".');
    const down = r.test('nobody listens');
    expect(down.status).toBe('error');
    expect(down.error).toBe(`could not connect to http://127.0.0.1:${port}/graphql: connection refused`);
    expect(down.errorHint).toMatch(/Is the server running\?/);
  });

  it('examples/graphql.yaml starts the demo app and passes', async () => {
    const db = path.join(tempDir(), 'results.db');
    const r = await runCliProcess(['run', 'examples/graphql.yaml', '--db', db], { cwd: repoRoot, env: await demoPortEnv() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const rows = queryDb<{ type: string; status: string }>(db, 'select type, status from results');
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.every((row) => row.status === 'passed')).toBe(true);
    expect(rows.filter((row) => row.type === 'graphql').length).toBeGreaterThanOrEqual(4);
  });
});
