// `status`: an exact code, a class such as `2xx`, or a list of either.
import type { HttpExpectSpec } from '../plan/types.js';
import { bodySnippet } from './preview.js';
import type { Assertion } from './types.js';

export type StatusExpectation = NonNullable<HttpExpectSpec['status']>;

function statusMatches(one: number | string, status: number): boolean {
  // `2xx` → 200..299; the schema guarantees the `Nxx` form.
  return typeof one === 'number' ? one === status : Math.floor(status / 100) === Number(one[0]);
}

export const statusAssertion: Assertion<StatusExpectation> = (subject, expected) => {
  const status = subject.status;
  const ok = status !== undefined && (Array.isArray(expected) ? expected.some((e) => statusMatches(e, status)) : statusMatches(expected, status));
  if (ok) return [{ name: 'status', ok, expected, actual: status }];
  const want = Array.isArray(expected) ? `one of ${expected.join(', ')}` : String(expected);
  // The body usually says why (a validation error, a stack trace), so the message carries its start.
  return [{ name: 'status', ok, expected, actual: status, message: `status: expected ${want}, got ${status ?? 'no status'} — body: ${bodySnippet(subject.body)}` }];
};
