import { describe, expect, it } from 'vitest';
import { createAssertionCache } from '../../../src/assertions/cache.js';
import { jsonSchemaAssertion } from '../../../src/assertions/json-schema.js';
import { AitestError } from '../../../src/errors.js';
import { jsonSubject, textSubject } from './subject.js';

const schema = {
  type: 'object',
  required: ['id', 'email'],
  properties: { id: { type: 'string', format: 'uuid' }, email: { type: 'string', format: 'email' }, role: { enum: ['admin', 'user'] } },
  additionalProperties: false,
};

describe('schema assertion', () => {
  it('passes for a valid body', () => {
    const cache = createAssertionCache();
    expect(jsonSchemaAssertion(jsonSubject({ id: '9b2f4c1e-3a5d-4e6f-8a7b-1c2d3e4f5a6b', email: 'a@b.co' }), schema, cache)).toEqual([{ name: 'schema', ok: true }]);
  });

  it('lists every problem in plain words, formats included', () => {
    const cache = createAssertionCache();
    const [c] = jsonSchemaAssertion(jsonSubject({ id: 'x', email: 'not-an-email', role: 'root', extra: 1 }), schema, cache);
    expect(c.ok).toBe(false);
    expect(c.actual).toEqual(expect.arrayContaining([
      '/email must match format "email"',
      '/id must match format "uuid"',
      '/role must be equal to one of the allowed values ("admin", "user")',
      '(root) must NOT have additional properties ("extra")',
    ]));
    expect(c.message).toContain('/email must match format "email"');
  });

  it('names a missing required property', () => {
    const [c] = jsonSchemaAssertion(jsonSubject({ email: 'a@b.co' }), schema, createAssertionCache());
    expect(c.actual).toEqual(["(root) must have required property 'id'"]);
  });

  it('compiles each schema once, by identity and by JSON text', () => {
    const cache = createAssertionCache();
    expect(cache.schema(schema)).toBe(cache.schema(schema));
    expect(cache.schema(structuredClone(schema))).toBe(cache.schema(schema));
  });

  it('a body that is not JSON is a failed check', () => {
    const [c] = jsonSchemaAssertion(textSubject('<html>oops</html>'), schema, createAssertionCache());
    expect(c).toMatchObject({ name: 'schema', ok: false, actual: '<html>oops</html>', message: 'schema: response body is not JSON' });
  });

  it('an invalid schema is a plan error', () => {
    expect(() => jsonSchemaAssertion(jsonSubject({}), { type: 'objekt' }, createAssertionCache())).toThrow(AitestError);
  });
});
