// The run's finished tests as the dashboard's thread may ask for them: one entry per test in a few
// arrays (no object per passed test, so the run's memory and garbage collection stay proportional to
// failures), the whole row only for the tests that need one (failing, flaky, judged). A page of the list
// is built from here ten times a second, instead of every finished test going over to the thread.
import type { FinishedList } from './list-page.js';
import { isFailing, type FinishedTest } from './state.js';

/** What the list shows of a test that needs no attention is all there is of it; the rest is in the store. */
function needsWhole(t: FinishedTest): boolean {
  return isFailing(t) || t.status === 'flaky' || t.checks.some((c) => c.name === 'judge');
}

export class FinishedColumns implements FinishedList {
  private keys: string[] = [];
  private names: string[] = [];
  private types: string[] = [];
  private statuses: string[] = [];
  private durations: number[] = [];
  private wheres: (string | undefined)[] = [];
  private projects: (string | undefined)[] = [];
  private whole = new Map<number, FinishedTest>();
  private wholeByKey = new Map<string, FinishedTest>();

  get size(): number {
    return this.keys.length;
  }

  push(t: FinishedTest): void {
    const i = this.keys.length;
    this.keys.push(t.key);
    this.names.push(t.name);
    this.types.push(t.type);
    this.statuses.push(t.status);
    this.durations.push(t.durationMs);
    this.wheres.push(t.where);
    this.projects.push(t.project);
    if (needsWhole(t)) {
      this.whole.set(i, t);
      this.wholeByKey.set(t.key, t);
    }
  }

  name(i: number): string {
    return this.names[i]!;
  }

  failing(i: number): boolean {
    return this.whole.has(i) && isFailing(this.whole.get(i)!);
  }

  row(i: number): FinishedTest {
    const whole = this.whole.get(i);
    if (whole) return whole;
    const row: FinishedTest = { key: this.keys[i]!, name: this.names[i]!, type: this.types[i]!, status: this.statuses[i]!, durationMs: this.durations[i]!, checks: [], artifacts: [], partial: true };
    if (this.projects[i] !== undefined) row.project = this.projects[i];
    if (this.wheres[i] !== undefined) row.where = this.wheres[i];
    return row;
  }

  /** A test kept whole, by key; the others are read back from the store when opened. */
  wholeTest(key: string): FinishedTest | undefined {
    return this.wholeByKey.get(key);
  }
}
