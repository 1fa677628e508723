// What the live view shows, folded from RunEvents: pure, so it is tested without a terminal, and cheap per
// event, so a burst of thousands of events costs little before the next frame. FinishedTest is also a row
// of the history browser.
import { isFailedCheck, isFailing } from '../events/counts.js';
import type { CheckResult, RunEvent, TestRef, TestResult } from '../events/types.js';

export interface RunningTest {
  key: string;
  name: string;
  type: string;
  project?: string;
  startedAt: number;
  step?: string;
}

export interface FinishedTest {
  key: string;
  name: string;
  type: string;
  project?: string;
  status: string;
  durationMs: number;
  error?: string;
  checks: CheckResult[];
  artifacts: string[];
  /** file:line of the test in its plan. */
  where?: string;
  metrics?: { name: string; value: number; unit: string }[];
}

export interface LoadPanel {
  name: string;
  rps: number[];
  p95: number[];
  errors: number;
  vus: number;
  /** Each threshold as last measured: red or green while the test runs. */
  thresholds: { name: string; ok: boolean }[];
}

export interface Verdict {
  test: string;
  score?: number;
  ok: boolean;
  skipped?: string;
  reasoning?: string;
}

export interface DashboardState {
  plans: string[];
  baseUrl?: string;
  startedAt: number;
  total: number;
  done: number;
  counts: { passed: number; failed: number; flaky: number; skipped: number; errors: number };
  byType: Map<string, { total: number; done: number }>;
  running: Map<string, RunningTest>;
  load?: LoadPanel;
  verdicts: Verdict[];
  judgeTokens: number;
  /** USD, when the provider's prices are known. */
  judgeCost: number;
  /** The latest failures, newest last, as they happen. */
  failures: FinishedTest[];
  ended: boolean;
  status?: string;
  logs: string[];
}

// The load panel keeps the last minute of ticks; the judge panel the last few verdicts.
const SERIES = 60;
const VERDICTS = 5;
const FAILURES = 3;

export function initialState(): DashboardState {
  return {
    plans: [], startedAt: Date.now(), total: 0, done: 0,
    counts: { passed: 0, failed: 0, flaky: 0, skipped: 0, errors: 0 },
    byType: new Map(), running: new Map(), verdicts: [], judgeTokens: 0, judgeCost: 0, failures: [], ended: false, logs: [],
  };
}

const keyOf = (t: { id: string; project?: string }): string => (t.project === undefined ? t.id : `${t.id}\u0000${t.project}`);

/** A finished test as the failures panel shows it. */
export function finishedTest(key: string, test: TestRef, result: TestResult): FinishedTest {
  const f: FinishedTest = {
    key, name: test.name, type: test.type, status: result.status, durationMs: result.durationMs,
    checks: result.checks, artifacts: result.artifacts.map((a) => a.path), where: `${test.file}:${test.line}`,
  };
  if (test.project) f.project = test.project;
  if (result.error) f.error = result.error.message;
  return f;
}

/**
 * Folds one event into the state (in place: the dashboard renders a snapshot per frame). It runs on the
 * run's thread for every event (twice per test), so it allocates little and loops plainly.
 */
export function reduce(s: DashboardState, e: RunEvent): DashboardState {
  switch (e.type) {
    case 'run:start':
      // A rerun (r in the browser after `run --ui`) starts over.
      Object.assign(s, initialState());
      delete s.baseUrl;
      delete s.status;
      delete s.load;
      s.plans = e.run.plans.map((p) => p.name);
      if (e.run.baseUrl) s.baseUrl = e.run.baseUrl;
      s.startedAt = e.run.startedAt;
      s.total = e.run.total;
      break;
    case 'test:start':
      testStarted(s, e);
      break;
    case 'test:step': {
      const r = s.running.get(keyOf(e.test));
      if (r) r.step = e.step.title;
      break;
    }
    case 'test:metric': {
      if (e.test.type !== 'load') break;
      const tick = (name: string) => e.metrics.find((m) => m.name === name)?.value;
      const panel: LoadPanel = s.load?.name === e.test.name ? s.load : { name: e.test.name, rps: [], p95: [], errors: 0, vus: 0, thresholds: [] };
      const thresholds = e.metrics.filter((m) => m.name === 'threshold' && m.labels?.threshold !== undefined);
      if (thresholds.length) panel.thresholds = thresholds.map((m) => ({ name: m.labels!.threshold, ok: m.value === 1 }));
      const rps = tick('rps');
      const p95 = tick('p95');
      if (rps !== undefined) panel.rps = [...panel.rps, rps].slice(-SERIES);
      if (p95 !== undefined) panel.p95 = [...panel.p95, p95].slice(-SERIES);
      panel.errors += tick('errors') ?? 0;
      panel.vus = tick('vus') ?? panel.vus;
      s.load = panel;
      break;
    }
    case 'test:end':
      testEnded(s, e);
      break;
    case 'run:log':
      if (e.level !== 'info') s.logs = [...s.logs, e.message].slice(-3);
      break;
    case 'run:end':
      s.ended = true;
      s.status = e.summary.status;
      break;
  }
  return s;
}

// The two events of every test, apart: small functions the run's thread optimizes soon and cheaply.
function testStarted(s: DashboardState, e: Extract<RunEvent, { type: 'test:start' }>): void {
  const t: RunningTest = { key: keyOf(e.test), name: e.test.name, type: e.test.type, startedAt: e.at };
  if (e.test.project) t.project = e.test.project;
  s.running.set(t.key, t);
  if (e.attempt === 0) countType(s, e.test.type);
}

function testEnded(s: DashboardState, e: Extract<RunEvent, { type: 'test:end' }>): void {
  const key = keyOf(e.test);
  // A test seen only ending (a start lost to a worker's crash, say) still counts for its type.
  if (!s.running.delete(key) && e.result.attempt === 0) countType(s, e.test.type);
  const { checks, metrics } = e.result;
  for (let i = 0; i < checks.length; i++) {
    const c = checks[i]!;
    if (c.name !== 'judge') continue;
    const a = c.actual as { score?: number; reasoning?: string } | undefined;
    const v: Verdict = { test: e.test.name, ok: c.ok };
    if (a?.score !== undefined) v.score = a.score;
    if (a?.reasoning !== undefined) v.reasoning = a.reasoning;
    if (c.skipped !== undefined) v.skipped = c.skipped;
    s.verdicts = [...s.verdicts, v].slice(-VERDICTS);
  }
  for (let i = 0; i < metrics.length; i++) {
    const m = metrics[i]!;
    if (m.name === 'judge_tokens_in' || m.name === 'judge_tokens_out') s.judgeTokens += m.value;
    else if (m.name === 'judge_cost') s.judgeCost += m.value;
  }
  if (e.result.willRetry) return;
  s.done++;
  const bt = s.byType.get(e.test.type);
  if (bt) bt.done++;
  const st = e.result.status;
  if (st === 'passed') s.counts.passed++;
  else if (st === 'flaky') s.counts.flaky++;
  else if (st === 'skipped') s.counts.skipped++;
  else if (st === 'failed') s.counts.failed++;
  else s.counts.errors++;
  if (isFailing(st)) s.failures = [...s.failures, finishedTest(key, e.test, e.result)].slice(-FAILURES);
}

const countType = (s: DashboardState, type: string): void => {
  const bt = s.byType.get(type);
  if (bt) bt.total++;
  else s.byType.set(type, { total: 1, done: 0 });
};


/** The failing checks of a finished test, as the details view lists them. */
export const failingChecks = (t: FinishedTest): CheckResult[] => t.checks.filter(isFailedCheck);
