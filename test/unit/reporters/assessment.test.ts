// The run's quality score from its results: each criterion, the weights renormalised over those present.
import { describe, expect, it } from 'vitest';
import type { CheckResult, Metric, RunEvent, TestStatus, TestType } from '../../../src/events/types.js';
import { createAssessment } from '../../../src/reporters/assessment.js';
import { renderQuality } from '../../../src/reporters/terminal.js';
import { createPalette } from '../../../src/reporters/format.js';

let n = 0;
function end(type: TestType, status: TestStatus, checks: CheckResult[] = [], metrics: Metric[] = []): RunEvent {
  n++;
  return {
    type: 'test:end',
    test: { id: `t${n}`, name: `t${n}`, type, plan: 'p', file: 'p.yaml', line: n, column: 1, tags: [] },
    result: { status, attempt: 0, willRetry: false, startedAt: 0, durationMs: 1, checks, steps: [], metrics, artifacts: [] },
  };
}
const check = (ok: boolean): CheckResult => ({ name: 'c', ok });

describe('createAssessment', () => {
  it('scores functionality, ui, performance and accessibility with the default weights', () => {
    const a = createAssessment();
    for (const s of ['passed', 'passed', 'flaky', 'failed'] as const) a.onEvent(end('api', s));
    a.onEvent(end('ui', 'passed'));
    a.onEvent(end('visual', 'failed'));
    a.onEvent(end('load', 'failed', [check(true), check(true), check(true), check(false), { name: 'judge', ok: false, skipped: 'no judge' }]));
    a.onEvent(end('accessibility', 'failed', [], [
      { name: 'a11y_violations', value: 1, unit: 'count', labels: { impact: 'serious' }, at: 0 },
      { name: 'a11y_violations_total', value: 1, unit: 'count', at: 0 },
    ]));
    a.onEvent(end('api', 'skipped'));
    const q = a.result()!;
    expect(q.criteria.map((c) => [c.name, c.score])).toEqual([['functionality', 0.5], ['ui', 0.5], ['performance', 0.75], ['accessibility', 1 / 1.5]]);
    expect(q.score).toBeCloseTo(0.25 * 0.5 + 0.3 * 0.5 + 0.25 * 0.75 + 0.2 / 1.5, 12);
    expect(renderQuality(q, createPalette(false))).toEqual(['  quality 60/100: functionality 50 · ui 50 · performance 75 · accessibility 67']);
  });

  it('takes the plan\'s weights from run:start', () => {
    const a = createAssessment();
    a.onEvent({ type: 'run:start', run: { id: 'r', plans: [], startedAt: 0, total: 2, workers: 1, qualityWeights: { ui: 0, functionality: 1 } } });
    a.onEvent(end('api', 'passed'));
    a.onEvent(end('ui', 'failed'));
    // ui weighs nothing now: the score is the pass rate.
    expect(a.result()!.score).toBe(0.5);
  });

  it('a criterion with no tests drops out and the weights renormalise; the pass rate alone prints nothing', () => {
    const a = createAssessment();
    a.onEvent(end('api', 'passed'));
    a.onEvent(end('ui', 'failed'));
    const q = a.result()!;
    expect(q.criteria.map((c) => [c.name, c.weight])).toEqual([['functionality', 0.25 / 0.55], ['ui', 0.3 / 0.55]]);
    expect(q.score).toBeCloseTo((0.25 * 0.5 + 0.3 * 0) / 0.55, 12);
    const only = createAssessment();
    only.onEvent(end('api', 'passed'));
    expect(renderQuality(only.result(), createPalette(false))).toEqual([]);
    expect(createAssessment().result()).toBeUndefined();
  });
});
