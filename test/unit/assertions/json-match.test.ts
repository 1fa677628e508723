import { describe, expect, it } from 'vitest';
import { createAssertionCache } from '../../../src/assertions/cache.js';
import { jsonMatchAssertion } from '../../../src/assertions/json-match.js';
import { jsonSubject, textSubject } from './subject.js';

const cache = createAssertionCache();
const body = { status: 'ok', version: 3, build: { sha: 'abc', dirty: false }, tags: ['a', 'b'], extra: 'ignored' };

describe('json assertion (deep partial match)', () => {
  it('passes when the expected keys match, ignoring extra keys', () => {
    expect(jsonMatchAssertion(jsonSubject(body), { status: 'ok', build: { sha: 'abc' }, tags: ['a', 'b'] }, cache)).toEqual([
      { name: 'json', ok: true, expected: { status: 'ok', build: { sha: 'abc' }, tags: ['a', 'b'] } },
    ]);
  });

  it('fails with the places that differ and the actual values cut to the expected keys', () => {
    const [c] = jsonMatchAssertion(jsonSubject(body), { status: 'down', build: { dirty: true } }, cache);
    expect(c.ok).toBe(false);
    expect(c.expected).toEqual({ status: 'down', build: { dirty: true } });
    expect(c.actual).toEqual({ status: 'ok', build: { dirty: false } });
    expect(c.message).toContain('$.status: expected "down", got "ok"');
    expect(c.message).toContain('$.build.dirty: expected true, got false');
  });

  it('a missing key is a mismatch', () => {
    const [c] = jsonMatchAssertion(jsonSubject(body), { owner: 'me' }, cache);
    expect(c.ok).toBe(false);
    expect(c.message).toContain('$.owner: expected "me", got nothing');
  });

  it('arrays match element by element and must have the same length', () => {
    expect(jsonMatchAssertion(jsonSubject([{ id: 1, x: 1 }, { id: 2 }]), [{ id: 1 }, { id: 2 }], cache)[0].ok).toBe(true);
    expect(jsonMatchAssertion(jsonSubject([{ id: 1 }, { id: 2 }]), [{ id: 1 }], cache)[0].ok).toBe(false);
  });

  it('a body that is not JSON is a failed check showing the start of the body', () => {
    const [c] = jsonMatchAssertion(textSubject('<html>' + 'x'.repeat(500)), { status: 'ok' }, cache);
    expect(c).toMatchObject({ name: 'json', ok: false, message: 'json: response body is not JSON' });
    expect(String(c.actual).startsWith('<html>')).toBe(true);
    expect(String(c.actual).length).toBeLessThanOrEqual(201);
  });
});
