import { describe, expect, it } from 'vitest';
import { prepareRequest, resolveUrl } from '../../../src/executors/api/request.js';
import { AitestError } from '../../../src/errors.js';

describe('api request building', () => {
  it('appends a relative url to baseUrl, keeping a base path', () => {
    expect(resolveUrl('/health', 'http://127.0.0.1:4010').href).toBe('http://127.0.0.1:4010/health');
    expect(resolveUrl('/users', 'http://h:1/api/v1/').href).toBe('http://h:1/api/v1/users');
    expect(resolveUrl('users', 'http://h:1/api').href).toBe('http://h:1/api/users');
    expect(resolveUrl('http://other:2/x', 'http://h:1/api').href).toBe('http://other:2/x');
  });

  it('a relative url without baseUrl is a plan error that says what to do', () => {
    expect(() => resolveUrl('/health', undefined)).toThrow(AitestError);
    expect(() => resolveUrl('/health', undefined)).toThrow(/no baseUrl/);
  });

  it('only http and https', () => {
    expect(() => resolveUrl('ftp://h/x', undefined)).toThrow(/unsupported url scheme/);
  });

  it('defaults to GET, adds the query, merges headers case-insensitively (request wins)', () => {
    const r = prepareRequest(
      { url: '/api/users?x=1', query: { limit: 2, q: 'a b' }, headers: { 'X-Trace': 'req' } },
      'http://h:1',
      { 'x-trace': 'default', Accept: 'application/json' },
    );
    expect(r).toMatchObject({ method: 'GET', origin: 'http://h:1', path: '/api/users?x=1&limit=2&q=a+b', followRedirects: true });
    expect(r.headers).toMatchObject({ 'x-trace': 'req', accept: 'application/json' });
    expect(r.body).toBeUndefined();
  });

  it('json and form bodies set their content type unless given', () => {
    expect(prepareRequest({ url: '/', method: 'POST', json: { a: 1 } }, 'http://h', {})).toMatchObject({ body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(prepareRequest({ url: '/', method: 'POST', form: { a: 1, b: 'x y' } }, 'http://h', {})).toMatchObject({
      body: 'a=1&b=x+y', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(prepareRequest({ url: '/', method: 'POST', json: {}, headers: { 'Content-Type': 'application/vnd.api+json' } }, 'http://h', {}).headers['content-type']).toBe('application/vnd.api+json');
  });

  it('more than one body is a plan error', () => {
    expect(() => prepareRequest({ url: '/', json: {}, body: 'x' }, 'http://h', {})).toThrow(/more than one body/);
  });

  it('auth sets the Authorization header and marks the credentials secret', () => {
    const bearer = prepareRequest({ url: '/', auth: { bearer: 'tok-123' } }, 'http://h', {});
    expect(bearer.headers.authorization).toBe('Bearer tok-123');
    expect(bearer.secrets).toContain('tok-123');
    const basic = prepareRequest({ url: '/', auth: { basic: { username: 'u', password: 'p4ss' } } }, 'http://h', {});
    expect(basic.headers.authorization).toBe(`Basic ${Buffer.from('u:p4ss').toString('base64')}`);
    expect(basic.secrets).toEqual(expect.arrayContaining(['p4ss', Buffer.from('u:p4ss').toString('base64')]));
  });

  it('sensitive headers given directly are secrets too', () => {
    expect(prepareRequest({ url: '/' }, 'http://h', { 'X-Api-Key': 'k-999' }).secrets).toEqual(['k-999']);
  });

  it('parses timeout and followRedirects', () => {
    expect(prepareRequest({ url: '/', timeout: '2s', followRedirects: false }, 'http://h', {})).toMatchObject({ timeoutMs: 2000, followRedirects: false });
  });
});
