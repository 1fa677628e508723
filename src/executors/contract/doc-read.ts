// Small readers for document nodes shared by the 2.0 and 3.x model builders: a spec is third-party data,
// so every field is checked for its shape before it is used, and a wrong shape is skipped, not a crash.
import type { Example, SchemaNode } from './model.js';
import { childPointer } from './pointer.js';

export type Node = Record<string, unknown>;

export function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asSchema(v: unknown): SchemaNode | undefined {
  return isNode(v) || typeof v === 'boolean' ? v : undefined;
}

export function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** `application/JSON; charset=utf-8` → `application/json`. */
export function mediaTypeName(type: string): string {
  return type.split(';')[0]!.trim().toLowerCase();
}

/** The HTTP methods an OpenAPI path item may hold, in the order the spec lists them. */
const OPERATION_METHODS: ReadonlySet<string> = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** An operation of `doc.paths` as both spec versions lay it out: its path, method, object, path item and pointer. */
export interface RawOperation {
  path: string;
  method: string;
  op: Node;
  item: Node;
  pointer: string;
}

/** Every operation under `paths`, in document order; what each becomes is up to the version's model. */
export function rawOperations(doc: Node): RawOperation[] {
  const out: RawOperation[] = [];
  if (!isNode(doc.paths)) return out;
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isNode(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (OPERATION_METHODS.has(method) && isNode(op)) out.push({ path, method, op, item, pointer: childPointer('#/paths', path, method) });
    }
  }
  return out;
}

/** `example`, else the first of `examples` (a 3.x map of Example Objects with `value`). */
export function exampleOf(node: Node): Example | undefined {
  if (node.example !== undefined) return { value: node.example };
  if (isNode(node.examples)) {
    for (const ex of Object.values(node.examples)) if (isNode(ex) && ex.value !== undefined) return { value: ex.value };
  }
  return undefined;
}

/** The `security` requirements (op-level over document-level): each alternative as its scheme names. */
export function securityOf(own: unknown, inherited: unknown): string[][] {
  const list = Array.isArray(own) ? own : Array.isArray(inherited) ? inherited : [];
  return list.filter(isNode).map((req) => Object.keys(req));
}

/** Parameters of the path item, overridden by the operation's own with the same name and location. */
export function mergeParameters(pathLevel: unknown, opLevel: unknown): Node[] {
  const byKey = new Map<string, Node>();
  for (const list of [pathLevel, opLevel]) {
    if (!Array.isArray(list)) continue;
    for (const p of list) {
      if (!isNode(p) || typeof p.name !== 'string' || typeof p.in !== 'string') continue;
      // Header names are case-insensitive; the others are not.
      byKey.set(`${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`, p);
    }
  }
  return [...byKey.values()];
}

/** Named schemas of `section` (`components.schemas`, `definitions`) by identity → their pointer. */
export function indexSchemas(section: unknown, pointerPrefix: string, into: Map<object, string>): void {
  if (!isNode(section)) return;
  for (const [name, schema] of Object.entries(section)) {
    if (isNode(schema) && !into.has(schema)) into.set(schema, childPointer(pointerPrefix, name));
  }
}
