// Validates response bodies and headers against the document's schemas: ajv (the assertions' own setup, in
// the document's dialect), each schema converted and compiled once, on first use, and problems worded with
// where they are in the body and where the failing keyword is written in the document.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv, describeSchemaError, type AjvCore } from '../../assertions/schema-compiler.js';
import { showValue } from '../../assertions/preview.js';
import type { Contract, SchemaNode } from './model.js';
import { childPointer } from './pointer.js';
import { toJsonSchema } from './schema-normalize.js';

export interface SchemaProblem {
  /** Where in the value: `/items/0/price`, `` for the root. */
  instancePath: string;
  /** Where the failing keyword is written: `#/components/schemas/Item/properties/price/type`. */
  schemaPointer: string;
  keyword: string;
  /** `/price must be number (expected number, got "24.50"; schema #/…/type)`. */
  text: string;
  expected?: unknown;
  actual?: unknown;
}

/** Problems of `value` against `schema` (a node of the document, at `pointer`); empty when it is valid. */
export type SchemaCheck = (schema: SchemaNode, value: unknown, pointer: string) => SchemaProblem[];

// OpenAPI's own formats, which ajv-formats does not know; the numeric ones are range checks.
const INT32 = 2 ** 31;
const OPENAPI_FORMATS: [string, { type: 'number' | 'string'; validate: (v: never) => boolean }][] = [
  ['int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32 }],
  ['int64', { type: 'number', validate: (n: number) => Number.isInteger(n) }],
  ['float', { type: 'number', validate: (n: number) => Number.isFinite(n) }],
  ['double', { type: 'number', validate: (n: number) => Number.isFinite(n) }],
  ['byte', { type: 'string', validate: (s: string) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0 }],
  ['binary', { type: 'string', validate: () => true }],
  ['password', { type: 'string', validate: () => true }],
];

type Compiled = { validate: ValidateFunction; pointers: WeakMap<object, string> } | { error: string };

const checkers = new WeakMap<Contract, SchemaCheck>();

/** The checker of a contract, made once: its compiled schemas live as long as the loaded document. */
export function schemaCheckFor(contract: Contract): SchemaCheck {
  let check = checkers.get(contract);
  if (!check) {
    check = createSchemaCheck(contract);
    checkers.set(contract, check);
  }
  return check;
}

export function createSchemaCheck(contract: Contract): SchemaCheck {
  let ajv: AjvCore | undefined;
  const compiled = new WeakMap<object, Compiled>();

  const compile = (schema: Record<string, unknown>, pointer: string): Compiled => {
    if (!ajv) {
      // quiet: vendor formats (`format: phone`) are common in real documents; they are not checked, not warned about.
      ajv = createAjv({ dialect: contract.dialect, verbose: true, quiet: true });
      for (const [name, format] of OPENAPI_FORMATS) ajv.addFormat(name, format as never);
    }
    const n = toJsonSchema(schema, { version: contract.version, pointer, names: contract.schemaPointers, document: contract.document });
    try {
      return { validate: ajv.compile(n.schema as object), pointers: n.pointers };
    } catch (e) {
      return { error: (e as Error).message };
    }
  };

  return (schema, value, pointer) => {
    if (schema === true) return [];
    if (schema === false) return [{ instancePath: '', schemaPointer: pointer, keyword: 'false', text: `(root) is not allowed: the schema at ${pointer} is \`false\`` }];
    let c = compiled.get(schema);
    if (!c) {
      c = compile(schema, pointer);
      compiled.set(schema, c);
    }
    if ('error' in c) return [{ instancePath: '', schemaPointer: pointer, keyword: 'schema', text: `the documented schema at ${pointer} is not a valid JSON Schema: ${c.error}` }];
    if (c.validate(value)) return [];
    const pointers = c.pointers;
    // An if/then failure repeats, less precisely, the errors of its `then`: those are reported instead.
    return (c.validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => problemOf(e, pointers, pointer));
  };
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return Number.isInteger(v) ? 'integer' : typeof v;
}

interface Expectation {
  expected: unknown;
  actual: unknown;
  /** `expected number, got string "24.50"` */
  words: string;
}

const said = (v: unknown): string => (typeof v === 'string' ? v : showValue(v));

/** Expected and actual for the keywords where they say more than ajv's message. */
function expectationOf(e: ErrorObject): Expectation | undefined {
  const p = e.params as Record<string, unknown>;
  const data: unknown = e.data;
  const make = (expected: unknown, actual: unknown, actualWords = showValue(actual)): Expectation => ({ expected, actual, words: `expected ${said(expected)}, got ${actualWords}` });
  switch (e.keyword) {
    case 'type': return make(p.type, data, `${jsonType(data)} ${showValue(data)}`);
    case 'required': return make(`property "${String(p.missingProperty)}"`, 'missing', 'nothing');
    case 'enum': return make(p.allowedValues, data);
    case 'const': return make(p.allowedValue, data);
    case 'format': return make(`format "${String(p.format)}"`, data);
    case 'pattern': return make(`pattern ${String(p.pattern)}`, data);
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return make(`${String(p.comparison)} ${String(p.limit)}`, data);
    case 'minLength': case 'maxLength': case 'minItems': case 'maxItems': case 'minProperties': case 'maxProperties': {
      const size = Array.isArray(data) || typeof data === 'string' ? data.length : isObject(data) ? Object.keys(data).length : data;
      return make(`${e.keyword.startsWith('min') ? '>=' : '<='} ${String(p.limit)}`, size, String(size));
    }
    case 'additionalProperties': return make('no other properties', `property "${String(p.additionalProperty)}"`, `property "${String(p.additionalProperty)}"`);
    default: return undefined;
  }
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

function problemOf(e: ErrorObject, pointers: WeakMap<object, string>, fallback: string): SchemaProblem {
  const node = e.parentSchema;
  const schemaPointer = childPointer((node && pointers.get(node)) ?? fallback, e.keyword);
  const x = expectationOf(e);
  const text = `${describeSchemaError(e)} (${x ? `${x.words}; ` : ''}schema ${schemaPointer})`;
  const problem: SchemaProblem = { instancePath: e.instancePath, schemaPointer, keyword: e.keyword, text };
  if (x) {
    problem.expected = x.expected;
    problem.actual = x.actual;
  }
  return problem;
}
