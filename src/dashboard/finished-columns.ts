// The run's finished tests as the dashboard's thread may ask for them: one entry per test in a few
// arrays (no object per passed test, so the run's memory and garbage collection stay proportional to
// failures), the whole row only for the tests that need one (failing, flaky, judged). A page of the list
// is built from here ten times a second, instead of every finished test going over to the thread.
import type { TestRef, TestResult } from '../events/types.js';
import type { FinishedList } from './list-page.js';
import { failingStatus, finishedTest, isFailing, type FinishedSink, type FinishedTest } from './state.js';

/** What the list shows of a test that needs no attention is all there is of it; the rest is in the store. */
function needsWhole(result: TestResult): boolean {
  if (failingStatus(result.status) || result.status === 'flaky') return true;
  const checks = result.checks;
  for (let i = 0; i < checks.length; i++) if (checks[i]!.name === 'judge') return true;
  return false;
}

export class FinishedColumns implements FinishedList {
  private keys: string[] = [];
  // The run holds its tests anyway: a reference to each costs less than copying its name, type and place.
  private tests: TestRef[] = [];
  private statuses: string[] = [];
  private durations: number[] = [];
  private whole = new Map<number, FinishedTest>();
  private wholeByKey = new Map<string, FinishedTest>();

  get size(): number {
    return this.keys.length;
  }

  /** A reduce() sink: keeps a finished test without making an object of it unless it needs one. */
  readonly add: FinishedSink = (key: string, test: TestRef, result: TestResult): void => {
    const i = this.keys.length;
    this.keys.push(key);
    this.tests.push(test);
    this.statuses.push(result.status);
    this.durations.push(result.durationMs);
    if (needsWhole(result)) {
      const t = finishedTest(key, test, result);
      this.whole.set(i, t);
      this.wholeByKey.set(key, t);
    }
  };

  name(i: number): string {
    return this.tests[i]!.name;
  }

  failing(i: number): boolean {
    return this.whole.has(i) && isFailing(this.whole.get(i)!);
  }

  row(i: number): FinishedTest {
    const whole = this.whole.get(i);
    if (whole) return whole;
    const test = this.tests[i]!;
    const row: FinishedTest = {
      key: this.keys[i]!, name: test.name, type: test.type, status: this.statuses[i]!, durationMs: this.durations[i]!,
      checks: [], artifacts: [], where: `${test.file}:${test.line}`, partial: true,
    };
    if (test.project) row.project = test.project;
    return row;
  }

  /** A test kept whole, by key; the others are read back from the store when opened. */
  wholeTest(key: string): FinishedTest | undefined {
    return this.wholeByKey.get(key);
  }
}
