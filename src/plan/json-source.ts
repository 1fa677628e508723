// JSON plans (and YAML files written as JSON): a fast path for big generated plans.
// The yaml parser costs ~60 µs per test (0.6 s for 10,000); JSON.parse is ~50x faster. Precise issue
// locations come from the YAML parser, but only when there is an issue to locate.
import type { PlanSource } from './plan-source.js';
import { fastPathSource } from './fast-source.js';
import { flowDepthOffset, locationAt, MAX_PLAN_DEPTH, tooDeep } from './plan-bounds.js';
import { parseYamlPlan } from './yaml-source.js';

/** Whether `text` looks like a JSON document (an object), so the fast path applies. */
export function looksLikeJson(text: string): boolean {
  return /^\s*\{/.test(text);
}

/** Parses a JSON plan; falls back to the YAML parser (a JSON superset) for syntax errors and locations. */
export function parseJsonPlan(text: string, file: string): PlanSource {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // Too deep for the YAML parser's recursion: said at once, before it spends seconds finding out.
    const deep = flowDepthOffset(text, MAX_PLAN_DEPTH);
    if (deep !== undefined) throw tooDeep(file, locationAt(text, deep, file));
    // Not strict JSON (comments, trailing commas…): YAML reads it or reports where it breaks.
    return parseYamlPlan(text, file);
  }
  return fastPathSource(text, file, raw, () => testOffsets(text));
}

// Offsets of the items of the top-level "tests" array, found with a single pass over the text.
function testOffsets(text: string): number[] {
  const offsets: number[] = [];
  const stack: string[] = [];
  let rootKey: string | undefined;
  let testsDepth = -1;
  let expectItem = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (expectItem && stack.length === testsDepth && c !== ']') {
      offsets.push(i);
      expectItem = false;
    }
    if (c === '"') {
      const end = stringEnd(text, i);
      if (stack.length === 1) rootKey = text.slice(i + 1, end);
      i = end;
    } else if (c === '{' || c === '[') {
      stack.push(c);
      if (c === '[' && stack.length === 2 && rootKey === 'tests') {
        testsDepth = 2;
        expectItem = true;
      }
    } else if (c === '}' || c === ']') {
      if (stack.length === testsDepth) return offsets;
      stack.pop();
    } else if (c === ',' && stack.length === testsDepth) {
      expectItem = true;
    }
  }
  return offsets;
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length;
}
