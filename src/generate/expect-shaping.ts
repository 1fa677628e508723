// What a generated api test expects and sends, shaped to read well in a plan and pass run after run:
// plain data, formats ajv knows, jsonPath checks for schemas too large to write out, fresh emails.
import { isNode, type Node } from '../executors/contract/doc-read.js';
import { flattenAllOf, typeOf } from '../executors/contract/values.js';

// The formats the api assertions' ajv knows (ajv-formats, which covers OpenAPI's own too); others are dropped
// from expect.schema so a custom format does not make ajv warn on every run.
const KNOWN_FORMATS = new Set([
  'date', 'time', 'date-time', 'iso-time', 'iso-date-time', 'duration', 'uri', 'uri-reference', 'uri-template', 'url', 'email', 'hostname',
  'ipv4', 'ipv6', 'regex', 'uuid', 'json-pointer', 'json-pointer-uri-fragment', 'relative-json-pointer', 'byte', 'int32', 'int64', 'float',
  'double', 'password', 'binary',
]);

/** Plain data: no `undefined`, no shared or cyclic objects (YAML would write anchors and aliases). */
export function plain<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function stripUnknownFormats(v: unknown): void {
  if (Array.isArray(v)) {
    for (const x of v) stripUnknownFormats(x);
    return;
  }
  if (!isNode(v)) return;
  if (typeof v.format === 'string' && !KNOWN_FORMATS.has(v.format) && (v.type === 'string' || v.type === 'number' || v.type === 'integer' || Array.isArray(v.type) || v.type === undefined)) delete v.format;
  for (const x of Object.values(v)) stripUnknownFormats(x);
}

/** `$.name` or `$['odd name']`. */
function jsonPathOf(prop: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(prop) ? `$.${prop}` : `$['${prop.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** A few `jsonPath` checks standing in for a schema too large to read in a plan: the root type and its required properties. */
export function jsonPathChecks(schema: Node): Record<string, unknown> {
  const s = flattenAllOf(schema);
  const out: Record<string, unknown> = {};
  const type = typeOf(s);
  if (type === 'object' || type === 'array') out.$ = { type };
  if (type === 'object' && Array.isArray(s.required)) {
    const props = isNode(s.properties) ? s.properties : {};
    for (const name of s.required) {
      if (typeof name !== 'string' || (isNode(props[name]) && props[name].writeOnly === true)) continue;
      out[jsonPathOf(name)] = { exists: true };
    }
  }
  return out;
}

/** Email fields of a create request made unique per run: the example's address would be taken (409) by the second run. */
export function freshEmails(value: unknown, schema: unknown, depth = 0): { value: unknown; changed: boolean } {
  if (depth > 8 || !isNode(schema)) return { value, changed: false };
  const s = flattenAllOf(schema);
  if (typeof value === 'string' && (s.format === 'email' || s.format === 'idn-email')) return { value: '${{ faker.internet.email }}', changed: true };
  if (Array.isArray(value) && isNode(s.items)) {
    let changed = false;
    const out = value.map((x) => { const r = freshEmails(x, s.items, depth + 1); changed ||= r.changed; return r.value; });
    return { value: out, changed };
  }
  if (isNode(value) && isNode(s.properties)) {
    let changed = false;
    const out: Node = {};
    for (const [k, x] of Object.entries(value)) {
      const r = freshEmails(x, s.properties[k], depth + 1);
      changed ||= r.changed;
      out[k] = r.value;
    }
    return { value: out, changed };
  }
  return { value, changed: false };
}

