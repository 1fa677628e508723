// The `load` executor: starts the generator thread, relays its ticks as live metrics, and turns its
// summary into the result: one check per threshold, the summary's numbers as metrics.
import { Worker } from 'node:worker_threads';
import { AitestError, type ErrorCode } from '../../errors.js';
import type { LoadTestSpec } from '../../plan/types.js';
import type { CheckResult, Metric } from '../../events/types.js';
import type { CheckInput, ExecContext, Executor } from '../types.js';
import type { LoadSummary, StepSummary, Tick } from './engine.js';
import { thresholdRules } from './threshold-rules.js';
import { mergeSummaries } from './merge.js';
import { splitLoad } from './split.js';
import type { FromGenerator, GeneratorInput, ToGenerator } from './generator-protocol.js';

// After Ctrl-C or a timeout the thread cuts what is in flight and sends its summary: well under this.
const ABORT_GRACE_MS = 3000;

export const loadExecutor = {
  type: 'load',
  // Alone on the machine: another test beside it would skew both.
  resource: 'exclusive',
  // `exclusive: false` in the plan: beside the other tests, e.g. a background load under browser tests.
  resourceFor: (spec) => (spec.exclusive === false ? 'network' : 'exclusive'),
  abortGraceMs: ABORT_GRACE_MS,
  async run(spec, ctx) {
    const input: GeneratorInput = {
      spec,
      baseUrl: ctx.test.baseUrl,
      vars: { ...ctx.vars },
      env: { ...ctx.env },
      defaultHeaders: ctx.test.headers ? ctx.resolve(ctx.test.headers) : {},
      ...(ctx.sandbox.net ? { net: ctx.sandbox.net.options } : {}),
    };
    const n = spec.distribute ?? 1;
    if (n <= 1 || (spec as LoadPartSpec).part) {
      const summary = await runGenerator(input, ctx, (tick) => ctx.live(liveMetrics(tick)));
      // One part of a test distributed over workers: its summary, histograms and all, goes to whoever
      // merges the parts (the orchestrator), as an artifact of the part.
      if ((spec as LoadPartSpec).part) await ctx.attach(PART_SUMMARY, JSON.stringify(summary), 'application/json');
      report(summary, ctx);
      return;
    }
    // Distributed here: each part on a generator thread of its own, merged into one summary and verdict.
    const parts = Array.from({ length: n }, (_, i) => splitLoad(spec, n, i)).filter((p): p is LoadTestSpec => p !== undefined);
    const ticks = createTickMerger(parts.length, (tick) => ctx.live(liveMetrics(tick)));
    const summaries = await Promise.all(parts.map((part, i) => runGenerator({ ...input, spec: part }, ctx, (tick) => ticks.add(i, tick))));
    report(mergeSummaries(summaries, thresholdRules(spec)), ctx);
  },
} satisfies Executor<LoadTestSpec>;

/**
 * The parts' ticks as one, for the live view: once each part has ticked for a second (or a part is late
 * by half a second), their counts added and their p95 the worst of them (the final figures come from
 * the merged histograms).
 */
function createTickMerger(parts: number, emit: (tick: Tick) => void): { add(part: number, tick: Tick): void } {
  let pending = new Map<number, Tick>();
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const ticks = [...pending.values()];
    pending = new Map();
    if (ticks.length === 0) return;
    const sum = (k: 'rps' | 'errors' | 'vus' | 'iterations' | 'dropped'): number => ticks.reduce((n, t) => n + t[k], 0);
    const names = ticks[0].thresholds.map((t) => t.name);
    emit({
      t: Math.max(...ticks.map((t) => t.t)), rps: sum('rps'), p95: Math.max(...ticks.map((t) => t.p95)), errors: sum('errors'),
      vus: sum('vus'), iterations: sum('iterations'), dropped: sum('dropped'),
      thresholds: names.map((name) => ({ name, ok: ticks.every((t) => t.thresholds.find((x) => x.name === name)?.ok !== false) })),
    });
  };
  return {
    add(part, tick) {
      if (pending.has(part)) flush();
      pending.set(part, tick);
      if (pending.size === parts) flush();
      else timer ??= setTimeout(flush, 500);
    },
  };
}

function runGenerator(input: GeneratorInput, ctx: ExecContext, onTick: (tick: Tick) => void): Promise<LoadSummary> {
  return new Promise<LoadSummary>((resolve, reject) => {
    const worker = new Worker(new URL('./generator-thread.js', import.meta.url), { workerData: input });
    let settled = false;
    const stop = (): void => worker.postMessage({ kind: 'stop' } satisfies ToGenerator);
    ctx.abort.once('abort', stop);
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      ctx.abort.removeListener('abort', stop);
      fn();
    };
    worker.on('message', (m: FromGenerator) => {
      if (m.kind === 'tick') onTick(m.tick);
      else if (m.kind === 'done') settle(() => resolve(m.summary));
      else settle(() => reject(new AitestError((m.code as ErrorCode | undefined) ?? 'INFRA', m.message, m.hint === undefined ? {} : { hint: m.hint })));
    });
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', (code) => settle(() => reject(new AitestError('INFRA', `the load generator stopped unexpectedly (exit code ${code})`))));
  });
}

function liveMetrics(t: Tick) {
  const labels = { t: String(t.t) };
  return [
    { name: 'rps', value: t.rps, unit: '/s', labels },
    { name: 'p95', value: t.p95, unit: 'ms', labels },
    { name: 'errors', value: t.errors, unit: 'count', labels },
    { name: 'vus', value: t.vus, unit: 'count', labels },
    { name: 'iterations', value: t.iterations, unit: 'count', labels },
    { name: 'dropped_iterations', value: t.dropped, unit: 'count', labels },
    // 1 while the threshold holds, 0 once it does not.
    ...t.thresholds.map((th) => ({ name: 'threshold', value: th.ok ? 1 : 0, unit: 'bool', labels: { ...labels, threshold: th.name } })),
  ];
}

const STATS = [['min', 'min'], ['avg', 'avg'], ['med', 'med'], ['p90', 'p(90)'], ['p95', 'p(95)'], ['p99', 'p(99)'], ['p999', 'p(99.9)'], ['max', 'max']] as const;

function stepMetrics(s: StepSummary, open: boolean, seconds: number, ctx: Pick<ExecContext, 'metric'>, step?: string): void {
  // No labels at all for the overall figures, so they read as plain metrics (labels NULL in the store).
  const labels = (extra: Record<string, string> = {}): Record<string, string> | undefined => {
    const all = step === undefined ? extra : { step, ...extra };
    return Object.keys(all).length === 0 ? undefined : all;
  };
  for (const [key, stat] of STATS) {
    if (s.duration.count > 0) ctx.metric('http_req_duration', s.duration[key], 'ms', labels({ stat }));
    if (open && s.service.count > 0) ctx.metric('http_req_service_time', s.service[key], 'ms', labels({ stat }));
  }
  ctx.metric('http_reqs', s.requests, 'count', labels());
  ctx.metric('http_reqs', seconds > 0 ? s.requests / seconds : 0, '/s', labels());
  ctx.metric('http_req_failed', s.requests === 0 ? 0 : s.failed / s.requests, 'ratio', labels());
  ctx.metric('data_received', s.bytesIn, 'bytes', labels());
  ctx.metric('data_sent', s.bytesOut, 'bytes', labels());
  for (const [status, n] of Object.entries(s.statuses)) ctx.metric('http_status', n, 'count', labels({ status }));
  for (const [kind, n] of Object.entries(s.errors)) ctx.metric('http_errors', n, 'count', labels({ kind }));
  for (const c of s.checks) ctx.metric('checks', c.passes / (c.passes + c.fails), 'ratio', labels({ check: c.name }));
}

/** A part of a load test distributed over workers (set by the orchestrator, never in a plan). */
export type LoadPartSpec = LoadTestSpec & { part?: { index: number; of: number } };
/** The artifact name of a part's summary. */
export const PART_SUMMARY = 'load-part-summary';

/** The result of merged parts: what `report` would record, as plain data. */
export function resultOfSummary(s: LoadSummary): { checks: CheckResult[]; metrics: Metric[] } {
  const checks: CheckResult[] = [];
  const metrics: Metric[] = [];
  const at = Date.now();
  report(s, {
    check: (c: CheckInput) => {
      checks.push(c);
      return c.ok;
    },
    metric: (name: string, value: number, unit: string, labels?: Record<string, string>) => void metrics.push(labels ? { name, value, unit, labels, at } : { name, value, unit, at }),
  });
  return { checks, metrics };
}

/** The summary as the result: numbers as metrics, thresholds as checks (a failed one fails the test). */
function report(s: LoadSummary, ctx: Pick<ExecContext, 'metric' | 'check'>): void {
  const seconds = s.durationMs / 1000;
  stepMetrics(s.overall, s.open, seconds, ctx);
  if (s.steps.length > 1) for (const step of s.steps) stepMetrics(step, s.open, seconds, ctx, step.name);
  ctx.metric('iterations', s.iterations, 'count');
  ctx.metric('iterations', seconds > 0 ? s.iterations / seconds : 0, '/s');
  if (s.open) ctx.metric('dropped_iterations', s.dropped, 'count');
  for (const [key, stat] of STATS) if (s.iterationDuration.count > 0) ctx.metric('iteration_duration', s.iterationDuration[key], 'ms', { stat });
  ctx.metric('vus_max', s.vusMax, 'count');
  const total = s.checks.passes + s.checks.fails;
  if (total > 0) ctx.metric('checks', s.checks.passes / total, 'ratio');
  ctx.metric('load_duration', s.durationMs, 'ms');
  for (const t of s.thresholds) {
    const actual = t.actual === undefined ? 'no samples' : `${round(t.actual)}${t.unit === 'ratio' || t.unit === 'count' ? '' : t.unit === '/s' ? '/s' : ` ${t.unit}`}`;
    const aborted = s.abortedBy === `${t.key}: ${t.source}` ? ' (stopped the run: abortOnFail)' : '';
    ctx.check({
      name: `threshold ${t.key}: ${t.source}`, ok: t.ok, expected: t.source, actual,
      ...(t.ok ? {} : { message: `threshold ${t.key}: ${t.source} failed: measured ${actual}${aborted}` }),
    });
  }
}

function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n * 10) / 10 : Math.round(n * 1000) / 1000;
}
