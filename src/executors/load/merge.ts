// The parts of a distributed load test (`distribute: N`) as one run: counts added, latency histograms
// decoded and added (never percentiles averaged), thresholds judged once on the whole.
import type { LoadSummary, StepSummary, ThresholdRule } from './summary.js';
import { summaryOf, type Measured } from './measured.js';
import { decodeHistogram, newHistogram, RequestStats } from './stats.js';

function addStep(into: RequestStats, s: StepSummary, hist: { duration: string; service: string } | undefined): void {
  into.requests += s.requests;
  into.failed += s.failed;
  into.bytesIn += s.bytesIn;
  into.bytesOut += s.bytesOut;
  for (const [k, v] of Object.entries(s.statuses)) into.statuses.set(Number(k), (into.statuses.get(Number(k)) ?? 0) + v);
  for (const [k, v] of Object.entries(s.errors)) into.errors.set(k, (into.errors.get(k) ?? 0) + v);
  for (const c of s.checks) {
    const t = into.checks.get(c.name) ?? { passes: 0, fails: 0 };
    t.passes += c.passes;
    t.fails += c.fails;
    if (t.firstFailure === undefined && c.firstFailure !== undefined) t.firstFailure = c.firstFailure;
    into.checks.set(c.name, t);
  }
  if (hist) {
    into.duration.add(decodeHistogram(hist.duration));
    into.service.add(decodeHistogram(hist.service));
  }
}

/** One summary of the parts' (the same scenario, each with its share of the load). */
export function mergeSummaries(parts: LoadSummary[], rules: ThresholdRule[]): LoadSummary {
  if (parts.length === 1) return parts[0];
  const names = parts[0].steps.map((s) => s.name);
  const steps = names.map(() => new RequestStats());
  const perStep = names.length > 1;
  // With one step the engine counts it as the whole; with more, the whole is the steps added up.
  const overall = perStep ? new RequestStats() : steps[0];
  const m: Measured = {
    overall, steps, stepNames: names, iterationDuration: newHistogram(),
    iterations: 0, dropped: 0, checkPasses: 0, checkFails: 0,
  };
  for (const p of parts) {
    p.steps.forEach((s, i) => {
      addStep(steps[i], s, p.histograms.steps[i]);
      if (perStep) addStep(overall, { ...s, checks: [] }, p.histograms.steps[i]);
    });
    m.iterationDuration.add(decodeHistogram(p.histograms.iteration));
    m.iterations += p.iterations;
    m.dropped += p.dropped;
    m.checkPasses += p.checks.passes;
    m.checkFails += p.checks.fails;
  }
  const abortedBy = parts.find((p) => p.abortedBy !== undefined)?.abortedBy;
  return summaryOf(m, rules, {
    model: parts[0].model, open: parts[0].open,
    // The parts ran side by side: the run took as long as the longest.
    durationMs: Math.max(...parts.map((p) => p.durationMs)),
    vusMax: parts.reduce((n, p) => n + p.vusMax, 0),
    interrupted: parts.some((p) => p.interrupted),
    ...(abortedBy === undefined ? {} : { abortedBy }),
  });
}
