// Plain-words descriptions of schemas and values for messages: "a whole number from 100 to 599", "got a map".
import { sharedSchemas } from './validators/shared.js';

// JSON Schema as ajv hands it back: a plain object.
export type SchemaNode = Record<string, unknown>;

/** The schema a `$ref` names (a shared schema), or `schema` itself. */
export function resolve(schema: SchemaNode): SchemaNode {
  const target = typeof schema.$ref === 'string' ? sharedSchemas[schema.$ref] : undefined;
  return target ? { ...target, ...schema } : schema;
}

const quoted = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

/** What `schema` accepts, as a noun phrase: `a number`, `one of "GET", "POST"`, `text like "30s"`. */
export function describeSchema(ref: SchemaNode | undefined): string {
  if (!ref) return 'something else';
  const schema = resolve(ref);
  if (typeof schema.title === 'string') return schema.title;
  if ('const' in schema) return quoted(schema.const);
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(quoted).join(', ')}`;
  const branches = (schema.anyOf ?? schema.oneOf) as SchemaNode[] | undefined;
  if (Array.isArray(branches)) {
    if (branches.every((b) => 'const' in b)) return `one of ${branches.map((b) => quoted(b.const)).join(', ')}`;
    return joinOr([...new Set(branches.map(describeSchema))]);
  }
  switch (schema.type) {
    case 'integer':
      return `a whole number${range(schema)}`;
    case 'number':
      return `a number${range(schema)}`;
    case 'string': {
      const examples = schema.examples as unknown[] | undefined;
      if (typeof schema.pattern === 'string') return examples?.length ? `text like ${quoted(examples[0])}` : `text matching ${schema.pattern}`;
      return 'text';
    }
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'array': {
      const items = schema.items as SchemaNode | undefined;
      return items?.type === 'string' && !items.pattern ? 'a list of text' : 'a list';
    }
    case 'object':
      return 'a map (key: value)';
    default:
      return 'any value';
  }
}

/** A value as users see it in the plan: `"ok"`, `42`, `a list`, `a map`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  return String(v);
}

/** JSON type of a value in the words ajv uses for `type`. */
function jsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Whether `value` has a type `schema` allows (ignoring every other constraint). */
export function typeFits(ref: SchemaNode, value: unknown): boolean {
  const schema = resolve(ref);
  const t = jsonTypeOf(value);
  const types = schema.type === undefined ? undefined : ([] as unknown[]).concat(schema.type);
  if (types) return types.includes(t) || (t === 'integer' && types.includes('number'));
  const branches = (schema.anyOf ?? schema.oneOf) as SchemaNode[] | undefined;
  if (Array.isArray(branches)) return branches.some((b) => typeFits(b, value));
  if ('const' in schema) return jsonTypeOf(schema.const) === t;
  return true;
}

function range(s: SchemaNode): string {
  const min = s.minimum as number | undefined;
  const max = s.maximum as number | undefined;
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return min === 0 ? ' (0 or more)' : ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

function joinOr(items: string[]): string {
  if (items.length <= 1) return items[0] ?? 'something else';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
