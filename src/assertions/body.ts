// `body`: the raw body text contains / does not contain a text, or matches a regex.
import type { HttpExpectSpec } from '../plan/types.js';
import { bodySnippet } from './preview.js';
import type { Assertion, AssertionCache, CheckInput } from './types.js';

export type BodyExpectation = NonNullable<HttpExpectSpec['body']>;
type BodyOps = Exclude<BodyExpectation, string>;

const operators = {
  contains: (body, want) => body.includes(want),
  notContains: (body, want) => !body.includes(want),
  matches: (body, want, cache) => cache.regex(want).test(body),
} satisfies Record<keyof BodyOps, (body: string, want: string, cache: AssertionCache) => boolean>;

const order = Object.keys(operators) as (keyof BodyOps)[];

export const bodyAssertion: Assertion<BodyExpectation> = (subject, expected, cache) => {
  const ops: BodyOps = typeof expected === 'string' ? { contains: expected } : expected;
  const checks: CheckInput[] = [];
  for (const op of order) {
    const want = ops[op];
    if (want === undefined) continue;
    const ok = operators[op](subject.body, want, cache);
    checks.push({ name: `body ${op}`, ok, expected: want, actual: bodySnippet(subject.body) });
  }
  return checks;
};
