// What a load run counted, and reading it: a threshold's value and the run's summary. One code path for
// the engine as it runs and for parts merged from several generators (merge.ts).
import type { Histogram } from 'hdr-histogram-js';
import { holds, type Threshold } from '../../plan/threshold-syntax.js';
import type { LoadSummary, StepSummary, ThresholdOutcome, ThresholdRule } from './summary.js';
import { encodeHistogram, percentileMs, summarize, type RequestStats } from './stats.js';

export interface Measured {
  overall: RequestStats;
  steps: RequestStats[];
  stepNames: string[];
  iterationDuration: Histogram;
  iterations: number;
  dropped: number;
  checkPasses: number;
  checkFails: number;
}

/** The threshold's metric as measured so far, and whether the condition holds. */
export function measure(m: Measured, t: Threshold, elapsedMs: number): ThresholdOutcome {
  const stats = t.step === undefined ? m.overall : m.steps[m.stepNames.indexOf(t.step)] ?? m.overall;
  const out = (actual: number | undefined, unit: string): ThresholdOutcome =>
    actual === undefined ? { key: t.key, source: t.source, ok: false, unit } : { key: t.key, source: t.source, ok: holds(t, actual), actual, unit };
  if (t.kind === 'trend') {
    const h = t.metric === 'iteration_duration' ? m.iterationDuration : t.metric === 'http_req_service_time' ? stats.service : stats.duration;
    if (h.totalCount === 0) return out(undefined, 'ms');
    const a = t.agg;
    const v = a.kind === 'p' ? percentileMs(h, a.p) : a.kind === 'avg' ? h.mean / 1000 : a.kind === 'med' ? percentileMs(h, 50) : a.kind === 'min' ? h.minNonZeroValue / 1000 : h.maxValue / 1000;
    return out(v, 'ms');
  }
  if (t.kind === 'rate') {
    if (t.metric === 'http_req_failed') return out(stats.requests === 0 ? 0 : stats.failed / stats.requests, 'ratio');
    let passes = 0;
    let fails = 0;
    if (t.step === undefined) {
      passes = m.checkPasses;
      fails = m.checkFails;
    } else {
      for (const c of stats.checks.values()) {
        passes += c.passes;
        fails += c.fails;
      }
    }
    return out(passes + fails === 0 ? 1 : passes / (passes + fails), 'ratio');
  }
  const count = t.metric === 'http_reqs' ? stats.requests : t.metric === 'iterations' ? m.iterations : t.metric === 'dropped_iterations' ? m.dropped
    : t.metric === 'data_received' ? stats.bytesIn : stats.bytesOut;
  if (t.agg.kind === 'count') return out(count, t.metric.startsWith('data_') ? 'bytes' : 'count');
  return out(elapsedMs <= 0 ? 0 : count / (elapsedMs / 1000), '/s');
}

export interface RunFacts {
  model: LoadSummary['model'];
  open: boolean;
  durationMs: number;
  vusMax: number;
  interrupted: boolean;
  abortedBy?: string;
}

/** The summary of what was measured: figures per step, thresholds judged, histograms kept for merging. */
export function summaryOf(m: Measured, rules: ThresholdRule[], f: RunFacts): LoadSummary {
  const s: LoadSummary = {
    model: f.model, open: f.open, durationMs: f.durationMs,
    overall: stepSummary('all', m.overall), steps: m.steps.map((st, i) => stepSummary(m.stepNames[i], st)),
    iterations: m.iterations, dropped: m.dropped, iterationDuration: summarize(m.iterationDuration), vusMax: f.vusMax,
    checks: { passes: m.checkPasses, fails: m.checkFails },
    thresholds: rules.map((r) => measure(m, r.threshold, f.durationMs)),
    interrupted: f.interrupted,
    histograms: {
      steps: m.steps.map((st) => ({ duration: encodeHistogram(st.duration), service: encodeHistogram(st.service) })),
      iteration: encodeHistogram(m.iterationDuration),
    },
  };
  if (f.abortedBy !== undefined) s.abortedBy = f.abortedBy;
  return s;
}

function stepSummary(name: string, s: RequestStats): StepSummary {
  return {
    name, requests: s.requests, failed: s.failed, bytesIn: s.bytesIn, bytesOut: s.bytesOut,
    duration: summarize(s.duration), service: summarize(s.service),
    statuses: Object.fromEntries([...s.statuses].map(([k, v]) => [String(k), v])),
    errors: Object.fromEntries(s.errors),
    checks: [...s.checks].map(([name, t]) => (t.firstFailure === undefined ? { name, passes: t.passes, fails: t.fails } : { name, passes: t.passes, fails: t.fails, firstFailure: t.firstFailure })),
  };
}
