import { describe, expect, it } from 'vitest';
import { createAssertionCache } from '../../../src/assertions/cache.js';
import { evaluateExpect } from '../../../src/assertions/registry.js';
import { jsonSubject } from './subject.js';

describe('evaluateExpect', () => {
  it('runs every assertion named, in a stable order whatever the key order', () => {
    const res = jsonSubject({ id: 1 }, { status: 200, durationMs: 3, headers: { 'content-type': 'application/json' } });
    const checks = evaluateExpect(
      { maxDuration: '1s', body: '"id"', schema: { type: 'object' }, jsonPath: { '$.id': { equals: 1 } }, json: { id: 1 }, headers: { 'content-type': '/json/' }, status: 200 },
      res,
      createAssertionCache(),
    );
    expect(checks.map((c) => c.name)).toEqual(['status', 'header content-type', 'json', 'jsonPath $.id equals', 'schema', 'body contains', 'maxDuration']);
    expect(checks.every((c) => c.ok)).toBe(true);
  });

  it('an empty expect makes no checks', () => {
    expect(evaluateExpect({}, jsonSubject({}), createAssertionCache())).toEqual([]);
  });
});
