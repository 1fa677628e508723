// YAML plans: parse with positions kept, so every issue and every test points at its line and column.
import { createRequire } from 'node:module';
import type { Document } from 'yaml';
import { AitestError, type PlanIssue, type SourceLocation } from '../errors.js';
import { aliasBomb, flowDepthOffset, locationAt, MAX_PLAN_DEPTH, tooDeep } from './plan-bounds.js';
import type { PlanPath } from './plan-path.js';
import type { PlanSource } from './plan-source.js';

// The `yaml` package (~70 modules) loads on first use: the fast path needs it only to explain an error.
// Synchronous, because locating an issue is: `PlanSource.locate` is called while validation reports.
let yamlModule: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

export function parseYamlPlan(text: string, file: string): PlanSource {
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  // `merge` lets plans share blocks with `<<: *defaults`, which YAML users expect although 1.2 dropped it.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: true });
  const at = (offset: number): SourceLocation => {
    const p = lines.linePos(offset);
    return { file, line: Math.max(1, p.line), column: Math.max(1, p.col) };
  };
  // The parser reports running out of stack as an error of the document; say what it means.
  const overflow = doc.errors.find((e) => /call stack/i.test(e.message));
  if (overflow) throw tooDeep(file, deepestAt(text, file) ?? at(overflow.pos[0]));
  if (doc.errors.length > 0) {
    const issues: PlanIssue[] = doc.errors.map((e) => ({ path: '(yaml)', message: plainYamlMessage(e.message), location: at(e.pos[0]) }));
    throw new AitestError('PLAN_INVALID', `${file} is not valid YAML.`, {
      issues,
      hint: 'Check the indentation and quoting around the first line shown; values with `: ` or starting with `{`, `[`, `*` or `&` need quotes.',
    });
  }
  const locate = (path: PlanPath): SourceLocation => at(offsetOf(doc, path));
  let raw: unknown;
  try {
    // Bounded expansion: the yaml package counts the values aliases bring in and stops past the limit.
    raw = doc.toJS({ maxAliasCount: 10_000 }) as unknown;
  } catch (e) {
    if (e instanceof ReferenceError) throw aliasBomb(file, aliasAt(text, file));
    if (e instanceof RangeError) throw tooDeep(file, deepestAt(text, file));
    throw e;
  }
  return {
    raw,
    locate,
    testLocations(count) {
      return Array.from({ length: count }, (_, i) => {
        const { line, column } = locate(['tests', i]);
        return { line, column };
      });
    },
  };
}

/** Where the flow style goes past the depth bound, if that is where the plan nests too deeply. */
function deepestAt(text: string, file: string): SourceLocation | undefined {
  const offset = flowDepthOffset(text, MAX_PLAN_DEPTH);
  return offset === undefined ? undefined : locationAt(text, offset, file);
}

/**
 * Where aliases multiply the plan: the first alias of a node that holds aliases itself (each level of a
 * "billion laughs" multiplies the one below), else the first alias; undefined without any.
 */
export function aliasAt(text: string, file: string): SourceLocation | undefined {
  const { isAlias, isNode, parseDocument, visit } = yaml();
  let first: number | undefined;
  let nested: number | undefined;
  try {
    const doc = parseDocument(text, { merge: true });
    visit(doc, {
      Alias(_, alias) {
        first ??= alias.range?.[0];
        const target = alias.resolve(doc);
        let holdsAlias = false;
        if (isNode(target)) visit(target, { Alias: () => ((holdsAlias = true), visit.BREAK) });
        if (isAlias(target) || holdsAlias) {
          nested = alias.range?.[0];
          return visit.BREAK;
        }
        return undefined;
      },
    });
  } catch {
    // Only a location is lost.
  }
  const offset = nested ?? first;
  return offset === undefined ? undefined : locationAt(text, offset, file);
}

// Offset of the deepest node on `path` that exists: the key of a map entry, or the start of a list item.
function offsetOf(doc: Document, path: PlanPath): number {
  const { isAlias, isMap, isScalar, isSeq } = yaml();
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range?.[0];
}

// The yaml package's messages are written for YAML experts; keep them but drop the error-code prefix style.
function plainYamlMessage(message: string): string {
  return message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').trim();
}
