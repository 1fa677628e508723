// `headers`: each named header (case-insensitive) equals a value exactly, or matches `/regex/`.
import { isSensitiveHeader, REDACTED } from '../util/sensitive.js';
import { isRegexLiteral } from './regex.js';
import type { Assertion, CheckInput } from './types.js';

export type HeadersExpectation = Record<string, string>;

export const headersAssertion: Assertion<HeadersExpectation> = (subject, expected, cache) => {
  const checks: CheckInput[] = [];
  for (const [rawName, want] of Object.entries(expected)) {
    const name = rawName.toLowerCase();
    const actual = subject.headers?.[name];
    const ok = actual !== undefined && (isRegexLiteral(want) ? cache.regex(want).test(actual) : actual === want);
    // Cookies and tokens in response headers are secrets too: the check says whether they matched, not what they were.
    const shown = actual !== undefined && isSensitiveHeader(name) ? REDACTED : actual;
    const check: CheckInput = { name: `header ${name}`, ok, expected: want, actual: shown };
    if (actual === undefined) check.message = `header ${name}: missing from the response`;
    checks.push(check);
  }
  return checks;
};
