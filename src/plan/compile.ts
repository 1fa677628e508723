// Compiling a loaded plan into TestCases: defaults applied, stable ids, locations, skip reasons.
import { parseDuration } from './duration.js';
import { stableId } from './hash.js';
import { browserTestTypes } from './test-types.js';
import type { BrowserOptionsSpec, DeviceSpec, LoadedPlan, LoadTestSpec, PlanSpec, TestCase } from './types.js';

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
  const projects = projectsOf(spec);
  return spec.tests.flatMap((test, i) => {
    const at = plan.testLocations[i] ?? { line: 1, column: 1 };
    const tc: TestCase = {
      id: stableId(file, test.name),
      plan: spec.name,
      file,
      name: test.name,
      type: test.type,
      location: { file, line: at.line, column: at.column },
      spec: test,
      timeoutMs: test.timeout === undefined ? (test.type === 'load' ? loadTimeoutMs(test, timeoutMs) : timeoutMs) : parseDuration(test.timeout),
      retries: test.retries ?? defaults.retries ?? 0,
      tags: test.tags ?? [],
      headers,
      vars,
    };
    if (test.skip === true || typeof test.skip === 'string') tc.skip = typeof test.skip === 'string' && test.skip.trim() !== '' ? test.skip : 'skipped in plan';
    if (test.only) tc.only = true;
    if (spec.baseUrl !== undefined) tc.baseUrl = spec.baseUrl;
    if (spec.judge !== undefined) tc.judge = spec.judge;
    if (!browserTestTypes.has(test.type)) return [tc];
    const { browser: own, baseUrl } = test as { browser?: BrowserOptionsSpec; baseUrl?: string };
    if (baseUrl !== undefined) tc.baseUrl = baseUrl;
    const options = spec.browser || own ? { ...spec.browser, ...own } : undefined;
    return projects.map((p) => {
      const copy: TestCase = { ...tc };
      if (options) copy.browserOptions = options;
      if (p.label !== undefined) {
        // One result per project: its own id, so history, retries and --last-failed keep them apart.
        copy.id = stableId(file, test.name, p.label);
        copy.project = p.device === undefined ? { browser: p.browser } : { browser: p.browser, device: p.device };
        if (p.custom) copy.customDevice = p.custom;
      }
      return copy;
    });
  });
}

interface Project {
  browser: string;
  device?: string;
  custom?: Exclude<DeviceSpec, string>;
  /** undefined when the plan names no browsers or devices: results then carry no project. */
  label?: string;
}

/**
 * A load test runs for as long as its model says: without a `timeout` of its own it gets its planned
 * length (duration or stages) plus its graceful stop plus the usual test timeout, so `defaults.timeout`
 * meant for single requests never cuts a 5-minute load short.
 */
function loadTimeoutMs(test: LoadTestSpec, usual: number): number {
  const planned = test.stages ? test.stages.reduce((sum, s) => sum + parseDuration(s.duration), 0) : test.duration === undefined ? 0 : parseDuration(test.duration);
  const graceful = test.gracefulStop === undefined ? 5000 : parseDuration(test.gracefulStop);
  // Iterations alone have no planned length: they get an hour, which the test's own `timeout` can shorten.
  return planned === 0 && test.iterations !== undefined ? 3_600_000 : planned + graceful + usual;
}

/** The plan's browsers × devices, in plan order. */
function projectsOf(spec: Pick<PlanSpec, 'browsers' | 'devices'>): Project[] {
  if (spec.browsers === undefined && spec.devices === undefined) return [{ browser: 'chromium' }];
  const out: Project[] = [];
  for (const browser of spec.browsers ?? ['chromium']) {
    for (const d of spec.devices ?? [undefined]) {
      const device = d === undefined ? undefined : typeof d === 'string' ? d : d.name;
      const p: Project = { browser, label: device === undefined ? browser : `${browser} / ${device}` };
      if (device !== undefined) p.device = device;
      if (d !== undefined && typeof d !== 'string') p.custom = d;
      out.push(p);
    }
  }
  return out;
}
