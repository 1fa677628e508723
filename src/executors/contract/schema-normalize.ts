// An OpenAPI schema → a JSON Schema ajv compiles, as a copy (the document stays untouched):
// - cycles (swagger-parser makes recursive $refs into object cycles) become `$defs` + `$ref`;
// - 2.0/3.0 dialect: `nullable`/`x-nullable` → a `null` type, boolean `exclusiveMinimum` → numeric, `type: file` dropped;
// - `discriminator` with oneOf/anyOf → an if/then per mapped value, so a cat is checked as a Cat only, and a
//   missing or unknown discriminator value is one clear error instead of every branch's;
// - writeOnly properties are not required in a response;
// - annotations (`example`, `xml`, `x-…`) and `$id`/`$schema` (which would move $ref resolution) are dropped.
// Every copied node remembers its pointer in the document, so an error can name where its keyword is written.
import { isNode, type Node } from './doc-read.js';
import type { SchemaNode, SpecVersion } from './model.js';
import { childPointer, resolvePointer } from './pointer.js';

export interface NormalizeOptions {
  version: SpecVersion;
  /** Pointer of the schema root in the document (used until a named component takes over). */
  pointer: string;
  /** Named component schemas by identity: their pointers are preferred, being the ones a reader looks up. */
  names: ReadonlyMap<object, string>;
  document: unknown;
}

export interface Normalized {
  schema: unknown;
  /** Copied (and synthesized) schema nodes → pointer in the document. */
  pointers: WeakMap<object, string>;
}

const SINGLE = new Set(['additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'additionalItems', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema']);
const LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const MAP = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies']);
const DROPPED = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator', '$id', '$schema', '$anchor', '$dynamicAnchor', '$dynamicRef', 'nullable', 'x-nullable']);
// Made-up names for the recursion definitions, unlikely to meet a `$defs` entry of the document itself.
const DEF_PREFIX = 'aitest-recursive-';

export function toJsonSchema(root: SchemaNode, o: NormalizeOptions): Normalized {
  const pointers = new WeakMap<object, string>();
  const defs: Record<string, unknown> = {};
  const done = new Map<object, unknown>();
  const open = new Map<object, { id?: string }>();
  let ids = 0;
  const legacy = o.version !== '3.1';

  const convert = (node: unknown, at: string): unknown => {
    if (!isNode(node)) return node;
    const pointer = o.names.get(node) ?? at;
    const finished = done.get(node);
    if (finished !== undefined) return finished;
    const cycle = open.get(node);
    if (cycle) {
      cycle.id ??= `${DEF_PREFIX}${++ids}`;
      return { $ref: `#/$defs/${cycle.id}` };
    }
    const state: { id?: string } = {};
    open.set(node, state);
    const copy = transform(node, pointer);
    open.delete(node);
    let result: unknown = copy;
    if (state.id) {
      defs[state.id] = copy;
      result = { $ref: `#/$defs/${state.id}` };
    }
    done.set(node, result);
    return result;
  };

  const transform = (node: Node, pointer: string): Node => {
    let out: Node = {};
    for (const [k, v] of Object.entries(node)) {
      if (DROPPED.has(k) || k.startsWith('x-')) continue;
      if (SINGLE.has(k) || (k === 'items' && !Array.isArray(v))) out[k] = convert(v, childPointer(pointer, k));
      else if ((LIST.has(k) || k === 'items') && Array.isArray(v)) out[k] = v.map((s, i) => convert(s, childPointer(pointer, k, i)));
      else if (MAP.has(k) && isNode(v)) out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, Array.isArray(s) ? s : convert(s, childPointer(pointer, k, name))]));
      else out[k] = v;
    }
    pointers.set(out, pointer);
    if (legacy) legacyKeywords(out);
    dropWriteOnlyRequired(node, out);
    discriminate(node, out, pointer);
    if (legacy && (node.nullable === true || node['x-nullable'] === true)) out = nullable(out, pointer);
    return out;
  };

  /** 2.0/3.0 spellings that JSON Schema (draft-07) writes otherwise. */
  const legacyKeywords = (out: Node): void => {
    for (const [exclusive, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
      if (out[exclusive] === true && typeof out[bound] === 'number') {
        out[exclusive] = out[bound];
        delete out[bound];
      } else if (typeof out[exclusive] === 'boolean') delete out[exclusive];
    }
    if (out.type === 'file') delete out.type;
  };

  const nullable = (out: Node, pointer: string): Node => {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type)) out.type = out.type.includes('null') ? out.type : [...out.type, 'null'];
    else {
      // No type to widen (e.g. `allOf: [$ref]` + nullable): either the schema or null.
      const wrapper = { anyOf: [out, { type: 'null' }] };
      pointers.set(wrapper, pointer);
      return wrapper;
    }
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  };

  /** "readOnly/writeOnly: … required only in the request/response": a writeOnly property never comes back. */
  const dropWriteOnlyRequired = (node: Node, out: Node): void => {
    if (!Array.isArray(out.required) || !isNode(node.properties)) return;
    const props = node.properties;
    const kept = out.required.filter((name) => !(typeof name === 'string' && isNode(props[name]) && props[name].writeOnly === true));
    if (kept.length !== out.required.length) out.required = kept;
  };

  const discriminate = (node: Node, out: Node, pointer: string): void => {
    const d = node.discriminator;
    const key = Array.isArray(node.oneOf) ? 'oneOf' : Array.isArray(node.anyOf) ? 'anyOf' : undefined;
    if (!isNode(d) || typeof d.propertyName !== 'string' || !key) return;
    const branches = node[key] as unknown[];
    const values = branchValues(branches, d, o);
    if (!values) return;
    const prop = d.propertyName;
    const at = childPointer(pointer, 'discriminator');
    const selector = { required: [prop], properties: { [prop]: { enum: values.flat() } } };
    pointers.set(selector, at);
    pointers.set(selector.properties[prop]!, at);
    const converted = out[key] as unknown[];
    const cases = branches.map((_, i) => {
      const test = { required: [prop], properties: { [prop]: { enum: values[i] } } };
      pointers.set(test, at);
      const c = { if: test, then: converted[i] };
      pointers.set(c, at);
      return c;
    });
    delete out[key];
    out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), selector, ...cases];
  };

  const top = convert(root, o.pointer);
  if (Object.keys(defs).length === 0) return { schema: top, pointers };
  if (isNode(top) && top.$ref === undefined) {
    top.$defs = { ...(isNode(top.$defs) ? top.$defs : {}), ...defs };
    return { schema: top, pointers };
  }
  return { schema: { allOf: [top], $defs: defs }, pointers };
}

/**
 * The discriminator values of each branch: from `mapping` (a `#/…` ref or a bare schema name), else the
 * branch's component name. Undefined when some branch has none: the plain oneOf/anyOf is checked instead.
 */
function branchValues(branches: unknown[], d: Node, o: NormalizeOptions): string[][] | undefined {
  const values: string[][] = branches.map(() => []);
  const namesPrefix = o.version === '2.0' ? '#/definitions/' : '#/components/schemas/';
  if (isNode(d.mapping)) {
    for (const [value, ref] of Object.entries(d.mapping)) {
      if (typeof ref !== 'string') continue;
      const target = resolvePointer(o.document, ref.startsWith('#') ? ref : `${namesPrefix}${ref}`);
      const i = branches.indexOf(target);
      if (i !== -1) values[i]!.push(value);
    }
  }
  for (const [i, branch] of branches.entries()) {
    if (values[i]!.length > 0 || !isNode(branch)) continue;
    const name = o.names.get(branch)?.split('/').pop();
    if (name) values[i]!.push(name.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return values.every((v) => v.length > 0) ? values : undefined;
}
