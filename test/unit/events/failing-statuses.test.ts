// One definition of a failing status: the run's verdict, --last-failed's store query, the terminal recap
// and the live view agree on every status there is.
import { describe, expect, it } from 'vitest';
import { isFailing, TEST_STATUSES } from '../../../src/events/counts.js';
import type { RunEvent, TestResult, TestStatus } from '../../../src/events/types.js';
import { summarize } from '../../../src/runner/pipeline.js';
import { openStore } from '../../../src/store/sqlite.js';
import { initialState, reduce } from '../../../src/dashboard/state.js';

const ref = (s: TestStatus) => ({ id: s, name: `a ${s} test`, type: 'api' as const, plan: 'P', file: 'p.yaml', line: 1, column: 1, tags: [] });
const result = (status: TestStatus): TestResult => ({ status, attempt: 0, willRetry: false, startedAt: 1, durationMs: 1, checks: [], steps: [], metrics: [], artifacts: [] });

describe('failing statuses', () => {
  it('failed, timedOut and error fail a run; passed, flaky and skipped do not', () => {
    expect(TEST_STATUSES.filter(isFailing)).toEqual(['failed', 'timedOut', 'error']);
    for (const s of TEST_STATUSES) {
      const summary = summarize('r', 0, 1, new Map([[s, { status: s, attempt: 0 }]]), 0, false);
      expect(summary.status, s).toBe(isFailing(s) ? 'failed' : 'passed');
    }
  });

  it('--last-failed picks exactly the failing tests from the store', () => {
    const store = openStore(':memory:');
    try {
      store.write({ type: 'run:start', run: { id: 'r1', plans: [{ name: 'P', file: 'p.yaml' }], startedAt: 1, total: TEST_STATUSES.length, workers: 1 } });
      for (const s of TEST_STATUSES) store.write({ type: 'test:end', test: ref(s), result: result(s) });
      store.flush();
      expect(store.lastFailed(['P']).sort()).toEqual(['error', 'failed', 'timedOut']);
    } finally {
      store.close();
    }
  });

  it('the live view lists the failing tests among its failures, and no other', () => {
    let state = initialState();
    for (const s of TEST_STATUSES) state = reduce(state, { type: 'test:end', test: ref(s), result: result(s) } satisfies RunEvent);
    expect(state.failures.map((f) => f.status).sort()).toEqual(['error', 'failed', 'timedOut']);
  });
});
