// api tests checked against the demo app's OpenAPI document: `expect.schema` as a $ref into it, and
// `expect.openapi` for an operation's contract checks; the honest app passes, the faulty one fails where it breaks.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCliProcess, tempDir } from '../helpers/cli.js';
import { startDemoApp, type RunningApp } from '../helpers/demo-app.js';
import { readReport, testNamed } from '../helpers/report.js';

const SPEC = path.join(repoRoot, 'examples/demo-app/openapi.yaml');
let honest: RunningApp;
let faulty: RunningApp;
beforeAll(async () => {
  [honest, faulty] = await Promise.all([startDemoApp(), startDemoApp({ DEMO_FAULTS: '1' })]);
});
afterAll(() => Promise.all([honest.stop(), faulty.stop()]));

const plan = (baseUrl: string) => `name: openapi expect
baseUrl: ${baseUrl}
tests:
  - name: item by schema ref
    type: api
    request: { url: /api/items/2 }
    expect: { status: 200, schema: { $ref: "${SPEC}#/components/schemas/Item" } }
  - name: item by operation
    type: api
    request: { url: /api/items/2 }
    expect: { openapi: { spec: "${SPEC}", operationId: getItem } }
  - name: health by operation
    type: api
    request: { url: /health }
    expect: { openapi: { spec: "${SPEC}", operationId: getHealth } }
  - name: a typo in the operation
    type: api
    request: { url: /health }
    expect: { openapi: { spec: "${SPEC}", operationId: getHelth } }
`;

describe('api tests against an OpenAPI document', () => {
  it('pass against the honest app, fail on the broken field and content type of the faulty one', async () => {
    const dir = tempDir({ 'honest.yaml': plan(honest.url), 'faulty.yaml': plan(faulty.url) });
    await runCliProcess(['run', 'honest.yaml', '--reporter', 'json:honest.json'], { cwd: dir });
    const good = readReport(dir, 'honest.json');
    for (const name of ['item by schema ref', 'item by operation', 'health by operation']) {
      expect(testNamed(good, name).status, JSON.stringify(testNamed(good, name).checks)).toBe('passed');
    }
    expect(testNamed(good, 'item by operation').checks.map((c) => c.name)).toEqual(expect.arrayContaining(['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance']));
    const typo = testNamed(good, 'a typo in the operation');
    expect(typo.status).toBe('error');
    expect(typo.error).toMatch(/has no operation `getHelth`/);
    expect(typo.errorHint).toBe('did you mean `getHealth`?');

    await runCliProcess(['run', 'faulty.yaml', '--reporter', 'json:faulty.json'], { cwd: dir });
    const bad = readReport(dir, 'faulty.json');
    const failing = (name: string) => testNamed(bad, name).checks.filter((c) => !c.ok).map((c) => c.name);
    // faults.js sends `price` as a string on GET /api/items/{id}, and text/plain on GET /health.
    expect(failing('item by schema ref')).toEqual(['schema']);
    expect(String(testNamed(bad, 'item by schema ref').checks.find((c) => c.name === 'schema')?.message)).toMatch(/price/);
    expect(failing('item by operation')).toEqual(['response_schema_conformance']);
    expect(failing('health by operation')).toEqual(['content_type_conformance']);
  });
});
