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
  const from = windowFrom(at, length, q.rows);
  const rows: FinishedTest[] = [];
  for (let j = from; j < Math.min(length, from + q.rows); j++) rows.push(list.row(matching ? matching[j]! : j));
  return { length, at, from, rows };
}

/** The first row of a window of `rows` around the selection `at` in a list of `length`. */
export function windowFrom(at: number, length: number, rows: number): number {
  return Math.max(0, Math.min(at - Math.floor(rows / 2), length - rows));
}

/**
 * What a page at hand can show of the window a query wants, while the page for that query is on its way:
 * the rows of the window it has. Without this the list would jump back to the old window for a frame.
 */
export function pageToward(page: ListPage, q: ListQuery): ListPage {
  const at = Math.min(q.selected, Math.max(0, page.length - 1));
  const from = windowFrom(at, page.length, q.rows);
  if (from === page.from) return page;
  const first = Math.max(from, page.from);
  const end = Math.min(from + q.rows, page.from + page.rows.length);
  return { ...page, at, from: first, rows: page.rows.slice(Math.max(0, first - page.from), Math.max(0, end - page.from)) };
}

export function sameQuery(a: ListQuery | undefined, b: ListQuery): boolean {
  return a !== undefined && a.selected === b.selected && a.rows === b.rows && sameFilters(a, b);
}

export function sameFilters(a: ListQuery, b: ListQuery): boolean {
  return a.failuresOnly === b.failuresOnly && a.filter === b.filter;
}
