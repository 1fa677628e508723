// The checks of a GraphQL response: the shared assertions (status, headers, jsonPath, maxDuration) as api
// tests run them, plus what only GraphQL has: `errors`, `data` (deep partial) and `schema` over `data`.
import { partialMismatches, projectLike } from '../../assertions/json-compare.js';
import { notJsonCheck, previewValue, showValue } from '../../assertions/preview.js';
import { isRegexLiteral } from '../../assertions/regex.js';
import { assertions } from '../../assertions/registry.js';
import type { AssertionCache, CheckInput, ResponseSubject } from '../../assertions/types.js';
import type { GraphqlErrorsExpectationSpec, GraphqlExpectSpec } from '../../plan/types.js';

/** GraphQL over HTTP answers a well-formed request with 200, errors or not; anything else fails unless `status` says. */
const DEFAULT_STATUS = 200;
const SHOWN_MISMATCHES = 5;
const SHOWN_ERRORS = 3;

interface GraphqlError {
  message: string;
  /** `users.0.name`, when the error belongs to a field. */
  path?: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The response's `errors`, each reduced to its message (and path); [] when there are none. */
export function graphqlErrors(json: unknown): GraphqlError[] {
  const raw = isPlainObject(json) ? json.errors : undefined;
  if (raw === undefined || raw === null) return [];
  return (Array.isArray(raw) ? raw : [raw]).map((e) => {
    if (!isPlainObject(e)) return { message: typeof e === 'string' ? e : showValue(e) };
    const error: GraphqlError = { message: typeof e.message === 'string' ? e.message : showValue(e.message) };
    if (Array.isArray(e.path) && e.path.length > 0) error.path = e.path.join('.');
    return error;
  });
}

/** `"boom failed" (at boom); "…"` — the first few errors, for a failure message. */
function describeErrors(errors: GraphqlError[]): string {
  const shown = errors.slice(0, SHOWN_ERRORS).map((e) => `${JSON.stringify(e.message)}${e.path ? ` (at ${e.path})` : ''}`);
  if (errors.length > SHOWN_ERRORS) shown.push(`… ${errors.length - SHOWN_ERRORS} more`);
  return shown.join('; ');
}

function errorsChecks(expected: GraphqlErrorsExpectationSpec, errors: GraphqlError[], cache: AssertionCache): CheckInput[] {
  const messages = errors.map((e) => e.message);
  const count = errors.length;
  if (expected === 'none' || expected === 0) {
    if (count === 0) return [{ name: 'errors', ok: true, expected: 'none', actual: 'none' }];
    return [{ name: 'errors', ok: false, expected: 'none', actual: previewValue(messages), message: `errors: expected none, got ${count}: ${describeErrors(errors)}` }];
  }
  if (typeof expected === 'number') {
    const check: CheckInput = { name: 'errors', ok: count === expected, expected, actual: count };
    if (!check.ok) check.message = `errors: expected ${expected}, got ${count}${count > 0 ? `: ${describeErrors(errors)}` : ''}`;
    return [check];
  }
  const checks: CheckInput[] = [];
  if (expected.count !== undefined) {
    const check: CheckInput = { name: 'errors count', ok: count === expected.count, expected: expected.count, actual: count };
    if (!check.ok) check.message = `errors count: expected ${expected.count}, got ${count}${count > 0 ? `: ${describeErrors(errors)}` : ''}`;
    checks.push(check);
  }
  if (expected.message !== undefined) {
    const want = expected.message;
    const regex = isRegexLiteral(want) ? cache.regex(want) : undefined;
    const ok = messages.some((m) => (regex ? regex.test(m) : m.includes(want)));
    const check: CheckInput = { name: 'errors message', ok, expected: want, actual: count === 0 ? 'no errors' : previewValue(messages) };
    if (!ok) {
      const how = regex ? `matches ${want}` : `contains ${JSON.stringify(want)}`;
      check.message = `errors message: no error message ${how}; ${count === 0 ? 'the response has no errors' : `got ${describeErrors(errors)}`}`;
    }
    checks.push(check);
  }
  return checks;
}

/** `data` deep-partially matches, with the same rules (and engine) as an api test's `json`; paths read `$.data.…`. */
function dataCheck(expected: unknown, json: Record<string, unknown>, errors: GraphqlError[]): CheckInput {
  const data = json.data;
  const mismatches = partialMismatches(expected, data, SHOWN_MISMATCHES + 1, '$.data');
  if (mismatches.length === 0) return { name: 'data', ok: true, expected };
  const lines = mismatches.slice(0, SHOWN_MISMATCHES).map((m) => `${m.path}: expected ${showValue(m.expected)}, got ${showValue(m.actual)}`);
  if (mismatches.length > SHOWN_MISMATCHES) lines.push('…');
  // A missing or null field usually comes with the error that explains it.
  const why = errors.length > 0 ? ` — errors: ${describeErrors(errors)}` : '';
  return { name: 'data', ok: false, expected, actual: previewValue(data === undefined ? null : projectLike(expected, data)), message: `data does not match: ${lines.join('; ')}${why}` };
}

/** `schema` validates `data` (not the whole body, as in an api test). */
function dataSchemaCheck(schema: unknown, subject: ResponseSubject, json: Record<string, unknown>, cache: AssertionCache): CheckInput[] {
  if (json.data === undefined || json.data === null) {
    cache.schema(schema); // an invalid schema is still the plan error it is
    return [{ name: 'schema', ok: false, expected: 'data valid against the schema', actual: showValue(json.data ?? null), message: 'schema: the response has no data' }];
  }
  return assertions.schema({ body: subject.body, json: json.data }, schema, cache).map((c) => (c.ok ? c : { ...c, expected: 'data valid against the schema' }));
}

/**
 * Every check `expect` asks for, in report order (the order of the keys in the schema): status (200 unless
 * said), headers, errors (none unless said), data, jsonPath, schema, maxDuration. `expect` must already be resolved.
 */
export function evaluateGraphqlExpect(expect: GraphqlExpectSpec, response: ResponseSubject, cache: AssertionCache): CheckInput[] {
  const checks: CheckInput[] = [...assertions.status(response, expect.status ?? DEFAULT_STATUS, cache)];
  if (expect.headers !== undefined) checks.push(...assertions.headers(response, expect.headers, cache));
  // `errors: none` unless the test says otherwise, as status is 200 unless said: a GraphQL answer full of
  // errors comes with a 200, and a test that asked nothing about them must not pass on it.
  const expectedErrors = expect.errors ?? 'none';
  const json = response.json;
  // Not a GraphQL response at all (an HTML error page, a proxy's text): each GraphQL check says so.
  const notGraphql = (name: string): CheckInput => (json === undefined ? notJsonCheck(name, response.body) : notGraphqlCheck(name, json));
  const errors = isPlainObject(json) ? graphqlErrors(json) : [];
  checks.push(...(isPlainObject(json) ? errorsChecks(expectedErrors, errors, cache) : [notGraphql('errors')]));
  if (expect.data !== undefined) checks.push(isPlainObject(json) ? dataCheck(expect.data, json, errors) : notGraphql('data'));
  if (expect.jsonPath !== undefined) checks.push(...assertions.jsonPath(response, expect.jsonPath, cache));
  if (expect.schema !== undefined) checks.push(...(isPlainObject(json) ? dataSchemaCheck(expect.schema, response, json, cache) : [notGraphql('schema')]));
  if (expect.maxDuration !== undefined) checks.push(...assertions.maxDuration(response, expect.maxDuration, cache));
  return checks;
}

function notGraphqlCheck(name: string, json: unknown): CheckInput {
  return { name, ok: false, expected: 'a GraphQL response: a JSON object with `data` and/or `errors`', actual: previewValue(json), message: `${name}: the response is JSON but not a GraphQL response object` };
}
