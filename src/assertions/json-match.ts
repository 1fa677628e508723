// `json`: the JSON body deep-partially matches the expected value (objects may have extra keys).
import { partialMismatches, projectLike } from './json-compare.js';
import { notJsonCheck, previewValue, showValue } from './preview.js';
import type { Assertion } from './types.js';

const SHOWN_MISMATCHES = 5;

export const jsonMatchAssertion: Assertion<unknown> = (subject, expected) => {
  const json = subject.json;
  if (json === undefined) return [notJsonCheck('json', subject.body)];
  const mismatches = partialMismatches(expected, json, SHOWN_MISMATCHES + 1);
  if (mismatches.length === 0) return [{ name: 'json', ok: true, expected }];
  const lines = mismatches.slice(0, SHOWN_MISMATCHES).map((m) => `${m.path}: expected ${showValue(m.expected)}, got ${showValue(m.actual)}`);
  if (mismatches.length > SHOWN_MISMATCHES) lines.push('…');
  return [{ name: 'json', ok: false, expected, actual: previewValue(projectLike(expected, json)), message: `json does not match: ${lines.join('; ')}` }];
};
