// Loading plan files: which files (paths and globs), reading YAML or TypeScript, validating, failing with every issue.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AitestError } from '../errors.js';
import { looksLikeJson, parseJsonPlan } from './json-source.js';
import { aliasBomb, flowDepthOffset, locationAt, MAX_PLAN_DEPTH, measurePlan, tooDeep } from './plan-bounds.js';
import type { PlanSource } from './plan-source.js';
import type { LoadedPlan, PlanSpec } from './types.js';
import { validatePlan } from './validate.js';
import { parseYamlPlanFast } from './fast-yaml-source.js';
import { aliasAt } from './yaml-source.js';

const YAML_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const MODULE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

/**
 * Reads, parses and validates one plan. Throws AitestError: PLAN_NOT_FOUND when the file is missing,
 * PLAN_INVALID (with every issue, each at file:line:col) when it does not parse or validate.
 */
export async function loadPlan(file: string, cwd: string): Promise<LoadedPlan> {
  const abs = path.resolve(cwd, file);
  const rel = toPosix(path.relative(cwd, abs)) || toPosix(file);
  const ext = path.extname(abs).toLowerCase();
  if (!YAML_EXTENSIONS.has(ext) && !MODULE_EXTENSIONS.has(ext)) {
    throw new AitestError('PLAN_INVALID', `${rel}: a plan file must be YAML (.yaml, .yml) or TypeScript/JavaScript (.ts, .mts, .js, .mjs).`);
  }
  const text = await readPlanText(abs, rel);
  const dataOnly = YAML_EXTENSIONS.has(ext);
  let source: PlanSource;
  if (dataOnly) {
    source = looksLikeJson(text) ? parseJsonPlan(text, rel) : parseYamlPlanFast(text, rel);
    checkBounds(source, text, rel);
  } else {
    // Loaded on demand: only TypeScript plans pay for the runtime compiler.
    const { loadModulePlan } = await import('./ts-source.js');
    source = await loadModulePlan(abs, text, rel);
  }
  const issues = await validatePlan(source.raw, (p) => source.locate(p), { dataOnly });
  if (issues.length > 0) {
    throw new AitestError('PLAN_INVALID', `${rel} is not a valid plan: ${issues.length} problem${issues.length === 1 ? '' : 's'}.`, { issues });
  }
  const spec = source.raw as PlanSpec;
  const testLocations = source.testLocations(spec.tests.length);
  return { file: rel, spec, testLocations };
}

/**
 * A plan from text is bounded before it is validated or compiled (each walks it recursively, and an alias
 * bomb is a billion values to walk): at most MAX_PLAN_DEPTH levels, and aliases that add little.
 */
function checkBounds(source: PlanSource, text: string, file: string): void {
  // Without a `*` there is no alias to expand, and the walk need not remember what it saw.
  const shape = measurePlan(source.raw, text.includes('*'));
  if (shape.ok) return;
  if (shape.kind === 'aliases') throw aliasBomb(file, aliasAt(text, file), shape.expanded);
  const offset = flowDepthOffset(text, MAX_PLAN_DEPTH);
  let location = offset === undefined ? undefined : locationAt(text, offset, file);
  try {
    location ??= source.locate(shape.path.slice(0, MAX_PLAN_DEPTH));
  } catch {
    // Block-style nesting deeper than the position-keeping parser reads: the issue keeps its path only.
  }
  throw tooDeep(file, location, shape.path);
}

async function readPlanText(abs: string, rel: string): Promise<string> {
  try {
    return await readFile(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new AitestError('PLAN_NOT_FOUND', `Plan file not found: ${rel}`, { hint: 'Check the path (it is relative to the current directory), or create a plan with `aitest init`.' });
    }
    if (code === 'EISDIR') {
      throw new AitestError('PLAN_NOT_FOUND', `${rel} is a directory, not a plan file.`, { hint: `Pass the plan files, or a glob such as "${rel}/*.yaml".` });
    }
    throw new AitestError('PLAN_NOT_FOUND', `Plan file ${rel} can't be read: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Plan files for the positional arguments: plain paths as given, globs expanded (sorted). Every pattern
 * must match something, so a typo never silently runs fewer plans. Paths are relative to cwd, with `/`.
 */
export async function resolvePlanFiles(patterns: string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    const posix = toPosix(pattern);
    // tinyglobby (with picomatch and fdir) is loaded only for a pattern that may be a glob.
    const globs = mayBeGlob(posix) ? await import('tinyglobby') : undefined;
    if (!globs || !globs.isDynamicPattern(posix)) {
      const kind = await stat(path.resolve(cwd, pattern)).then((s) => (s.isDirectory() ? 'dir' : 'file'), () => undefined);
      if (kind === 'file') files.push(toPosix(path.relative(cwd, path.resolve(cwd, pattern))) || posix);
      else if (kind === 'dir') throw new AitestError('PLAN_NOT_FOUND', `${pattern} is a directory, not a plan file.`, { hint: `Pass the plan files, or a glob such as "${posix.replace(/\/$/, '')}/*.yaml".` });
      else throw new AitestError('PLAN_NOT_FOUND', `Plan file not found: ${pattern}`, { hint: notFoundHint(pattern) });
      continue;
    }
    const matched = await globs.glob(posix, { cwd, onlyFiles: true, expandDirectories: false, ignore: ['**/node_modules/**'] });
    if (matched.length === 0) {
      throw new AitestError('PLAN_NOT_FOUND', `No plan file matches ${pattern}`, { hint: 'Check the pattern (relative to the current directory); quote it so your shell does not expand it first.' });
    }
    files.push(...matched.sort());
  }
  return [...new Set(files)];
}

// Without any of these characters picomatch sees no glob and no negation, so the path is taken as written.
const GLOB_CHARS = /[*?[\]{}()!+@|\\]/;

function mayBeGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

function notFoundHint(pattern: string): string {
  return pattern === 'aitest.yaml'
    ? 'Create one with `aitest init`, or pass a plan file: `aitest run path/to/plan.yaml`.'
    : 'Check the path (it is relative to the current directory), or create a plan with `aitest init`.';
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
