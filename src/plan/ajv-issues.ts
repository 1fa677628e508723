// Turning ajv's errors into plain-words plan issues: one issue per real problem, no union noise, no jargon.
import type { ErrorObject } from 'ajv';
import { describeSchema, describeValue, resolve, typeFits, type SchemaNode } from './describe-schema.js';
import { pointerToPath, type PlanPath } from './plan-path.js';
import { closestMatch, didYouMean } from './suggest.js';

export interface RawIssue {
  path: PlanPath;
  message: string;
  hint?: string;
}

/**
 * Issues for ajv errors (collected with allErrors and verbose) found validating `data`, whose own path
 * in the plan is `base`. A failed union (anyOf) says once what was expected, unless one branch clearly
 * fits the value's shape; then that branch's own, more precise problems are reported instead.
 */
export function issuesFromAjv(errors: readonly ErrorObject[], data: unknown, base: PlanPath): RawIssue[] {
  return reduce(errors).map((e) => toIssue(e, data, base)).filter((i): i is RawIssue => i !== undefined);
}

// ajv reports an error found through a `$ref` with a schema path inside the schema referred to, so which union an
// error belongs to comes from the order ajv reports in: a failed union's error follows those of its branches, which
// are all at or under its place in the data, branch after branch.
function reduce(errors: readonly ErrorObject[]): ErrorObject[] {
  const kept: ErrorObject[][] = [];
  let end = errors.length;
  while (end > 0) {
    const e = errors[end - 1]!;
    if (!isUnion(e)) {
      kept.push([e]);
      end -= 1;
      continue;
    }
    let start = end - 1;
    while (start > 0 && branchOf(e, errors[start - 1]!) !== undefined) start -= 1;
    const branch = bestBranch(e, errors.slice(start, end - 1));
    kept.push(branch ? reduce(branch) : [e]);
    end = start;
  }
  return kept.reverse().flat();
}

const isUnion = (e: ErrorObject): boolean => e.keyword === 'anyOf' || e.keyword === 'oneOf';

/**
 * Which branch of `union` produced `e`, or undefined if none did. An error of the branch's own schema is found by
 * the schema object ajv hands back; one found through a `$ref` by the deepest `$ref` of a branch on its data path.
 */
function branchOf(union: ErrorObject, e: ErrorObject, from = 0): number | undefined {
  const rel = relativePath(union.instancePath, e.instancePath);
  if (rel === undefined) return undefined;
  const branches = union.schema as SchemaNode[];
  let best: { index: number; depth: number } | undefined;
  for (let i = from; i < branches.length; i++) {
    if (nodesOf(branches[i]!).has(e.parentSchema as object)) return i;
    const depth = refDepth(branches[i], rel, 0);
    if (depth !== undefined && (!best || depth > best.depth)) best = { index: i, depth };
  }
  return best?.index;
}

function relativePath(base: string, path: string): string[] | undefined {
  if (path === base) return [];
  if (!path.startsWith(`${base}/`)) return undefined;
  return path.slice(base.length + 1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const nodeSets = new WeakMap<object, Set<object>>();
// Every schema object inside `schema`, up to the `$ref`s (whose targets are schemas of their own).
function nodesOf(schema: object): Set<object> {
  let set = nodeSets.get(schema);
  if (!set) {
    set = new Set();
    const walk = (n: unknown): void => {
      if (n === null || typeof n !== 'object' || set!.has(n)) return;
      set!.add(n);
      for (const v of Object.values(n)) walk(v);
    };
    walk(schema);
    nodeSets.set(schema, set);
  }
  return set;
}

// How many steps down `path` the deepest `$ref` in `schema` that could have validated the data there sits.
function refDepth(schema: SchemaNode | undefined, path: string[], depth: number): number | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  if (typeof schema.$ref === 'string') return depth;
  const found: (number | undefined)[] = [];
  for (const b of ((schema.anyOf ?? schema.oneOf ?? []) as SchemaNode[])) found.push(refDepth(b, path, depth));
  if (depth < path.length) {
    const key = path[depth]!;
    const props = schema.properties as Record<string, SchemaNode> | undefined;
    if (props && Object.hasOwn(props, key)) found.push(refDepth(props[key], path, depth + 1));
    for (const p of Object.values((schema.patternProperties ?? {}) as Record<string, SchemaNode>)) found.push(refDepth(p, path, depth + 1));
    if (typeof schema.additionalProperties === 'object') found.push(refDepth(schema.additionalProperties as SchemaNode, path, depth + 1));
    if (typeof schema.items === 'object' && /^\d+$/.test(key)) found.push(refDepth(schema.items as SchemaNode, path, depth + 1));
  }
  const depths = found.filter((d): d is number => d !== undefined);
  return depths.length ? Math.max(...depths) : undefined;
}

// The errors of the branch the user evidently meant, or undefined to report the union as a whole.
function bestBranch(union: ErrorObject, group: ErrorObject[]): ErrorObject[] | undefined {
  const byBranch = new Map<number, ErrorObject[]>();
  let last = 0;
  for (const e of group) {
    // Branches report in order, so an error belongs to the branch of the one before it or a later one.
    last = branchOf(union, e, last) ?? last;
    byBranch.set(last, [...(byBranch.get(last) ?? []), e]);
  }
  const schemas = (union.schema as SchemaNode[]).map(resolve);
  // One-key maps (ui steps such as `{ click: … }`): the key says which branch is meant.
  const keyed = oneKeyBranches(schemas);
  if (keyed && typeof union.data === 'object' && union.data !== null && !Array.isArray(union.data)) {
    const keys = Object.keys(union.data);
    const meant = keys.map((k) => keyed.get(k)).find((i) => i !== undefined);
    if (meant !== undefined) return byBranch.get(meant) ?? [];
    // No known key at all: name the unknown one and suggest the closest step.
    if (keys.length > 0) {
      const properties = Object.fromEntries([...keyed.keys()].map((k) => [k, {}]));
      return [{ ...union, keyword: 'additionalProperties', params: { additionalProperty: keys[0] }, parentSchema: { properties }, schemaPath: `${union.schemaPath}/keyed` }];
    }
  }
  // A branch whose problems are all deeper inside the value: the value's shape is right.
  const fitting = [...byBranch.values()].filter((errs) => errs.every((e) => e.instancePath !== union.instancePath));
  if (fitting.length > 0) return fitting.sort((a, b) => a.length - b.length)[0];
  // Only one branch is a map or list of the value's type: its keys are what need fixing.
  const containers = [...byBranch.keys()].filter((i) => {
    const s = schemas[i];
    return s !== undefined && (s.type === 'object' || s.type === 'array') && typeFits(s, union.data);
  });
  return containers.length === 1 ? byBranch.get(containers[0]!) : undefined;
}

/** For a union whose branches are all maps of exactly one required key: key → branch index. */
function oneKeyBranches(schemas: SchemaNode[]): Map<string, number> | undefined {
  if (!Array.isArray(schemas) || schemas.length < 2) return undefined;
  const keyed = new Map<string, number>();
  for (let i = 0; i < schemas.length; i++) {
    const props = Object.keys((schemas[i]?.properties as object | undefined) ?? {});
    const required = schemas[i]?.required as string[] | undefined;
    if (schemas[i]?.type !== 'object' || props.length !== 1 || required?.[0] !== props[0]) return undefined;
    keyed.set(props[0]!, i);
  }
  return keyed;
}

function toIssue(e: ErrorObject, data: unknown, base: PlanPath): RawIssue | undefined {
  const at = [...base, ...pointerToPath(e.instancePath, data)];
  const parent = e.parentSchema as SchemaNode | undefined;
  const params = e.params as Record<string, unknown>;
  const expected = (): RawIssue => {
    const issue: RawIssue = { path: at, message: `must be ${describeSchema(parent)}; got ${describeValue(e.data)}` };
    const choices = literalChoices(parent);
    const hint = typeof e.data === 'string' && choices ? didYouMean(e.data, choices) : undefined;
    if (hint) issue.hint = hint;
    return issue;
  };
  switch (e.keyword) {
    case 'additionalProperties':
      return unknownKey(at, String(params.additionalProperty), parent);
    case 'required': {
      const key = String(params.missingProperty);
      const prop = (parent?.properties as Record<string, SchemaNode> | undefined)?.[key];
      const issue: RawIssue = { path: [...at, key], message: 'is required but missing' };
      if (typeof prop?.description === 'string') issue.hint = `\`${key}\`: ${prop.description}`;
      return issue;
    }
    case 'minLength':
      return { path: at, message: params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters long` };
    case 'maxLength':
      return { path: at, message: `must be at most ${String(params.limit)} characters long` };
    case 'minItems':
      return { path: at, message: params.limit === 1 ? 'must not be an empty list' : `must list at least ${String(params.limit)} items` };
    case 'maxItems':
      return { path: at, message: `must list at most ${String(params.limit)} items` };
    case 'minProperties': {
      const keys = Object.keys((parent?.properties as object | undefined) ?? {});
      return { path: at, message: keys.length ? `needs at least one of: ${keys.map((k) => `\`${k}\``).join(', ')}` : 'must not be empty' };
    }
    case 'if':
    case 'not':
      return undefined;
    default:
      // type, const, enum, pattern, minimum, maximum, format, anyOf, …: say what fits here.
      return expected();
  }
}

function unknownKey(parentPath: PlanPath, key: string, parent: SchemaNode | undefined): RawIssue {
  const path = [...parentPath, key];
  const props = (parent?.properties ?? {}) as Record<string, SchemaNode>;
  const known = Object.keys(props);
  if (known.length === 0 && parent?.patternProperties) {
    const isVar = parentPath.length === 1 && parentPath[0] === 'vars';
    return isVar
      ? { path, message: `\`${key}\` is not a valid variable name`, hint: 'Use letters, digits and _, not starting with a digit (so `${{ vars.name }}` can refer to it).' }
      : { path, message: `key \`${key}\` is not allowed here` };
  }
  const issue: RawIssue = { path, message: `unknown key \`${key}\`` };
  const close = closestMatch(key, known);
  if (close) issue.hint = `did you mean \`${close}\`?`;
  else {
    const home = known.find((k) => hasProperty(props[k], key));
    issue.hint = home ? `\`${key}\` belongs inside \`${home}\`.` : `allowed here: ${known.map((k) => `\`${k}\``).join(', ')}`;
  }
  return issue;
}

// Whether `schema` (or one branch of it) is a map with a property `key`.
function hasProperty(ref: SchemaNode | undefined, key: string): boolean {
  const schema = ref && resolve(ref);
  if (!schema) return false;
  const props = schema.properties as Record<string, unknown> | undefined;
  if (props && Object.hasOwn(props, key)) return true;
  const branches = (schema.anyOf ?? schema.oneOf) as SchemaNode[] | undefined;
  return Array.isArray(branches) && branches.some((b) => hasProperty(b, key));
}

// For `"get"` against one of "GET", "POST"…: the allowed words, to suggest one.
function literalChoices(schema: SchemaNode | undefined): string[] | undefined {
  if (!schema) return undefined;
  if (Array.isArray(schema.enum)) return schema.enum.filter((v): v is string => typeof v === 'string');
  const branches = (schema.anyOf ?? schema.oneOf) as SchemaNode[] | undefined;
  if (Array.isArray(branches) && branches.every((b) => typeof b.const === 'string')) return branches.map((b) => b.const as string);
  return undefined;
}
