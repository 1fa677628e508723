// Comparing JSON values: deep equality, deep partial match (with where it differs) and JSON type names.

export type JsonTypeName = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** The JSON type of a value; numbers are `number` (use `isJsonType` for `integer`). */
export function jsonTypeOf(v: unknown): JsonTypeName | 'undefined' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'object') return t;
  return 'undefined';
}

export function isJsonType(v: unknown, type: JsonTypeName): boolean {
  return type === 'integer' ? Number.isInteger(v) : jsonTypeOf(v) === type;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

export interface Mismatch {
  path: string;      // JSONPath of the place that differs, e.g. `$.items[0].id`
  expected: unknown;
  actual: unknown;   // undefined when missing
}

/**
 * Where `actual` fails to match `expected` partially: objects may carry extra keys; arrays must have the
 * same length and match element by element (as Jest's toMatchObject). Stops after `limit` mismatches.
 */
export function partialMismatches(expected: unknown, actual: unknown, limit = 10, path = '$', out: Mismatch[] = []): Mismatch[] {
  if (out.length >= limit) return out;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push({ path, expected, actual });
      return out;
    }
    expected.forEach((e, i) => partialMismatches(e, actual[i], limit, `${path}[${i}]`, out));
    return out;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) {
      out.push({ path, expected, actual });
      return out;
    }
    for (const [k, e] of Object.entries(expected)) partialMismatches(e, actual[k], limit, `${path}${keyPath(k)}`, out);
    return out;
  }
  if (!deepEqual(expected, actual)) out.push({ path, expected, actual });
  return out;
}

/** True when `actual` partially matches `expected` (see partialMismatches). */
export function partialMatches(expected: unknown, actual: unknown): boolean {
  return partialMismatches(expected, actual, 1).length === 0;
}

/**
 * `actual` cut down to the keys `expected` mentions, so a report's expected/actual pair is a readable diff
 * instead of the whole response.
 */
export function projectLike(expected: unknown, actual: unknown): unknown {
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(expected)) if (k in actual) out[k] = projectLike(expected[k], actual[k]);
    return out;
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    return actual.map((a, i) => projectLike(expected[i], a));
  }
  return actual;
}

function keyPath(k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
}
