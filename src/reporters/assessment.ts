// A run's quality score, computed from its results alone (no model): weighted criteria, each 0..1.
// functionality: the pass rate; ui: the pass rate of ui and visual tests; performance: the share of
// budgets and thresholds met by performance and load tests; accessibility: axe violations weighted by
// impact. A criterion with no tests drops out and the others' weights are renormalised.
import type { RunEvent, TestType } from '../events/types.js';
import { isFailedCheck } from '../events/counts.js';

export type Criterion = 'functionality' | 'ui' | 'performance' | 'accessibility';

const DEFAULT_WEIGHTS: Readonly<Record<Criterion, number>> = { functionality: 0.25, ui: 0.3, performance: 0.25, accessibility: 0.2 };

// A critical violation weighs as much as ten minor ones; ten weighted points halve the score.
const IMPACT: Record<string, number> = { critical: 10, serious: 5, moderate: 2, minor: 1 };
const HALVING = 10;

export interface QualityScore {
  /** 0..1 */
  score: number;
  criteria: { name: Criterion; weight: number; score: number }[];
}

export interface Assessment {
  onEvent(e: RunEvent): void;
  /** Undefined until a result arrives. */
  result(): QualityScore | undefined;
}

const UI: ReadonlySet<TestType> = new Set(['ui', 'visual']);
const PERF: ReadonlySet<TestType> = new Set(['performance', 'load']);

export function createAssessment(initial: Readonly<Partial<Record<Criterion, number>>> = DEFAULT_WEIGHTS): Assessment {
  let weights: Record<Criterion, number> = { ...DEFAULT_WEIGHTS, ...initial };
  const ratio = () => ({ good: 0, all: 0 });
  const fun = ratio();
  const ui = ratio();
  const perf = ratio();
  let scans = 0;
  let weighted = 0;
  return {
    onEvent(e) {
      // The plan's own weights come with the run.
      if (e.type === 'run:start' && e.run.qualityWeights) weights = { ...DEFAULT_WEIGHTS, ...e.run.qualityWeights };
      if (e.type !== 'test:end' || e.result.willRetry || e.result.status === 'skipped') return;
      const r = e.result;
      const ok = r.status === 'passed' || r.status === 'flaky';
      fun.all++;
      if (ok) fun.good++;
      if (UI.has(e.test.type)) {
        ui.all++;
        if (ok) ui.good++;
      }
      if (PERF.has(e.test.type)) {
        const ran = r.checks.filter((c) => c.skipped === undefined);
        if (ran.length === 0) {
          perf.all++;
          if (ok) perf.good++;
        }
        for (const c of ran) {
          perf.all++;
          if (!isFailedCheck(c)) perf.good++;
        }
      }
      for (const m of r.metrics) {
        if (m.name === 'a11y_violations_total') scans++;
        else if (m.name === 'a11y_violations') weighted += (IMPACT[m.labels?.impact ?? ''] ?? 1) * m.value;
      }
    },
    result() {
      if (fun.all === 0) return undefined;
      const parts: { name: Criterion; score: number }[] = [{ name: 'functionality', score: fun.good / fun.all }];
      if (ui.all > 0) parts.push({ name: 'ui', score: ui.good / ui.all });
      if (perf.all > 0) parts.push({ name: 'performance', score: perf.good / perf.all });
      if (scans > 0) parts.push({ name: 'accessibility', score: 1 / (1 + weighted / HALVING) });
      const total = parts.reduce((sum, p) => sum + weights[p.name], 0);
      const criteria = parts.map((p) => ({ ...p, weight: total > 0 ? weights[p.name] / total : 0 }));
      return { score: criteria.reduce((sum, p) => sum + p.weight * p.score, 0), criteria };
    },
  };
}
