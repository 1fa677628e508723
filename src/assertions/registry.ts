// The assertion registry: one line per `expect` key, and evaluateExpect running them in a stable order.
import type { HttpExpectSpec } from '../plan/types.js';
import { bodyAssertion } from './body.js';
import { headersAssertion } from './headers.js';
import { jsonMatchAssertion } from './json-match.js';
import { jsonPathAssertion } from './json-path.js';
import { jsonSchemaAssertion } from './json-schema.js';
import { maxDurationAssertion } from './max-duration.js';
import { statusAssertion } from './status.js';
import type { Assertion, AssertionCache, CheckInput, ResponseSubject } from './types.js';

/** Registry order is report order: cheap, telling checks (status) first. */
export const assertions = {
  status: statusAssertion,
  headers: headersAssertion,
  json: jsonMatchAssertion,
  jsonPath: jsonPathAssertion,
  schema: jsonSchemaAssertion,
  body: bodyAssertion,
  maxDuration: maxDurationAssertion,
  // `openapi` (and a `schema` that is a $ref into a document) load a document, and `judge` asks a model:
  // the api exchange runs them, asynchronously.
} satisfies { [K in Exclude<keyof HttpExpectSpec, 'openapi' | 'judge'>]-?: Assertion<NonNullable<HttpExpectSpec[K]>> };

type AssertionName = keyof typeof assertions;
const order = Object.keys(assertions) as AssertionName[];

/** Runs every assertion `expect` names against the subject; one or more checks each, in registry order. */
export function evaluateExpect(expect: HttpExpectSpec, subject: ResponseSubject, cache: AssertionCache): CheckInput[] {
  const checks: CheckInput[] = [];
  for (const name of order) {
    const expected = expect[name];
    if (expected === undefined) continue;
    for (const c of (assertions[name] as Assertion<unknown>)(subject, expected, cache)) checks.push(c);
  }
  return checks;
}
