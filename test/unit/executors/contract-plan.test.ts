// `type: contract` in the plan language: the full syntax loads, and mistakes a schema can't catch are reported.
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../../src/plan/compile.js';
import { loadPlan } from '../../../src/plan/load.js';
import { issueAt, issuesOf, tempDir } from '../plan/temp-plan.js';

const tmp = tempDir();
const plan = (tests: string) => `name: Contract\nbaseUrl: http://127.0.0.1:1\nvars: { token: t }\ntests:\n${tests}`;

describe('contract plans', () => {
  it('the whole syntax loads and compiles to one test case', async () => {
    const file = tmp.write('ok.yaml', plan(`  - name: API matches its contract
    type: contract
    spec: ./openapi.yaml
    server: http://127.0.0.1:4010
    include: [{ tag: users }, { path: "/api/items*", method: get }]
    exclude: [{ operationId: resetDatabase }]
    auth:
      bearerAuth: { bearer: "\${{ vars.token }}" }
      basicAuth: { basic: { username: u, password: p } }
      keyAuth: { apiKey: k }
    headers: { x-team: qa }
    checks: [not_a_server_error, status_code_conformance, negative_data_rejection, max_duration]
    negative: true
    maxDuration: 2s
    accepted:
      - { operation: "GET /api/items", check: response_headers_conformance, reason: "tracked in DEMO-9" }
`));
    const cases = compilePlan(await loadPlan(file, tmp.dir));
    expect(cases.map((c) => [c.name, c.type])).toEqual([['API matches its contract', 'contract']]);
  });

  it('reports checks that need an option, unknown check names, empty filters and unknown fields', async () => {
    const file = tmp.write('bad.yaml', plan(`  - name: a
    type: contract
    spec: ./openapi.yaml
    checks: [negative_data_rejection, max_duration]
  - name: b
    type: contract
    spec: ./openapi.yaml
    checks: [status_code_conformity]
    include: [{}]
    accepted: [{ operation: GET /x, check: max_duration }]
  - name: c
    type: contract
    specs: ./openapi.yaml
`));
    const issues = await issuesOf(file, tmp.dir);
    expect(issueAt(issues, 'tests[0].checks[0]').message).toBe('`negative_data_rejection` needs `negative: true`');
    expect(issueAt(issues, 'tests[0].checks[1]').message).toBe('`max_duration` needs `maxDuration`');
    const checkName = issueAt(issues, 'tests[1].checks[0]');
    expect(checkName.message).toBe('must be a check name such as status_code_conformance; got "status_code_conformity"');
    expect(checkName.hint).toBe('did you mean `status_code_conformance`?');
    expect(issueAt(issues, 'tests[1].include[0]').message).toBe('needs at least one of: `operationId`, `tag`, `path`, `method`');
    expect(issueAt(issues, 'tests[1].accepted[0].reason').message).toBe('is required but missing');
    expect(issueAt(issues, 'tests[2].spec').message).toBe('is required but missing');
    expect(issueAt(issues, 'tests[2].specs')).toMatchObject({ message: 'unknown key `specs`', hint: 'did you mean `spec`?' });
  });
});
