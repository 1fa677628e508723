// TypeScript and JavaScript plans: imported at run time through tsx (no build step), located by searching the text.
import { pathToFileURL } from 'node:url';
import { AitestError, type SourceLocation } from '../errors.js';
import type { PlanPath } from './plan-path.js';
import type { PlanSource } from './plan-source.js';
import { lineStartsOf, positionOf } from './text-position.js';

/** Imports the plan module and returns its default export, with a locator over `text` (the file's source). */
export async function loadModulePlan(abs: string, text: string, file: string): Promise<PlanSource> {
  let mod: Record<string, unknown>;
  try {
    // Loaded here, not at the top: tsx costs tens of milliseconds and YAML plans never need it.
    const { tsImport } = await import('tsx/esm/api');
    mod = (await tsImport(pathToFileURL(abs).href, import.meta.url)) as Record<string, unknown>;
  } catch (e) {
    throw importError(e, file);
  }
  let raw = mod.default;
  // Outside a `"type": "module"` package, tsx compiles ESM syntax to CommonJS: the module's exports
  // (marked __esModule) arrive as the default, and the plan is their own `default`.
  if (isRecord(raw) && (raw as { __esModule?: unknown }).__esModule === true) raw = raw.default;
  if (raw === undefined) {
    throw new AitestError('PLAN_INVALID', `${file} has no default export.`, {
      hint: "End the plan with `export default defineConfig({ name, tests: [...] })`, importing defineConfig from 'aitest'.",
    });
  }
  return { raw, ...textLocator(text, raw, file) };
}

function importError(e: unknown, file: string): AitestError {
  const message = e instanceof Error ? e.message : String(e);
  // esbuild reports syntax errors as `/abs/plan.ts:3:10: ERROR: Expected "}" but found "]"`.
  const m = /:(\d+):(\d+): ERROR: (.+)/.exec(message);
  if (m) {
    const location = { file, line: Number(m[1]), column: Number(m[2]) + 1 };
    return new AitestError('PLAN_INVALID', `${file} does not compile: ${m[3]}`, { location, cause: e });
  }
  const first = message.split('\n')[0] ?? message;
  return new AitestError('PLAN_INVALID', `${file} failed to load: ${first}`, {
    cause: e,
    hint: 'The plan runs as a module when loaded: fix the error, or run it with `node` to see the full stack (--verbose shows it too).',
  });
}

// Best effort: a test is found by its `name: '…'` in the source; keys below it by searching forward.
function textLocator(text: string, raw: unknown, file: string): Omit<PlanSource, 'raw'> {
  const lineStarts = lineStartsOf(text);
  const at = (offset: number): SourceLocation => ({ file, ...positionOf(lineStarts, offset) });

  const testsKey = findKey(text, 'tests', 0, text.length);
  const testStarts: (number | undefined)[] = [];
  const tests = isRecord(raw) && Array.isArray(raw.tests) ? raw.tests : [];
  let cursor = testsKey ?? 0;
  for (const t of tests) {
    const name = isRecord(t) && typeof t.name === 'string' ? t.name : undefined;
    const hit = name === undefined ? undefined : findName(text, name, cursor);
    testStarts.push(hit);
    if (hit !== undefined) cursor = hit + 1;
  }
  const fallback = testsKey ?? 0;
  const testOffset = (i: number): number => testStarts[i] ?? fallback;

  return {
    locate(path: PlanPath) {
      if (path[0] === 'tests' && typeof path[1] === 'number') {
        const start = testOffset(path[1]);
        const end = testStarts.slice(path[1] + 1).find((o) => o !== undefined) ?? text.length;
        // The test's object opens before its `name`; search its keys from the opening brace.
        const open = text.lastIndexOf('{', start);
        return at(searchKeys(text, path.slice(2), open >= 0 && open >= fallback ? open : start, end) ?? start);
      }
      return at(searchKeys(text, path, 0, text.length) ?? 0);
    },
    testLocations(count) {
      return Array.from({ length: count }, (_, i) => {
        const { line, column } = at(testOffset(i));
        return { line, column };
      });
    },
  };
}

// Offset of the last key on `path` found in order between from and to (list indexes are skipped).
function searchKeys(text: string, path: PlanPath, from: number, to: number): number | undefined {
  let found: number | undefined;
  let cursor = from;
  for (const seg of path) {
    if (typeof seg === 'number') continue;
    const hit = findKey(text, seg, cursor, to);
    if (hit === undefined) break;
    found = hit;
    cursor = hit + 1;
  }
  return found;
}

function findKey(text: string, key: string, from: number, to: number): number | undefined {
  const re = new RegExp(`(?:^|[\\s{,])((?:${escape(key)}|'${escape(key)}'|"${escape(key)}")\\s*:)`, 'g');
  re.lastIndex = from;
  const m = re.exec(text);
  if (!m || m.index >= to) return undefined;
  return m.index + m[0].length - m[1]!.length;
}

function findName(text: string, name: string, from: number): number | undefined {
  const literal = escape(name);
  const re = new RegExp(`\\bname\\s*:\\s*(?:'${literal}'|"${literal}"|\`${literal}\`)`, 'g');
  re.lastIndex = from;
  return re.exec(text)?.index;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
