// Bounds on a parsed plan's shape, checked before anything walks it recursively: how deep its maps and
// lists nest, and how far YAML aliases expand it (a 500-byte "billion laughs" plan is a billion values).
import { AitestError, type SourceLocation } from '../errors.js';
import { formatPath, type PlanPath } from './plan-path.js';
import { lineStartsOf, positionOf } from './text-position.js';

/** Levels of maps and lists a plan may nest (the plan itself is level 1). */
export const MAX_PLAN_DEPTH = 100;
/** Values aliases may add to a plan beyond as many as it has written out. */
const ALIAS_ALLOWANCE = 100_000;

export type PlanShape =
  | { ok: true }
  | { ok: false; kind: 'deep'; path: PlanPath }
  | { ok: false; kind: 'aliases'; written: number; expanded: number };

interface Frame {
  node: object;
  values: unknown[];
  i: number;
  /** Values in this node with every alias expanded (itself included). */
  size: number;
  /** Levels below it, itself included. */
  depth: number;
  /** Values written out in it, nested nodes not included: itself and its scalars. */
  own: number;
}

const isNode = (v: unknown): v is object => typeof v === 'object' && v !== null;
const valuesOf = (node: object): unknown[] => (Array.isArray(node) ? node : Object.values(node));
const frameOf = (node: object): Frame => ({ node, values: valuesOf(node), i: 0, size: 1, depth: 1, own: 1 });

/**
 * Walks `raw` once without recursion. With `aliases` (the text may have some: JSON.parse never shares),
 * an object met again is an alias: its expanded size is counted from memory, so a bomb costs the walk
 * what its text costs, not what it expands to.
 */
export function measurePlan(raw: unknown, aliases: boolean): PlanShape {
  if (!isNode(raw)) return { ok: true };
  const done = new Map<object, { size: number; depth: number }>();
  const open = new Set<object>();
  const stack: Frame[] = [];
  const push = (node: object): void => {
    stack.push(frameOf(node));
    if (aliases) open.add(node);
  };
  // Each open node's key in its parent is the one its parent read last.
  const pathOf = (): PlanPath => stack.map((f) => keyOf(f.node, f.i - 1));
  push(raw);
  let written = 0;
  let expanded = 0;
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.i < f.values.length) {
      const child = f.values[f.i++];
      if (!isNode(child)) {
        f.size++;
        f.own++;
        continue;
      }
      const seen = aliases ? done.get(child) : undefined;
      if (seen) {
        if (stack.length + seen.depth > MAX_PLAN_DEPTH) return { ok: false, kind: 'deep', path: pathOf() };
        f.size += seen.size;
        f.depth = Math.max(f.depth, seen.depth + 1);
        continue;
      }
      // A node inside itself expands without end.
      if (aliases && open.has(child)) return { ok: false, kind: 'aliases', written, expanded: Infinity };
      if (stack.length + 1 > MAX_PLAN_DEPTH) return { ok: false, kind: 'deep', path: pathOf() };
      push(child);
      continue;
    }
    stack.pop();
    written += f.own;
    if (aliases) {
      open.delete(f.node);
      done.set(f.node, { size: f.size, depth: f.depth });
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.size += f.size;
      parent.depth = Math.max(parent.depth, f.depth + 1);
    } else {
      expanded = f.size;
    }
  }
  return expanded > 2 * written + ALIAS_ALLOWANCE ? { ok: false, kind: 'aliases', written, expanded } : { ok: true };
}

function keyOf(node: object, index: number): string | number {
  return Array.isArray(node) ? index : Object.keys(node)[index]!;
}

/**
 * Where `text` first opens more than `limit` levels of `[` and `{` (JSON, or YAML's flow style), skipping
 * quoted strings and YAML comments; undefined when it never does.
 */
export function flowDepthOffset(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '\'' && (i === 0 || /[\s[{,:]/.test(text[i - 1]!))) {
      for (i++; i < text.length; i++) {
        if (text[i] === '\'' && text[i + 1] === '\'') i++;
        else if (text[i] === '\'') break;
      }
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '[' || c === '{') {
      if (++depth > limit) return i;
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

export function locationAt(text: string, offset: number, file: string): SourceLocation {
  return { file, ...positionOf(lineStartsOf(text), offset) };
}

const DEPTH_HINT = `A plan nests at most ${MAX_PLAN_DEPTH} levels of maps and lists, its JSON bodies and schemas included.`;

/** The plan nests deeper than MAX_PLAN_DEPTH; `path` (if known) is where it goes past it. */
export function tooDeep(file: string, location: SourceLocation | undefined, path?: PlanPath): AitestError {
  const shown = path ? formatPath(path.length > 8 ? [...path.slice(0, 4), '…', ...path.slice(-2)] : path) : '(plan)';
  return new AitestError('PLAN_INVALID', `${file} is not a valid plan: it nests too deeply.`, {
    issues: [{ path: shown, message: `nests more than ${MAX_PLAN_DEPTH} levels of maps and lists deep`, hint: DEPTH_HINT, ...(location ? { location } : {}) }],
  });
}

const ALIAS_HINT = 'Aliases (`*name`) may repeat a block a few times, not multiply it: write the repeated parts out, or reuse them with `<<: *defaults`.';

/** YAML aliases expand the plan past the bound; `location` is the first alias. */
export function aliasBomb(file: string, location: SourceLocation | undefined, expanded?: number): AitestError {
  const size = expanded === undefined ? '' : Number.isFinite(expanded) ? ` (${expanded.toExponential(1)} values)` : ' (without end)';
  return new AitestError('PLAN_INVALID', `${file} is not a valid plan: its aliases expand it too far.`, {
    issues: [{ path: '(yaml)', message: `aliases expand the plan far beyond what it writes out${size}`, hint: ALIAS_HINT, ...(location ? { location } : {}) }],
  });
}
