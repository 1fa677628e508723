import { describe, expect, it } from 'vitest';
import { createAssertionCache } from '../../../src/assertions/cache.js';
import { statusAssertion } from '../../../src/assertions/status.js';
import { jsonSubject } from './subject.js';

const cache = createAssertionCache();

describe('status assertion', () => {
  it('passes on the exact code', () => {
    expect(statusAssertion(jsonSubject({}, { status: 200 }), 200, cache)).toEqual([{ name: 'status', ok: true, expected: 200, actual: 200 }]);
  });

  it('fails on another code, with expected/actual and the start of the body', () => {
    const [c] = statusAssertion(jsonSubject({ error: 'database down' }, { status: 503 }), 200, cache);
    expect(c).toMatchObject({ name: 'status', ok: false, expected: 200, actual: 503 });
    expect(c.message).toContain('expected 200, got 503');
    expect(c.message).toContain('database down');
  });

  it('accepts a class such as 2xx', () => {
    expect(statusAssertion(jsonSubject({}, { status: 204 }), '2xx', cache)[0].ok).toBe(true);
    const [c] = statusAssertion(jsonSubject({}, { status: 503 }), '2xx', cache);
    expect(c).toMatchObject({ ok: false, expected: '2xx', actual: 503 });
  });

  it('accepts a list of codes and classes', () => {
    expect(statusAssertion(jsonSubject({}, { status: 404 }), [200, '4xx'], cache)[0].ok).toBe(true);
    const [c] = statusAssertion(jsonSubject({}, { status: 500 }), [200, 201], cache);
    expect(c).toMatchObject({ ok: false, expected: [200, 201], actual: 500 });
    expect(c.message).toContain('one of 200, 201');
  });
});
