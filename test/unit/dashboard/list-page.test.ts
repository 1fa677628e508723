// The page of finished tests a frame shows, and the run's side keeping them column by column for it.
import { describe, expect, it } from 'vitest';
import { FinishedColumns } from '../../../src/dashboard/finished-columns.js';
import { arrayList, pageOf } from '../../../src/dashboard/list-page.js';
import type { FinishedTest } from '../../../src/dashboard/state.js';

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
    const judged = test(2, 'passed', { checks: [{ name: 'judge', ok: true, actual: { score: 0.9 } }] });
    const all = [test(0), test(1, 'failed'), judged, test(3, 'flaky'), test(4, 'passed', { project: 'mobile' })];
    for (const t of all) columns.push(t);
    const page = pageOf(columns, { selected: 0, rows: 8, failuresOnly: false });
    expect(page.rows[0]).toEqual({ key: 'k0', name: 'get item 0', type: 'api', status: 'passed', durationMs: 0, where: 'p.yaml:4', checks: [], artifacts: [], partial: true });
    expect(page.rows.slice(1, 4)).toEqual([all[1], judged, all[3]]);
    expect(page.rows[4]).toMatchObject({ project: 'mobile', partial: true });
    expect(names(pageOf(columns, { selected: 0, rows: 8, failuresOnly: true }).rows)).toEqual(['get item 1']);
    expect(columns.wholeTest('k1')).toBe(all[1]);
    expect(columns.wholeTest('k0')).toBeUndefined();
  });
});
