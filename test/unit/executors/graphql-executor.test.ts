// The graphql executor through the real worker, against the demo app's /graphql and an echo server:
// what is sent, checks and metrics, errors that stop a test, and graphql steps inside api tests.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GraphqlTestSpec, TestCase } from '../../../src/plan/types.js';
import { freePort } from '../../helpers/ports.js';
import { stepEvents, TOKEN, useApiFixture } from './fixture.js';

const f = useApiFixture();

let counter = 0;

/** A `graphql` TestCase as the compiler would make it. */
function graphqlCase(spec: Omit<GraphqlTestSpec, 'name' | 'type'>, o: { baseUrl?: string; file?: string; headers?: Record<string, string> } = {}): TestCase {
  const name = `graphql ${++counter}`;
  const file = o.file ?? 'plan.yaml';
  return {
    id: `g${counter}`,
    plan: 'unit',
    file,
    name,
    type: 'graphql',
    location: { file, line: 1, column: 1 },
    spec: { ...spec, name, type: 'graphql' },
    timeoutMs: 10_000,
    retries: 0,
    tags: [],
    headers: o.headers ?? {},
    vars: {},
    baseUrl: o.baseUrl ?? f.app.url,
  };
}

describe('graphql executor: a query', () => {
  it('sends variables, passes data/errors/jsonPath/schema checks, records graphql_req_duration by operation', async () => {
    const { result, events } = await f.worker.run(graphqlCase({
      query: 'query Users($n: Int) { users(first: $n) { id name } }',
      variables: { n: 1 },
      expect: {
        errors: 'none',
        data: { users: [{ name: 'Ada Lovelace' }] },
        jsonPath: { '$.data.users': { length: 1 } },
        schema: { type: 'object', required: ['users'] },
        maxDuration: '5s',
      },
      capture: { firstId: '$.data.users[0].id' },
    }));
    expect(result.status, JSON.stringify(result.checks)).toBe('passed');
    expect(result.checks.map((c) => c.name)).toEqual(['status', 'errors', 'data', 'jsonPath $.data.users length', 'schema', 'maxDuration']);
    expect(result.metrics).toHaveLength(1);
    expect(result.metrics[0]).toMatchObject({ name: 'graphql_req_duration', unit: 'ms', labels: { operation: 'Users' } });
    // A single operation is no step, like a single api request.
    expect(stepEvents(events)).toEqual([]);
  });

  it('the metric label is operationName, else the operation kind', async () => {
    const anonymous = await f.worker.run(graphqlCase({ query: '{ items { id } }' }));
    expect(anonymous.result.metrics[0]?.labels).toEqual({ operation: 'query' });
    const named = await f.worker.run(graphqlCase({ query: 'query A { items { id } } query B { boom }', operationName: 'A', expect: { errors: 'none' } }));
    expect(named.result.status, JSON.stringify(named.result)).toBe('passed');
    expect(named.result.metrics[0]?.labels).toEqual({ operation: 'A' });
  });

  it('errors: none on the boom field fails with its message', async () => {
    const { result } = await f.worker.run(graphqlCase({ query: '{ boom }', expect: { errors: 'none' } }));
    expect(result.status).toBe('failed');
    expect(result.checks[1]).toMatchObject({ name: 'errors', ok: false, expected: 'none', actual: ['boom failed'] });
    expect(result.error?.message).toContain('boom failed');
  });

  it('POSTs JSON with query, variables and operationName, merging default and own headers', async () => {
    const { result } = await f.worker.run(graphqlCase({
      endpoint: `${f.echo.url}/gql`,
      query: 'query Q($id: ID!) { user(id: $id) { id } }',
      variables: { id: 'u1' },
      operationName: 'Q',
      headers: { 'X-Team': 'qa', Authorization: `Bearer ${TOKEN}` },
      // The echo server answers with what it got (not a GraphQL response): jsonPath reads it.
      expect: {
        jsonPath: {
          '$.method': { equals: 'POST' },
          '$.url': { equals: '/gql' },
          '$.headers.content-type': { equals: 'application/json' },
          '$.headers.accept': { equals: 'application/json' },
          '$.headers.x-team': { equals: 'qa' },
          '$.headers.x-default': { equals: 'on' },
          '$.body': { equals: JSON.stringify({ query: 'query Q($id: ID!) { user(id: $id) { id } }', variables: { id: 'u1' }, operationName: 'Q' }) },
        },
      },
    }, { headers: { 'x-default': 'on' } }));
    expect(result.status, JSON.stringify(result.checks)).toBe('passed');
    // The bearer token is a secret: nothing recorded shows it.
    expect(JSON.stringify(f.worker.events)).not.toContain(TOKEN);
  });

  it('the default endpoint is `/graphql` under baseUrl', async () => {
    const { result } = await f.worker.run(graphqlCase({ query: '{ items { id } }', expect: { jsonPath: { '$.url': { equals: '/base/graphql' } } } }, { baseUrl: `${f.echo.url}/base` }));
    expect(result.status, JSON.stringify(result.checks)).toBe('passed');
  });

  it('a status other than 200 fails unless the test expects it', async () => {
    const wrong = await f.worker.run(graphqlCase({ endpoint: '/api/nothing', query: '{ items { id } }' }));
    expect(wrong.result.status).toBe('failed');
    expect(wrong.result.checks[0]).toMatchObject({ name: 'status', ok: false, expected: 200, actual: 404 });
    const allowed = await f.worker.run(graphqlCase({ endpoint: '/api/nothing', query: '{ items { id } }', expect: { status: 404 } }));
    expect(allowed.result.status).toBe('passed');
  });

  it('reads the document from a file relative to the plan', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-graphql-'));
    writeFileSync(path.join(dir, 'items.graphql'), 'query Items {\n  items { id name }\n}\n');
    const { result } = await f.worker.run(graphqlCase({ query: { file: './items.graphql' }, expect: { jsonPath: { '$.data.items': { length: 5 } } } }, { file: path.join(dir, 'plan.yaml') }));
    expect(result.status, JSON.stringify(result)).toBe('passed');
    expect(result.metrics[0]?.labels).toEqual({ operation: 'Items' });
  });
});

describe('graphql executor: tests that cannot run are errors', () => {
  it('a syntax error names line and column, and nothing is sent', async () => {
    const { result } = await f.worker.run(graphqlCase({ query: 'query {\n  users(first: 2 {\n    id\n  }\n}' }));
    expect(result.status).toBe('error');
    expect(result.error?.message).toBe('GraphQL syntax error in the query at line 2, column 18: Expected Name, found "{".');
    expect(result.error?.hint).toContain('users(first: 2 {');
    expect(result.metrics).toEqual([]);
  });

  it('a syntax error in a file names the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-graphql-'));
    writeFileSync(path.join(dir, 'bad.graphql'), '{ items { id }');
    const { result } = await f.worker.run(graphqlCase({ query: { file: 'bad.graphql' } }, { file: path.join(dir, 'plan.yaml') }));
    expect(result.status).toBe('error');
    expect(result.error?.message).toMatch(/^GraphQL syntax error in bad\.graphql at line 1, column 15: /);
  });

  it('a missing file, a query under `mutation:`, an ambiguous document', async () => {
    const missing = await f.worker.run(graphqlCase({ query: { file: './nope.graphql' } }));
    expect(missing.result.status).toBe('error');
    expect(missing.result.error?.message).toMatch(/^cannot read the query file \.\/nope\.graphql .*: no such file$/);
    const mismatch = await f.worker.run(graphqlCase({ mutation: '{ items { id } }' }));
    expect(mismatch.result.error?.message).toBe('`mutation:` holds a query, not a mutation');
    const two = await f.worker.run(graphqlCase({ query: 'query A { items { id } } query B { boom }' }));
    expect(two.result.error?.message).toBe('the query holds 2 operations (A, B): which one should run?');
    const unknown = await f.worker.run(graphqlCase({ query: 'query A { items { id } }', operationName: 'B' }));
    expect(unknown.result.error?.message).toBe('the query has no operation named "B"; it has: A');
  });

  it('an unreachable endpoint is an error with the api executor\'s words and hint', async () => {
    const port = await freePort();
    const { result } = await f.worker.run(graphqlCase({ query: '{ items { id } }' }, { baseUrl: `http://127.0.0.1:${port}` }));
    expect(result.status).toBe('error');
    expect(result.error?.message).toBe(`could not connect to http://127.0.0.1:${port}/graphql: connection refused`);
    expect(result.error?.hint).toMatch(/Is the server running\?/);
  });
});

describe('graphql steps in an api test', () => {
  it('a mutation, then REST and GraphQL reads sharing captures both ways', async () => {
    const email = `grace-${randomUUID()}@example.com`;
    const { result, events } = await f.worker.run(f.onApp({
      steps: [
        {
          graphql: {
            mutation: 'mutation Create($name: String!, $email: String!) { createUser(name: $name, email: $email) { id email } }',
            variables: { name: 'Grace Hopper', email },
            operationName: 'Create',
          },
          expect: { errors: 'none', data: { createUser: { email } } },
          capture: { userId: '$.data.createUser.id' },
        },
        {
          name: 'rest read',
          request: { url: '/api/users/${{ captures.userId }}' },
          expect: { status: 200, json: { name: 'Grace Hopper', email } },
          capture: { restEmail: '$.email' },
        },
        {
          graphql: { query: 'query($id: ID!) { user(id: $id) { id email } }', variables: { id: '${{ captures.userId }}' } },
          expect: { data: { user: { id: '${{ captures.userId }}', email: '${{ captures.restEmail }}' } } },
        },
      ],
    }));
    expect(result.status, JSON.stringify(result.checks, null, 1)).toBe('passed');
    expect(stepEvents(events).map((s) => [s.title, s.status])).toEqual([
      ['GraphQL mutation Create', 'passed'],
      ['rest read', 'passed'],
      ['GraphQL query', 'passed'],
    ]);
    expect(result.metrics.map((m) => [m.name, m.labels?.operation ?? m.labels?.step])).toEqual([
      ['graphql_req_duration', 'Create'],
      ['http_req_duration', 'rest read'],
      ['graphql_req_duration', 'query'],
    ]);
  });

  it('a failing graphql step stops the steps after it', async () => {
    const { result, events } = await f.worker.run(f.onApp({
      steps: [
        { graphql: { mutation: 'mutation { createUser(name: "X", email: "not-an-email") { id } }' }, expect: { errors: 'none' }, capture: { id: '$.data.createUser.id' } },
        { request: { url: '/api/users/${{ captures.id }}' } },
      ],
    }));
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('email must be a valid email address');
    expect(stepEvents(events).map((s) => s.status)).toEqual(['failed']);
  });
});
