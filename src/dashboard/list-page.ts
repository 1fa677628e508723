// The part of the finished-tests list a frame shows: the rows around the selection, after the `f` and `/`
// filters. Computed where the list is kept: beside the state (history browser, in-process dashboard), or on
// the run's side for the dashboard's thread, which then receives a page instead of every finished test.
import { isFailing, type FinishedTest } from './state.js';

/** What the list on screen asks for. */
export interface ListQuery {
  selected: number;
  /** How many rows the list has room for. */
  rows: number;
  failuresOnly: boolean;
  filter?: string;
}

export interface ListPage {
  /** Tests in the (filtered) list. */
  length: number;
  /** The selection, kept inside the list. */
  at: number;
  /** The list index of rows[0]. */
  from: number;
  rows: FinishedTest[];
}

/** A list of finished tests, read one at a time (the run's side keeps it column by column). */
export interface FinishedList {
  size: number;
  name(i: number): string;
  failing(i: number): boolean;
  row(i: number): FinishedTest;
}

export function arrayList(tests: FinishedTest[]): FinishedList {
  return { size: tests.length, name: (i) => tests[i]!.name, failing: (i) => isFailing(tests[i]!), row: (i) => tests[i]! };
}

/** Whether a test stays in the list under the query's filters. */
export function matches(q: ListQuery, name: string, failing: boolean): boolean {
  return (!q.failuresOnly || failing) && (!q.filter || name.toLowerCase().includes(q.filter.toLowerCase()));
}

export function pageOf(list: FinishedList, q: ListQuery): ListPage {
  let matching: number[] | undefined;
  if (q.failuresOnly || q.filter) {
    matching = [];
    for (let i = 0; i < list.size; i++) if (matches(q, list.name(i), list.failing(i))) matching.push(i);
  }
  const length = matching ? matching.length : list.size;
  const at = Math.min(q.selected, Math.max(0, length - 1));
  const from = Math.max(0, Math.min(at - Math.floor(q.rows / 2), length - q.rows));
  const rows: FinishedTest[] = [];
  for (let j = from; j < Math.min(length, from + q.rows); j++) rows.push(list.row(matching ? matching[j]! : j));
  return { length, at, from, rows };
}

export function sameQuery(a: ListQuery | undefined, b: ListQuery): boolean {
  return a !== undefined && a.selected === b.selected && a.rows === b.rows && sameFilters(a, b);
}

export function sameFilters(a: ListQuery, b: ListQuery): boolean {
  return a.failuresOnly === b.failuresOnly && a.filter === b.filter;
}
