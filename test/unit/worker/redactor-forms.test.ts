import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/worker/redactor.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const b64url = (s: string): string => Buffer.from(s).toString('base64url');

/** Every way the secret was seen leaving before: as is, URL- and form-encoded, JSON-escaped, base64. */
function encodings(secret: string): Record<string, string> {
  return {
    raw: secret,
    uriComponent: encodeURIComponent(secret),
    form: new URLSearchParams({ q: secret }).toString().slice(2),
    plusForSpaces: encodeURIComponent(secret).replace(/%20/g, '+'),
    whatwgQuery: new URL(`http://h/?q=${secret}`).search.slice(3),
    json: JSON.stringify(secret).slice(1, -1),
    base64: b64(secret),
    base64url: b64url(secret),
    basicAuth: b64(`some-user:${secret}`),
    basicAuthUrlSafe: b64url(`ab:${secret}`),
  };
}

describe('redactor: encoded forms of a secret', () => {
  const SECRET = 'my "s3cret" v+a/l&ue';

  it('redacts a secret in every encoded form it takes in requests, bodies and headers', () => {
    const r = createRedactor([SECRET]);
    for (const [form, text] of Object.entries(encodings(SECRET))) {
      const out = r.redact(`before ${text} after`);
      expect(out, form).toContain('[REDACTED]');
      for (const leaked of Object.values(encodings(SECRET))) expect(out, form).not.toContain(leaked);
    }
    // Text holding none of them is left as it is (the very same object).
    const clean = { a: 'some ordinary text with base64 aGVsbG8gd29ybGQ=', b: [1, 2] };
    expect(r.redact(clean)).toBe(clean);
  });

  it('redacts a token registered at run time (a capture) in its URL-encoded form', () => {
    const r = createRedactor();
    const token = 'tok/en+with=chars';
    r.add(token);
    const result = { checks: [{ name: 'url', actual: `http://127.0.0.1:9/next?token=${encodeURIComponent(token)}` }] };
    expect(JSON.stringify(r.redact(result))).not.toContain(encodeURIComponent(token));
  });
});

describe('redactor: passwords in URLs', () => {
  it('hides the password of a URL of any scheme even with no secret registered', () => {
    const r = createRedactor();
    const event = {
      error: 'connect ECONNREFUSED http://alice:hunter22@127.0.0.1:1/login',
      log: ['ws://bob:pa55@127.0.0.1:2/socket closed', 'redis://:r3dis-pw@cache:6379/0 refused'],
      body: '{"next":"https://carol:c%40rol-pw@example.test/x"}',
    };
    const out = JSON.stringify(r.redact(event));
    for (const pw of ['hunter22', 'pa55', 'r3dis-pw', 'c%40rol-pw']) expect(out).not.toContain(pw);
    expect(out).toContain('http://alice:[REDACTED]@127.0.0.1:1/login');
    expect(out).toContain('redis://:[REDACTED]@cache:6379/0');
  });

  it('registers a plan URL\'s password as a secret, so it is redacted alone and inside Basic auth', () => {
    const r = createRedactor();
    r.addUrlCredentials({ baseUrl: 'http://svc-user:Pa55%20word!@127.0.0.1:8080', other: ['no url here'] });
    const out = JSON.stringify(r.redact({
      echoed: 'password was Pa55 word!',
      header: `Basic ${b64('svc-user:Pa55 word!')}`,
    }));
    expect(out).not.toContain('Pa55 word!');
    expect(out).not.toContain(b64('svc-user:Pa55 word!'));
  });
});
