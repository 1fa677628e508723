// JSONPath queries: a fast path for plain paths (`$.items[0].id`), jsonpath-plus for everything else.
import { JSONPath } from 'jsonpath-plus';
import { AitestError } from '../errors.js';
import type { CompiledPath, PathResult } from './types.js';

type Segment = string | number;

// `.name`, `[0]`, `['name']` or `["name"]`, one at a time. Anything else (wildcards, filters, slices,
// recursive descent, negative indices) goes to jsonpath-plus.
const SEGMENT = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^'\\]*)'\]|\["([^"\\]*)"\])/;

function parseSimple(path: string): Segment[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const segments: Segment[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const m = SEGMENT.exec(rest);
    if (!m) return undefined;
    segments.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3] ?? m[4]));
    rest = rest.slice(m[0].length);
  }
  return segments;
}

const hasOwn = Object.prototype.hasOwnProperty;

function walk(json: unknown, segments: Segment[]): PathResult {
  let cur = json;
  for (const seg of segments) {
    if (cur === null || typeof cur !== 'object') return { values: [], definite: true };
    if (typeof seg === 'number') {
      if (!Array.isArray(cur) || seg >= cur.length) return { values: [], definite: true };
      cur = cur[seg];
    } else {
      if (Array.isArray(cur) || !hasOwn.call(cur, seg)) return { values: [], definite: true };
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return { values: [cur], definite: true };
}

/** Compiles a JSONPath once; the result is reused for every response. */
export function compilePath(path: string): CompiledPath {
  const simple = parseSimple(path.trim());
  if (simple) return (json) => walk(json, simple);
  return (json) => {
    let values: unknown[];
    try {
      // `eval: 'safe'`: filter expressions run in jsonpath-plus's sandbox, never as JavaScript.
      values = JSONPath({ path, json: json as object, wrap: true, eval: 'safe' }) as unknown[];
    } catch (e) {
      throw new AitestError('PLAN_INVALID', `invalid JSONPath ${path}: ${(e as Error).message}`, {
        hint: 'Paths start with `$`, e.g. `$.items[0].id` or `$.items[*].name`.',
      });
    }
    return { values: values ?? [], definite: false };
  };
}

/** The value a path names: the single value for a definite path, the list of matches otherwise. */
export function pathValue(result: PathResult): unknown {
  return result.definite ? result.values[0] : result.values;
}
