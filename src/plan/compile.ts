// Compiling a loaded plan into TestCases: defaults applied, stable ids, locations, skip reasons.
import { parseDuration } from './duration.js';
import { stableId } from './hash.js';
import type { LoadedPlan, TestCase } from './types.js';

const DEFAULT_TIMEOUT_MS = 30_000;

export interface CompileOptions {
  /** Timeout of tests that set none, in the test or in `defaults` (default 30s). */
  defaultTimeoutMs?: number;
}

/**
 * One TestCase per test, in plan order. Templates stay unresolved and `vars` stay as written, so secrets
 * are read on the machine that runs the test. A TypeScript plan's `check` functions stay in `spec`: such
 * cases run in this process only.
 */
export function compilePlan(plan: LoadedPlan, opts: CompileOptions = {}): TestCase[] {
  const { spec, file } = plan;
  const defaults = spec.defaults ?? {};
  const timeoutMs = defaults.timeout === undefined ? (opts.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS) : parseDuration(defaults.timeout);
  const headers = defaults.headers ?? {};
  const vars = spec.vars ?? {};
  return spec.tests.map((test, i) => {
    const at = plan.testLocations[i] ?? { line: 1, column: 1 };
    const tc: TestCase = {
      id: stableId(file, test.name),
      plan: spec.name,
      file,
      name: test.name,
      type: test.type,
      location: { file, line: at.line, column: at.column },
      spec: test,
      timeoutMs: test.timeout === undefined ? timeoutMs : parseDuration(test.timeout),
      retries: test.retries ?? defaults.retries ?? 0,
      tags: test.tags ?? [],
      headers,
      vars,
    };
    if (test.skip === true || typeof test.skip === 'string') tc.skip = typeof test.skip === 'string' && test.skip.trim() !== '' ? test.skip : 'skipped in plan';
    if (test.only) tc.only = true;
    if (spec.baseUrl !== undefined) tc.baseUrl = spec.baseUrl;
    return tc;
  });
}
