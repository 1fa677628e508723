import { describe, expect, it } from 'vitest';
import { createAssertionCache } from '../../../src/assertions/cache.js';
import { jsonPathAssertion } from '../../../src/assertions/json-path.js';
import { jsonSubject, textSubject } from './subject.js';

const cache = createAssertionCache();
const res = jsonSubject({
  id: 'u-1',
  count: 3,
  ratio: 0.5,
  name: 'Ada Lovelace',
  items: [{ id: 10, name: 'pen', price: 2 }, { id: 11, name: 'ink', price: 7 }],
  'odd-key': true,
  nothing: null,
});

const one = (path: string, spec: Record<string, unknown>) => jsonPathAssertion(res, { [path]: spec }, cache);

describe('jsonPath assertion', () => {
  it('equals: pass and fail, with expected and actual', () => {
    expect(one('$.items[0].id', { equals: 10 })).toEqual([{ name: 'jsonPath $.items[0].id equals', ok: true, expected: 10, actual: 10 }]);
    expect(one('$.items[0].id', { equals: 99 })[0]).toMatchObject({ name: 'jsonPath $.items[0].id equals', ok: false, expected: 99, actual: 10 });
    expect(one('$.items[1]', { equals: { id: 11, name: 'ink', price: 7 } })[0].ok).toBe(true);
  });

  it('notEquals', () => {
    expect(one('$.id', { notEquals: 'u-2' })[0].ok).toBe(true);
    expect(one('$.id', { notEquals: 'u-1' })[0]).toMatchObject({ ok: false, expected: { not: 'u-1' }, actual: 'u-1' });
  });

  it('contains: text in a string, or an element in an array', () => {
    expect(one('$.name', { contains: 'Love' })[0].ok).toBe(true);
    expect(one('$.name', { contains: 'Babbage' })[0]).toMatchObject({ ok: false, expected: 'Babbage', actual: 'Ada Lovelace' });
    expect(one('$.items', { contains: { name: 'ink' } })[0].ok).toBe(true);
    expect(one('$.items[*].id', { contains: 11 })[0].ok).toBe(true);
    expect(one('$.items[*].id', { contains: 12 })[0]).toMatchObject({ ok: false, actual: [10, 11] });
  });

  it('matches a regex, as /re/flags or a bare pattern', () => {
    expect(one('$.id', { matches: '^u-\\d+$' })[0].ok).toBe(true);
    expect(one('$.name', { matches: '/^ada/i' })[0].ok).toBe(true);
    expect(one('$.name', { matches: '/^bob/' })[0]).toMatchObject({ ok: false, expected: '/^bob/', actual: 'Ada Lovelace' });
  });

  it('exists: true and false', () => {
    expect(one('$.id', { exists: true })).toEqual([{ name: 'jsonPath $.id exists', ok: true, expected: true, actual: true }]);
    expect(one('$.nothing', { exists: true })[0].ok).toBe(true);
    expect(one('$.missing', { exists: true })[0]).toMatchObject({ ok: false, expected: true, actual: false });
    expect(one('$.missing', { exists: false })[0].ok).toBe(true);
    expect(one('$.items[5]', { exists: false })[0].ok).toBe(true);
    expect(one("$['odd-key']", { exists: true })[0].ok).toBe(true);
  });

  it('type, integer included', () => {
    expect(one('$.count', { type: 'integer' })[0].ok).toBe(true);
    expect(one('$.ratio', { type: 'integer' })[0]).toMatchObject({ ok: false, expected: 'integer', actual: 'number' });
    expect(one('$.items', { type: 'array' })[0].ok).toBe(true);
    expect(one('$.nothing', { type: 'null' })[0].ok).toBe(true);
    expect(one('$.name', { type: 'number' })[0]).toMatchObject({ ok: false, expected: 'number', actual: 'string' });
  });

  it('length of an array or a string', () => {
    expect(one('$.items', { length: 2 })[0].ok).toBe(true);
    expect(one('$.name', { length: 3 })[0]).toMatchObject({ ok: false, expected: 3, actual: 12 });
    expect(one('$.count', { length: 1 })[0]).toMatchObject({ ok: false, actual: 'number (no length)' });
  });

  it('gt / gte / lt / lte', () => {
    expect(one('$.count', { gt: 2, gte: 3, lt: 4, lte: 3 }).every((c) => c.ok)).toBe(true);
    const [c] = one('$.items[0].price', { gt: 5 });
    expect(c).toMatchObject({ name: 'jsonPath $.items[0].price gt', ok: false, expected: '> 5', actual: 2 });
    expect(one('$.name', { lt: 5 })[0].ok).toBe(false);
  });

  it('wildcards and filters select a list of matches', () => {
    expect(one('$.items[*].name', { equals: ['pen', 'ink'] })[0].ok).toBe(true);
    expect(one('$.items[?(@.price > 5)].name', { equals: ['ink'] })[0].ok).toBe(true);
    expect(one('$..id', { length: 3 })[0].ok).toBe(true);
  });

  it('an operator on a path that matches nothing fails and says so', () => {
    const [c] = one('$.missing', { equals: 1 });
    expect(c).toMatchObject({ name: 'jsonPath $.missing equals', ok: false, expected: 1 });
    expect(c.message).toContain('nothing at $.missing');
  });

  it('several operators on one path give one check each, in a stable order', () => {
    expect(one('$.count', { lt: 10, type: 'number', exists: true }).map((c) => c.name)).toEqual([
      'jsonPath $.count exists', 'jsonPath $.count type', 'jsonPath $.count lt',
    ]);
  });

  it('a body that is not JSON is a failed check', () => {
    const checks = jsonPathAssertion(textSubject('OK'), { '$.id': { exists: true }, '$.x': { equals: 1 } }, cache);
    expect(checks).toEqual([{ name: 'jsonPath', ok: false, expected: 'a JSON body', actual: 'OK', message: 'jsonPath: response body is not JSON' }]);
  });
});
