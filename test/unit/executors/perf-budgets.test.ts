import { describe, expect, it } from 'vitest';
import { budgetChecks, median, medians, parseSize } from '../../../src/executors/browser/perf/budgets.js';

describe('performance budgets', () => {
  it('takes medians over the runs that measured a value', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(medians([{ lcp: 100, tbt: 0, transferSize: 10, requests: 1 }, { lcp: 300, inp: 40, tbt: 10, transferSize: 30, requests: 3 }]))
      .toEqual({ lcp: 200, inp: 40, tbt: 5, transferSize: 20, requests: 2 });
  });

  it('reads sizes in bytes, kB and MB', () => {
    expect(parseSize('1MB')).toBe(1_000_000);
    expect(parseSize('300kB')).toBe(300_000);
    expect(parseSize('1KB')).toBe(1024);
    expect(parseSize(512)).toBe(512);
  });

  it('makes one check per budget, with what was measured, and says why a metric is missing', () => {
    const checks = budgetChecks({ lcp: '2.5s', cls: 0.1, transferSize: '1kB', inp: '200ms' }, { lcp: 2600, cls: 0.05, transferSize: 900 }, 3);
    expect(checks).toEqual([
      { name: 'budget lcp', ok: false, expected: '≤ 2500 ms', actual: '2600 ms (median of 3 runs)' },
      { name: 'budget cls', ok: true, expected: '≤ 0.100', actual: '0.050 (median of 3 runs)' },
      { name: 'budget transferSize', ok: true, expected: '≤ 1.0 kB', actual: '0.9 kB (median of 3 runs)' },
      { name: 'budget inp', ok: false, expected: '≤ 200 ms', actual: 'not measured', message: 'inp was not measured: no interaction happened: add a click or key press in `steps`.' },
    ]);
  });
});
