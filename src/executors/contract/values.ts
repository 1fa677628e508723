// A value for a schema when the document gives no example: the schema's own example/default/const/enum[0],
// else the smallest value that validates (required properties only, formats filled in, ranges respected).
// Deterministic on purpose: a contract run is reproducible, so a finding can be replayed as is.
import { createRequire } from 'node:module';
import type RandExpType from 'randexp';
import { isNode, type Node } from './doc-read.js';
import type { SchemaNode } from './model.js';

// Recursive schemas (a tree node holding its children) end here; a required cycle has no finite value anyway.
const MAX_DEPTH = 8;

// One fixed, valid value per common format.
const FORMAT_VALUES: Record<string, string> = {
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  time: '00:00:00Z',
  duration: 'P1D',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  'uri-reference': '/example',
  iri: 'https://example.com/',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '127.0.0.1',
  ipv6: '::1',
  byte: 'AA==',
  binary: 'file content',
  password: 'password',
  regex: '.*',
  'json-pointer': '/a',
};

// Tried in order against a `pattern` when no format applies, before asking a regex generator for one.
const PATTERN_CANDIDATES = ['string', 'a', 'A', '0', '1', 'aaa', 'abc123', 'ABC', '123', 'a-b', 'a_b', 'a.b', ''];

const require = createRequire(import.meta.url);
let RandExp: typeof RandExpType | undefined;

/**
 * A string `re` matches, built by randexp from the pattern itself (`^[A-Z]{3}-\\d{4}$` → `AAA-0000`).
 * Every choice takes its lowest option (fewest repeats, first alternative, first character of a class),
 * so the value is the same on every run. Undefined when the pattern uses what randexp cannot invert.
 */
function fromPattern(pattern: string, re: RegExp, minLength: number): string | undefined {
  // CommonJS, and needed only by specs whose patterns the candidates above do not satisfy.
  RandExp ??= require('randexp') as typeof RandExpType;
  for (const atLeast of minLength > 0 ? [0, minLength] : [0]) {
    try {
      const gen = new RandExp(pattern);
      // Repeats open-ended upwards (`+`, `*`, `{2,}`) stay short; a minLength is met by repeating more.
      gen.max = Math.max(atLeast, 1);
      gen.randInt = (lo: number, hi: number) => Math.min(hi, Math.max(lo, atLeast));
      const v = gen.gen();
      if (re.test(v) && v.length >= minLength) return v;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export type Purpose = 'request' | 'response';

/** A value for `schema`: for a request, readOnly properties are left out (the server sets them). */
export function valueFor(schema: SchemaNode | undefined, purpose: Purpose = 'request', depth = 0): unknown {
  if (schema === undefined || schema === true) return 'string';
  if (schema === false || depth > MAX_DEPTH) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  const s = flattenAllOf(schema);
  const alternatives = (Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : undefined)?.filter((b) => !isNullSchema(b));
  const own = typeOf(s) === undefined ? undefined : generate(s, purpose, depth);
  if (!alternatives || alternatives.length === 0) return own ?? 'string';
  // The first alternative, merged over what the schema itself says (properties beside a oneOf).
  const branch = valueFor(alternatives[0] as SchemaNode, purpose, depth + 1);
  return isNode(own) && isNode(branch) ? { ...own, ...branch } : (branch ?? own);
}

function isNullSchema(s: unknown): boolean {
  return isNode(s) && s.type === 'null';
}

/** allOf parts merged into one schema: properties united, required concatenated; for other keys the schema's own, then earlier parts, win. */
export function flattenAllOf(schema: Node, depth = 0): Node {
  if (!Array.isArray(schema.allOf) || depth > MAX_DEPTH) return schema;
  const { allOf, ...rest } = schema;
  let out: Node = { ...rest };
  for (const raw of allOf as unknown[]) {
    if (!isNode(raw)) continue;
    const part = flattenAllOf(raw, depth + 1);
    const properties = { ...(isNode(out.properties) ? out.properties : {}), ...(isNode(part.properties) ? part.properties : {}) };
    const required = [...(Array.isArray(out.required) ? out.required : []), ...(Array.isArray(part.required) ? part.required : [])];
    out = { ...part, ...out, properties, required: [...new Set(required)] };
  }
  return out;
}

/** The schema's type: the first non-null of a list, else what its keywords imply. */
export function typeOf(s: Node): string | undefined {
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return (s.type.find((t) => t !== 'null') ?? s.type[0]) as string | undefined;
  if (s.properties !== undefined || s.required !== undefined || s.additionalProperties !== undefined) return 'object';
  if (s.items !== undefined || s.prefixItems !== undefined) return 'array';
  if (s.format !== undefined || s.pattern !== undefined || s.minLength !== undefined || s.maxLength !== undefined) return 'string';
  if (s.minimum !== undefined || s.maximum !== undefined || s.multipleOf !== undefined) return 'number';
  return undefined;
}

function generate(s: Node, purpose: Purpose, depth: number): unknown {
  switch (typeOf(s)) {
    case 'object': return objectValue(s, purpose, depth);
    case 'array': return arrayValue(s, purpose, depth);
    case 'integer': return numberValue(s, true);
    case 'number': return numberValue(s, false);
    case 'boolean': return false;
    case 'null': return null;
    // Swagger 2.0 `type: file` (a formData upload).
    case 'file': return 'file content';
    default: return stringValue(s);
  }
}

function objectValue(s: Node, purpose: Purpose, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = isNode(s.properties) ? s.properties : {};
  for (const name of Array.isArray(s.required) ? s.required : []) {
    if (typeof name !== 'string') continue;
    const prop = properties[name] as SchemaNode | undefined;
    // readOnly: "SHOULD NOT be sent as part of the request"; writeOnly: never in a response.
    if (isNode(prop) && ((purpose === 'request' && prop.readOnly === true) || (purpose === 'response' && prop.writeOnly === true))) continue;
    const v = valueFor(prop, purpose, depth + 1);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function arrayValue(s: Node, purpose: Purpose, depth: number): unknown[] {
  const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined;
  if (tuple) return tuple.map((t) => valueFor(t as SchemaNode, purpose, depth + 1));
  // One item shows the item shape; fewer only when maxItems says so.
  const n = Math.max(typeof s.minItems === 'number' ? s.minItems : 0, Math.min(1, typeof s.maxItems === 'number' ? s.maxItems : 1));
  const item = valueFor(s.items as SchemaNode | undefined, purpose, depth + 1);
  return item === undefined ? [] : Array.from({ length: n }, () => item);
}

function numberValue(s: Node, integer: boolean): number {
  const step = typeof s.multipleOf === 'number' && s.multipleOf > 0 ? s.multipleOf : 1;
  // Both spellings: 2.0/3.0 `exclusiveMinimum: true` beside `minimum`, and 3.1's numeric `exclusiveMinimum`.
  const lo = typeof s.exclusiveMinimum === 'number' ? { at: s.exclusiveMinimum, open: true } : typeof s.minimum === 'number' ? { at: s.minimum, open: s.exclusiveMinimum === true } : undefined;
  const hi = typeof s.exclusiveMaximum === 'number' ? { at: s.exclusiveMaximum, open: true } : typeof s.maximum === 'number' ? { at: s.maximum, open: s.exclusiveMaximum === true } : undefined;
  // Unconstrained: 1 rather than 0, since ids, pages and counts commonly start at 1.
  let v = lo ? lo.at + (lo.open ? (integer ? 1 : step) : 0) : hi ? Math.min(1, hi.at - (hi.open ? step : 0)) : 1;
  if (step !== 1 || integer) v = Math.ceil(v / step) * step;
  if (integer) v = Math.ceil(v);
  if (hi && (v > hi.at || (hi.open && v >= hi.at))) v = lo ? (lo.at + hi.at) / 2 : hi.at - step;
  return integer ? Math.floor(v) : v;
}

function stringValue(s: Node): string {
  const format = typeof s.format === 'string' ? FORMAT_VALUES[s.format] : undefined;
  if (format !== undefined) return format;
  let v = 'string';
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  if (typeof s.pattern === 'string') {
    let re: RegExp | undefined;
    try {
      re = new RegExp(s.pattern, 'u');
    } catch {
      re = undefined;
    }
    const fits = (c: string): boolean => re!.test(c) && c.length >= min && c.length <= max;
    const found = re && (PATTERN_CANDIDATES.find(fits) ?? fromPattern(s.pattern, re, min));
    // Padding or cutting a value made for the pattern would break it.
    if (found !== undefined) return found;
  }
  if (v.length < min) v = v.padEnd(min, 'a');
  return v.length > max ? v.slice(0, max) : v;
}
