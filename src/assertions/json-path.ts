// `jsonPath`: assertions on the value(s) a JSONPath selects — equals, contains, matches, exists, type, length, gt/lt.
import type { JsonPathAssertionSpec } from '../plan/types.js';
import { deepEqual, isJsonType, jsonTypeOf, partialMatches, type JsonTypeName } from './json-compare.js';
import { pathValue } from './json-path-query.js';
import { notJsonCheck, previewValue } from './preview.js';
import type { Assertion, AssertionCache, CheckInput } from './types.js';

export type JsonPathExpectation = Record<string, JsonPathAssertionSpec>;

interface Outcome {
  ok: boolean;
  actual: unknown;
  expected?: unknown;   // when the expectation reads better rewritten (`> 5`)
}

type Operator<W> = (value: unknown, want: W, cache: AssertionCache) => Outcome;

const lengthOf = (v: unknown): number | undefined => (typeof v === 'string' || Array.isArray(v) ? v.length : undefined);

const compare = (symbol: string, holds: (a: number, b: number) => boolean): Operator<number> =>
  (value, want) => ({ ok: typeof value === 'number' && holds(value, want), actual: value, expected: `${symbol} ${want}` });

// `exists` is handled before these: every operator here needs a value to look at.
const operators = {
  // The schema limits `type` to JSON type names.
  type: (value, want: string) => ({
    ok: isJsonType(value, want as JsonTypeName),
    actual: want === 'integer' && Number.isInteger(value) ? 'integer' : jsonTypeOf(value),
  }),
  equals: (value, want: unknown) => ({ ok: deepEqual(value, want), actual: value }),
  notEquals: (value, want: unknown) => ({ ok: !deepEqual(value, want), actual: value, expected: { not: want } }),
  contains: (value, want: unknown) => ({
    ok: typeof value === 'string' ? value.includes(String(want)) : Array.isArray(value) && value.some((el) => partialMatches(want, el)),
    actual: value,
  }),
  matches: (value, want: string, cache) => ({
    ok: (typeof value === 'string' || typeof value === 'number') && cache.regex(want).test(String(value)),
    actual: value,
  }),
  length: (value, want: number) => ({ ok: lengthOf(value) === want, actual: lengthOf(value) ?? `${jsonTypeOf(value)} (no length)` }),
  gt: compare('>', (a, b) => a > b),
  gte: compare('>=', (a, b) => a >= b),
  lt: compare('<', (a, b) => a < b),
  lte: compare('<=', (a, b) => a <= b),
} satisfies { [K in Exclude<keyof JsonPathAssertionSpec, 'exists'>]-?: Operator<NonNullable<JsonPathAssertionSpec[K]>> };

type OperatorName = keyof typeof operators;
const order = Object.keys(operators) as OperatorName[];

export const jsonPathAssertion: Assertion<JsonPathExpectation> = (subject, expected, cache) => {
  const json = subject.json;
  if (json === undefined) return [notJsonCheck('jsonPath', subject.body)];
  const checks: CheckInput[] = [];
  for (const [path, spec] of Object.entries(expected)) {
    const result = cache.path(path)(json);
    const found = result.values.length > 0;
    const value = pathValue(result);
    if (spec.exists !== undefined) {
      checks.push({ name: `jsonPath ${path} exists`, ok: found === spec.exists, expected: spec.exists, actual: found });
    }
    for (const op of order) {
      const want = spec[op];
      if (want === undefined) continue;
      const name = `jsonPath ${path} ${op}`;
      if (!found) {
        checks.push({ name, ok: false, expected: want, message: `${name}: nothing at ${path}` });
        continue;
      }
      const out = (operators[op] as Operator<unknown>)(value, want, cache);
      checks.push({ name, ok: out.ok, expected: out.expected ?? want, actual: previewValue(out.actual) });
    }
  }
  return checks;
};
