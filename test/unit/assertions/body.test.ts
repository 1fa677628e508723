import { describe, expect, it } from 'vitest';
import { bodyAssertion } from '../../../src/assertions/body.js';
import { createAssertionCache } from '../../../src/assertions/cache.js';
import { AitestError } from '../../../src/errors.js';
import { textSubject } from './subject.js';

const cache = createAssertionCache();
const res = textSubject('hello from the demo app\n');

describe('body assertion', () => {
  it('a plain string means contains', () => {
    expect(bodyAssertion(res, 'demo app', cache)).toEqual([{ name: 'body contains', ok: true, expected: 'demo app', actual: 'hello from the demo app\n' }]);
    expect(bodyAssertion(res, 'goodbye', cache)[0]).toMatchObject({ name: 'body contains', ok: false, expected: 'goodbye' });
  });

  it('notContains', () => {
    expect(bodyAssertion(res, { notContains: 'error' }, cache)[0].ok).toBe(true);
    expect(bodyAssertion(res, { notContains: 'hello' }, cache)[0]).toMatchObject({ name: 'body notContains', ok: false });
  });

  it('matches a regex', () => {
    expect(bodyAssertion(res, { matches: '/^HELLO/i' }, cache)[0].ok).toBe(true);
    expect(bodyAssertion(res, { matches: '^bye' }, cache)[0]).toMatchObject({ name: 'body matches', ok: false, expected: '^bye' });
  });

  it('long bodies are cut in the recorded actual', () => {
    const [c] = bodyAssertion(textSubject('a'.repeat(10_000)), 'b', cache);
    expect(String(c.actual).length).toBeLessThanOrEqual(201);
  });

  it('an invalid regex is a plan error, not a crash', () => {
    expect(() => bodyAssertion(res, { matches: '/(unclosed/' }, cache)).toThrow(AitestError);
    expect(() => bodyAssertion(res, { matches: '/(unclosed/' }, cache)).toThrow(/invalid regular expression/);
  });
});
