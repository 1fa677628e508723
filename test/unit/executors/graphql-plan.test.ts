// graphql in the plan language: the test type and api steps with `graphql:` validate, and the checks a schema
// can't make (exactly one of query/mutation, request/graphql; expect keys that fit the step) say what to fix.
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../../src/plan/compile.js';
import { loadPlan } from '../../../src/plan/load.js';
import { issueAt, issuesOf, tempDir } from '../plan/temp-plan.js';

const tmp = tempDir();
const plan = (tests: string) => `name: GraphQL\nbaseUrl: http://127.0.0.1:1\ntests:\n${tests}`;

describe('graphql plans', () => {
  it('a graphql test and mixed api steps load, templates and all', async () => {
    const file = tmp.write('ok.yaml', plan(`  - name: users
    type: graphql
    endpoint: /gql
    query: "query($n: Int) { users(first: $n) { id } }"
    variables: { n: 2 }
    operationName: Users
    headers: { x-team: qa }
    expect:
      status: 200
      data: { users: [{ id: "1" }] }
      errors: { count: 0, message: "/nothing/" }
      jsonPath: { "$.data.users": { length: 2 } }
      schema: { type: object }
      maxDuration: 500ms
    capture: { firstId: "$.data.users[0].id" }
  - name: from a file
    type: graphql
    mutation: { file: ./create.graphql }
  - name: mixed
    type: api
    steps:
      - graphql: { mutation: "mutation { createUser(name: \\"a\\", email: \\"a@b.c\\") { id } }" }
        expect: { errors: none }
        capture: { id: $.data.createUser.id }
      - request: { url: "/api/users/\${{ captures.id }}" }
        expect: { json: { id: "\${{ captures.id }}" } }
`));
    const loaded = await loadPlan(file, tmp.dir);
    const cases = compilePlan(loaded);
    expect(cases.map((c) => [c.name, c.type])).toEqual([['users', 'graphql'], ['from a file', 'graphql'], ['mixed', 'api']]);
  });

  it('needs exactly one of query and mutation', async () => {
    const file = tmp.write('ops.yaml', plan(`  - { name: neither, type: graphql }
  - { name: both, type: graphql, query: "{ a }", mutation: "mutation { b }" }
  - name: step
    type: api
    steps: [{ graphql: { variables: { a: 1 } } }]
`));
    const issues = await issuesOf(file, tmp.dir);
    expect(issueAt(issues, 'tests[0]').message).toBe('needs a `query` or a `mutation`');
    expect(issueAt(issues, 'tests[1]').message).toBe('has both `query` and `mutation`');
    expect(issueAt(issues, 'tests[2].steps[0].graphql').message).toBe('needs a `query` or a `mutation`');
  });

  it('a step is a request or a graphql operation, and its expect fits the kind', async () => {
    const file = tmp.write('steps.yaml', plan(`  - name: steps
    type: api
    steps:
      - { expect: { status: 200 } }
      - { request: { url: /a }, graphql: { query: "{ a }" } }
      - { graphql: { query: "{ a }" }, expect: { json: { a: 1 }, body: x } }
      - { request: { url: /a }, expect: { data: { a: 1 }, errors: none } }
`));
    const issues = await issuesOf(file, tmp.dir);
    expect(issueAt(issues, 'tests[0].steps[0]').message).toBe('needs a `request` or a `graphql` operation');
    expect(issueAt(issues, 'tests[0].steps[1]').message).toBe('has both `request` and `graphql`');
    expect(issueAt(issues, 'tests[0].steps[2].expect.json').message).toBe('is for `request` steps');
    expect(issueAt(issues, 'tests[0].steps[2].expect.body').message).toBe('is for `request` steps');
    expect(issueAt(issues, 'tests[0].steps[3].expect.data').message).toBe('is for `graphql` steps');
    expect(issueAt(issues, 'tests[0].steps[3].expect.errors').hint).toMatch(/`request` step checks `json`/);
  });

  it('schema problems are located and worded like any other', async () => {
    const file = tmp.write('schema.yaml', plan(`  - name: typo
    type: graphql
    querry: "{ a }"
    expect: { errors: nonee, json: {} }
`));
    const issues = await issuesOf(file, tmp.dir);
    expect(issueAt(issues, 'tests[0].querry').hint).toBe('did you mean `query`?');
    expect(issueAt(issues, 'tests[0].expect.errors').message).toBe('must be none, a number of errors, or { count, message }; got "nonee"');
    expect(issueAt(issues, 'tests[0].expect.json').message).toBe('unknown key `json`');
  });

});
