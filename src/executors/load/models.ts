// k6's workload models as plain numbers: how many VUs a closed model wants at a moment, and when an open
// model's iterations are due. No timers here, so the schedules are testable without waiting for them.
import { parseDuration } from '../../plan/duration.js';
import type { LoadTestSpec } from '../../plan/types.js';

interface Stage {
  /** ms */
  duration: number;
  target: number;
}

export type Model =
  | { kind: 'closed'; name: 'constant-vus' | 'ramping-vus'; stages: Stage[]; startVUs: number; iterations?: number; durationMs: number; maxVUs: number }
  | { kind: 'open'; name: 'constant-arrival-rate' | 'ramping-arrival-rate'; stages: Stage[]; startRate: number; timeUnitMs: number; durationMs: number; preAllocatedVUs: number; maxVUs: number };

/** The model a (validated) load test describes; `constant-*` become one flat stage. */
export function modelOf(spec: LoadTestSpec): Model {
  const name = spec.executor ?? 'constant-vus';
  const stages = (spec.stages ?? []).map((s) => ({ duration: parseDuration(s.duration), target: s.target }));
  const total = (list: Stage[]) => list.reduce((sum, s) => sum + s.duration, 0);
  switch (name) {
    case 'constant-vus': {
      const vus = spec.vus ?? 1;
      // Iterations alone: run until they are done (the test timeout bounds it).
      const durationMs = spec.duration === undefined ? Number.POSITIVE_INFINITY : parseDuration(spec.duration);
      const m: Model = { kind: 'closed', name, stages: [{ duration: durationMs, target: vus }], startVUs: vus, durationMs, maxVUs: vus };
      if (spec.iterations !== undefined) m.iterations = spec.iterations;
      return m;
    }
    case 'ramping-vus': {
      const startVUs = spec.startVUs ?? 0;
      return { kind: 'closed', name, stages, startVUs, durationMs: total(stages), maxVUs: Math.max(startVUs, ...stages.map((s) => s.target)) };
    }
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate': {
      const constant = name === 'constant-arrival-rate';
      const rate = spec.rate ?? 1;
      const flat = constant ? [{ duration: parseDuration(spec.duration ?? 0), target: rate }] : stages;
      const preAllocatedVUs = spec.preAllocatedVUs ?? spec.maxVUs ?? 1;
      return {
        kind: 'open', name, stages: flat, startRate: constant ? rate : (spec.startRate ?? 0),
        timeUnitMs: spec.timeUnit === undefined ? 1000 : parseDuration(spec.timeUnit),
        durationMs: total(flat), preAllocatedVUs, maxVUs: Math.max(spec.maxVUs ?? preAllocatedVUs, preAllocatedVUs),
      };
    }
  }
}

/** The stage value at `t` ms: linear from the previous target (or `start`) to this stage's target. */
function valueAt(stages: Stage[], start: number, t: number): number {
  let from = start;
  let at = 0;
  for (const s of stages) {
    if (t < at + s.duration) return s.duration <= 0 ? s.target : from + ((s.target - from) * (t - at)) / s.duration;
    at += s.duration;
    from = s.target;
  }
  return from;
}

/** Closed models: VUs wanted at `t` ms (rounded as k6 does, so a ramp 0 → 10 over 10 s adds one per second). */
export function vusAt(m: Extract<Model, { kind: 'closed' }>, t: number): number {
  return Math.round(valueAt(m.stages, m.startVUs, t));
}

/**
 * Open models: the times (ms from the start) iterations are due, one per call, undefined once none is due
 * before the end. Iteration k is due when the rate integrated from the start reaches k (the first at 0):
 * exact for the piecewise-linear rates of stages, so a ramp from zero starts as soon as its first
 * iteration is owed, and a constant rate gives evenly spaced starts.
 */
export function createArrivals(m: Extract<Model, { kind: 'open' }>): () => number | undefined {
  let k = 0;
  let stage = 0;
  let stageStart = 0;
  let from = m.startRate;
  // Iterations owed by the start of the current stage.
  let owedBefore = 0;
  return () => {
    const want = k; // the first is due at 0: iteration k when k iterations are owed
    while (stage < m.stages.length) {
      const s = m.stages[stage];
      const r0 = from / m.timeUnitMs;
      const r1 = s.target / m.timeUnitMs;
      const inStage = s.duration <= 0 ? 0 : ((r0 + r1) / 2) * s.duration;
      if (owedBefore + inStage > want || (want === 0 && r0 > 0)) {
        const c = want - owedBefore;
        const a = (r1 - r0) / (2 * s.duration);
        const tau = Math.abs(a) < 1e-15 ? c / r0 : (-r0 + Math.sqrt(r0 * r0 + 4 * a * c)) / (2 * a);
        const t = stageStart + tau;
        if (t >= m.durationMs) return undefined;
        k++;
        return t;
      }
      owedBefore += inStage;
      stageStart += s.duration;
      from = s.target;
      stage++;
    }
    return undefined;
  };
}
