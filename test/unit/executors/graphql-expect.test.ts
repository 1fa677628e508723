// The checks of a GraphQL response, on hand-made responses: errors (none / a count / a message), data
// (deep partial), schema over data, status 200 by default, and bodies that are not GraphQL at all.
import { describe, expect, it } from 'vitest';
import { createAssertionCache } from '../../../src/assertions/cache.js';
import type { ResponseSubject } from '../../../src/assertions/types.js';
import { evaluateGraphqlExpect, graphqlErrors } from '../../../src/executors/graphql/expect.js';
import type { GraphqlExpectSpec } from '../../../src/plan/types.js';

const cache = createAssertionCache();

function response(body: unknown, status = 200, durationMs = 12): ResponseSubject {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers: { 'content-type': 'application/json' }, body: text, json, durationMs };
}

const USERS = { data: { users: [{ id: '1', name: 'Ada' }, { id: '2', name: 'Alan' }] } };
const BOOM = {
  errors: [{ message: 'boom failed', locations: [{ line: 1, column: 3 }], path: ['boom'] }],
  data: { boom: null, users: [{ id: '1' }] },
};

const run = (expectSpec: GraphqlExpectSpec, body: unknown, status?: number) => evaluateGraphqlExpect(expectSpec, response(body, status), cache);
const named = (checks: ReturnType<typeof run>, name: string) => {
  const c = checks.find((x) => x.name === name);
  if (!c) throw new Error(`no check ${name} in ${JSON.stringify(checks)}`);
  return c;
};

describe('graphql expect: status', () => {
  it('checks status 200 and no errors when the test says nothing', () => {
    expect(run({}, USERS)).toEqual([{ name: 'status', ok: true, expected: 200, actual: 200 }, { name: 'errors', ok: true, expected: 'none', actual: 'none' }]);
    // A 200 full of errors does not pass a test that asked nothing about them.
    expect(named(run({}, BOOM), 'errors')).toMatchObject({ ok: false, expected: 'none' });
  });

  it('fails any other status unless `status` allows it', () => {
    const failed = named(run({}, { errors: [{ message: 'bad request' }] }, 400), 'status');
    expect(failed).toMatchObject({ ok: false, expected: 200, actual: 400 });
    expect(failed.message).toContain('bad request');
    expect(named(run({ status: 400 }, { errors: [{ message: 'bad request' }] }, 400), 'status').ok).toBe(true);
    expect(named(run({ status: '2xx' }, USERS, 201), 'status').ok).toBe(true);
  });
});

describe('graphql expect: errors', () => {
  it('`none` passes without errors, and with an empty errors list', () => {
    expect(named(run({ errors: 'none' }, USERS), 'errors')).toMatchObject({ ok: true, expected: 'none', actual: 'none' });
    expect(named(run({ errors: 'none' }, { data: {}, errors: [] }), 'errors').ok).toBe(true);
  });

  it('`none` fails with the messages and where they happened', () => {
    const c = named(run({ errors: 'none' }, BOOM), 'errors');
    expect(c).toMatchObject({ ok: false, expected: 'none', actual: ['boom failed'] });
    expect(c.message).toBe('errors: expected none, got 1: "boom failed" (at boom)');
  });

  it('a number is an exact count; 0 means none', () => {
    expect(named(run({ errors: 1 }, BOOM), 'errors')).toMatchObject({ ok: true, expected: 1, actual: 1 });
    const two = named(run({ errors: 2 }, BOOM), 'errors');
    expect(two).toMatchObject({ ok: false, expected: 2, actual: 1 });
    expect(two.message).toContain('"boom failed"');
    expect(named(run({ errors: 0 }, USERS), 'errors').ok).toBe(true);
    expect(named(run({ errors: 0 }, BOOM), 'errors').ok).toBe(false);
  });

  it('`{ count, message }` are two checks; message is a substring or a /regex/', () => {
    const checks = run({ errors: { count: 1, message: 'boom' } }, BOOM);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([['status', true], ['errors count', true], ['errors message', true]]);
    expect(named(run({ errors: { message: '/^BOOM F/i' } }, BOOM), 'errors message').ok).toBe(true);
    // A bare text is text, not a pattern: `.` matches only a dot.
    expect(named(run({ errors: { message: 'boom.failed' } }, BOOM), 'errors message').ok).toBe(false);
  });

  it('a message that no error has fails, showing the messages there were', () => {
    const miss = named(run({ errors: { message: 'kaboom' } }, BOOM), 'errors message');
    expect(miss).toMatchObject({ ok: false, expected: 'kaboom', actual: ['boom failed'] });
    expect(miss.message).toBe('errors message: no error message contains "kaboom"; got "boom failed" (at boom)');
    const none = named(run({ errors: { message: 'boom' } }, USERS), 'errors message');
    expect(none).toMatchObject({ ok: false, actual: 'no errors' });
    expect(none.message).toContain('the response has no errors');
  });

  it('reads odd error shapes without throwing', () => {
    expect(graphqlErrors({ errors: [{ message: 'a', path: ['users', 0, 'name'] }, 'plain text', { nope: 1 }] })).toEqual([
      { message: 'a', path: 'users.0.name' },
      { message: 'plain text' },
      { message: 'nothing' },
    ]);
    expect(graphqlErrors({ errors: { message: 'single' } })).toEqual([{ message: 'single' }]);
    expect(graphqlErrors({ data: null })).toEqual([]);
  });
});

describe('graphql expect: data', () => {
  it('passes a deep partial match: extra keys are fine', () => {
    expect(named(run({ data: { users: [{ id: '1' }, { name: 'Alan' }] } }, USERS), 'data')).toMatchObject({ ok: true });
  });

  it('fails with paths under $.data, expected and actual', () => {
    const c = named(run({ data: { users: [{ id: '1' }, { id: '3' }] } }, USERS), 'data');
    expect(c.ok).toBe(false);
    expect(c.message).toBe('data does not match: $.data.users[1].id: expected "3", got "2"');
    expect(c.actual).toEqual({ users: [{ id: '1' }, { id: '2' }] });
  });

  it('lists must have the same length, as in `json`', () => {
    expect(named(run({ data: { users: [{ id: '1' }] } }, USERS), 'data').ok).toBe(false);
  });

  it('a mismatch caused by an error carries the error message', () => {
    const c = named(run({ data: { boom: 'ok' } }, BOOM), 'data');
    expect(c.ok).toBe(false);
    expect(c.message).toContain('$.data.boom: expected "ok", got null');
    expect(c.message).toContain('errors: "boom failed" (at boom)');
  });

  it('a response without data fails the data check', () => {
    const c = named(run({ data: { users: [] } }, { errors: [{ message: 'Cannot query field "userz"' }] }), 'data');
    expect(c).toMatchObject({ ok: false, actual: null });
    expect(c.message).toContain('$.data: expected {"users":[]}, got nothing');
  });
});

describe('graphql expect: schema, jsonPath, maxDuration', () => {
  const schema = { type: 'object', required: ['users'], properties: { users: { type: 'array', items: { required: ['id', 'email'] } } } };

  it('schema validates data, not the whole body', () => {
    expect(named(run({ schema: { type: 'object', required: ['users'], properties: { users: {} }, additionalProperties: false } }, USERS), 'schema').ok).toBe(true);
    const c = named(run({ schema }, USERS), 'schema');
    expect(c).toMatchObject({ ok: false, expected: 'data valid against the schema' });
    expect(c.actual).toEqual(["/users/0 must have required property 'email'", "/users/1 must have required property 'email'"]);
    const none = named(run({ schema }, { errors: [{ message: 'x' }], data: null }), 'schema');
    expect(none).toMatchObject({ ok: false, message: 'schema: the response has no data' });
  });

  it('jsonPath reads the whole body; maxDuration the response time', () => {
    const checks = run({ jsonPath: { '$.data.users': { length: 2 }, '$.errors': { exists: false } }, maxDuration: '1s' }, USERS);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['status', true],
      ['errors', true],
      ['jsonPath $.data.users length', true],
      ['jsonPath $.errors exists', true],
      ['maxDuration', true],
    ]);
    expect(named(run({ jsonPath: { '$.errors[0].message': { equals: 'boom failed' } } }, BOOM), 'jsonPath $.errors[0].message equals').ok).toBe(true);
    expect(named(evaluateGraphqlExpect({ maxDuration: 10 }, response(USERS, 200, 11), cache), 'maxDuration').ok).toBe(false);
  });

  it('reports in a fixed order: status, headers, errors, data, jsonPath, schema, maxDuration', () => {
    const checks = run({ maxDuration: '1s', schema: { type: 'object' }, jsonPath: { '$.data': { exists: true } }, data: {}, errors: 'none', headers: { 'content-type': '/json/' } }, USERS);
    expect(checks.map((c) => c.name)).toEqual(['status', 'header content-type', 'errors', 'data', 'jsonPath $.data exists', 'schema', 'maxDuration']);
  });
});

describe('graphql expect: not a GraphQL response', () => {
  it('a body that is not JSON fails each GraphQL check, showing the body', () => {
    const checks = run({ errors: 'none', data: { a: 1 } }, '<html>Bad gateway</html>', 502);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([['status', false], ['errors', false], ['data', false]]);
    expect(named(checks, 'errors')).toMatchObject({ actual: '<html>Bad gateway</html>', message: 'errors: response body is not JSON' });
  });

  it('JSON that is not an object is not a GraphQL response', () => {
    expect(named(run({ errors: 'none' }, [1, 2]), 'errors')).toMatchObject({ ok: false, message: 'errors: the response is JSON but not a GraphQL response object' });
  });
});
