// The page of finished tests a frame shows, and the run's side keeping them column by column for it.
import { describe, expect, it } from 'vitest';
import { FinishedColumns } from '../../../src/dashboard/finished-columns.js';
import { arrayList, pageOf, pageToward } from '../../../src/dashboard/list-page.js';
import type { FinishedTest } from '../../../src/dashboard/state.js';
import type { TestRef, TestResult } from '../../../src/events/types.js';

const test = (i: number, status = 'passed', extra: Partial<FinishedTest> = {}): FinishedTest => ({
  key: `k${i}`, name: `get item ${i}`, type: 'api', status, durationMs: i, where: `p.yaml:${i + 4}`,
  checks: [{ name: 'status', ok: status === 'passed', expected: 200, actual: status === 'passed' ? 200 : 500 }], artifacts: [], ...extra,
});
const names = (rows: FinishedTest[]) => rows.map((r) => r.name);

describe('list page', () => {
  const tests = Array.from({ length: 40 }, (_, i) => test(i, i % 10 === 3 ? 'failed' : 'passed'));

  it('shows the rows around the selection, kept inside the list', () => {
    expect(pageOf(arrayList(tests), { selected: 0, rows: 5, failuresOnly: false })).toMatchObject({ length: 40, at: 0, from: 0 });
    const middle = pageOf(arrayList(tests), { selected: 20, rows: 5, failuresOnly: false });
    expect(middle).toMatchObject({ at: 20, from: 18 });
    expect(names(middle.rows)).toEqual(['get item 18', 'get item 19', 'get item 20', 'get item 21', 'get item 22']);
    const past = pageOf(arrayList(tests), { selected: 99, rows: 5, failuresOnly: false });
    expect(past).toMatchObject({ at: 39, from: 35 });
    expect(past.rows).toHaveLength(5);
  });

  it('while the page for a move is on its way, the rows at hand that belong in the new window: never the old window', () => {
    const first = pageOf(arrayList(tests), { selected: 2, rows: 8, failuresOnly: false });
    expect(first.from).toBe(0);
    // j moved the selection to 5: the window now starts at 1, so item 0 is off screen before the run answers.
    const moving = pageToward(first, { selected: 5, rows: 8, failuresOnly: false });
    expect(moving).toMatchObject({ at: 5, from: 1 });
    expect(names(moving.rows)).toEqual(['get item 1', 'get item 2', 'get item 3', 'get item 4', 'get item 5', 'get item 6', 'get item 7']);
    // Moved further than the page reaches: nothing of the old window shows.
    expect(pageToward(first, { selected: 30, rows: 8, failuresOnly: false }).rows).toEqual([]);
    // A move within the window keeps the page as it is.
    expect(pageToward(first, { selected: 3, rows: 8, failuresOnly: false })).toBe(first);
  });

  it('filters by failures and by name, case-insensitively', () => {
    const failing = pageOf(arrayList(tests), { selected: 0, rows: 8, failuresOnly: true });
    expect(names(failing.rows)).toEqual(['get item 3', 'get item 13', 'get item 23', 'get item 33']);
    const named = pageOf(arrayList(tests), { selected: 1, rows: 8, failuresOnly: false, filter: 'ITEM 3' });
    expect(named).toMatchObject({ length: 11, at: 1 });
    expect(names(pageOf(arrayList(tests), { selected: 0, rows: 8, failuresOnly: true, filter: 'item 3' }).rows)).toEqual(['get item 3', 'get item 33']);
    expect(pageOf(arrayList(tests), { selected: 3, rows: 8, failuresOnly: false, filter: 'nothing' })).toEqual({ length: 0, at: 0, from: 0, rows: [] });
  });

  it('on the run side, keeps passed tests as list rows only, and failing, flaky and judged ones whole', () => {
    const columns = new FinishedColumns();
    const ref = (i: number, project?: string): TestRef => ({ id: `t${i}`, name: `get item ${i}`, type: 'api', plan: 'p', file: 'p.yaml', line: i + 4, column: 5, tags: [], ...(project ? { project } : {}) });
    const result = (status: TestResult['status'], checks: TestResult['checks'] = [{ name: 'status', ok: status === 'passed', expected: 200, actual: 200 }]): TestResult =>
      ({ status, attempt: 0, willRetry: false, startedAt: 0, durationMs: 7, checks, steps: [], metrics: [], artifacts: [{ name: 'log', path: 'a.log', contentType: 'text/plain' }] });
    columns.add('k0', ref(0), result('passed'));
    columns.add('k1', ref(1), { ...result('failed'), error: { message: 'status: expected 200, got 500' } });
    columns.add('k2', ref(2), result('passed', [{ name: 'judge', ok: true, actual: { score: 0.9 } }]));
    columns.add('k3', ref(3), result('flaky'));
    columns.add('k4', ref(4, 'mobile'), result('passed'));
    const page = pageOf(columns, { selected: 0, rows: 8, failuresOnly: false });
    expect(page.rows[0]).toEqual({ key: 'k0', name: 'get item 0', type: 'api', status: 'passed', durationMs: 7, where: 'p.yaml:4', checks: [], artifacts: [], partial: true });
    expect(page.rows[1]).toEqual({
      key: 'k1', name: 'get item 1', type: 'api', status: 'failed', durationMs: 7, where: 'p.yaml:5', error: 'status: expected 200, got 500',
      checks: [{ name: 'status', ok: false, expected: 200, actual: 200 }], artifacts: ['a.log'],
    });
    expect(page.rows[2]).toMatchObject({ status: 'passed', checks: [{ name: 'judge', ok: true, actual: { score: 0.9 } }] });
    expect(page.rows[2]!.partial).toBeUndefined();
    expect(page.rows[3]).toMatchObject({ status: 'flaky', artifacts: ['a.log'] });
    expect(page.rows[4]).toMatchObject({ project: 'mobile', partial: true });
    expect(names(pageOf(columns, { selected: 0, rows: 8, failuresOnly: true }).rows)).toEqual(['get item 1']);
    expect(columns.wholeTest('k1')).toBe(page.rows[1]);
    expect(columns.wholeTest('k0')).toBeUndefined();
  });
});
