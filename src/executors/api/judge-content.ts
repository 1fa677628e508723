// What an api or graphql step's `judge` looks at: the whole body, or the part a JSONPath picks (`on: $.reply`).
import { pathValue } from '../../assertions/json-path-query.js';
import { notJsonCheck } from '../../assertions/preview.js';
import type { AssertionCache, CheckInput } from '../../assertions/types.js';
import type { JudgeAssertionSpec } from '../../plan/types.js';

/** The text to judge, or the check that says why there is none. */
export function judgedText(assertion: JudgeAssertionSpec, response: { body: string; json: unknown }, cache: AssertionCache): { text: string } | { check: CheckInput } {
  if (assertion.on === undefined) return { text: response.body };
  if (response.json === undefined) return { check: notJsonCheck('judge', response.body) };
  const found = cache.path(assertion.on)(response.json);
  if (found.values.length === 0) return { check: { name: 'judge', ok: false, expected: `a value at ${assertion.on}`, message: `judge: nothing at ${assertion.on} to judge` } };
  const value = pathValue(found);
  return { text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) };
}
