import { describe, expect, it } from 'vitest';
import { createAssertionCache } from '../../../src/assertions/cache.js';
import { headersAssertion } from '../../../src/assertions/headers.js';
import { REDACTED } from '../../../src/util/sensitive.js';
import { textSubject } from './subject.js';

const cache = createAssertionCache();
const res = textSubject('x', { headers: { 'content-type': 'application/json; charset=utf-8', 'set-cookie': 'sid=abc123secret', 'x-count': '3' } });

describe('headers assertion', () => {
  it('matches an exact value, with a case-insensitive name', () => {
    expect(headersAssertion(res, { 'X-Count': '3' }, cache)).toEqual([{ name: 'header x-count', ok: true, expected: '3', actual: '3' }]);
    expect(headersAssertion(res, { 'x-count': '4' }, cache)[0]).toMatchObject({ ok: false, expected: '4', actual: '3' });
  });

  it('an exact value must be the whole value', () => {
    expect(headersAssertion(res, { 'content-type': 'application/json' }, cache)[0].ok).toBe(false);
  });

  it('matches /regex/ and /regex/flags', () => {
    expect(headersAssertion(res, { 'content-type': '/^application\\/json/' }, cache)[0].ok).toBe(true);
    expect(headersAssertion(res, { 'content-type': '/^APPLICATION/i' }, cache)[0].ok).toBe(true);
    expect(headersAssertion(res, { 'content-type': '/text\\/html/' }, cache)[0]).toMatchObject({ ok: false, actual: 'application/json; charset=utf-8' });
  });

  it('a missing header fails and says so', () => {
    const [c] = headersAssertion(res, { etag: '/.+/' }, cache);
    expect(c).toMatchObject({ name: 'header etag', ok: false, expected: '/.+/' });
    expect(c.actual).toBeUndefined();
    expect(c.message).toContain('missing');
  });

  it('never records the value of a sensitive header', () => {
    const checks = headersAssertion(res, { 'set-cookie': '/nope/' }, cache);
    expect(checks[0]).toMatchObject({ ok: false, actual: REDACTED });
    expect(JSON.stringify(checks)).not.toContain('abc123secret');
  });

  it('one check per header, in the order written', () => {
    expect(headersAssertion(res, { 'x-count': '3', 'content-type': '/json/' }, cache).map((c) => c.name)).toEqual(['header x-count', 'header content-type']);
  });
});
