// Hands TestCases to concurrent worker slots: retries, max-failures, and stopping on interrupt.
import type { TestResult, TestStatus } from '../events/types.js';
import type { ResourceKind } from '../executors/types.js';
import type { TestCase } from '../plan/types.js';

export interface ScheduleOptions {
  workers: number;
  /** Stop starting new tests after this many final failures (0 or undefined: never). */
  maxFailures?: number;
  signal: AbortSignal;
  resourceOf(tc: TestCase): ResourceKind;
  runAttempt(tc: TestCase, attempt: number, workerId: string): Promise<TestResult | undefined>;
}

export interface ScheduleOutcome {
  /** Final status and attempt per test id (not the whole result: a long run would hold every one). */
  finals: Map<string, FinalStatus>;
  /** Tests never finished: interrupted, or not started after max-failures. */
  notRun: number;
  stoppedByMaxFailures: boolean;
}

export type FinalStatus = Pick<TestResult, 'status' | 'attempt'>;

const FAILING: ReadonlySet<TestStatus> = new Set(['failed', 'timedOut', 'error']);

export async function schedule(cases: TestCase[], o: ScheduleOptions): Promise<ScheduleOutcome> {
  const finals = new Map<string, FinalStatus>();
  let failures = 0;
  let stoppedByMaxFailures = false;
  const stopped = (): boolean => o.signal.aborted || stoppedByMaxFailures;

  const runOne = async (tc: TestCase, workerId: string): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      const result = await o.runAttempt(tc, attempt, workerId);
      if (!result) return; // interrupted mid-test
      if (result.willRetry && !o.signal.aborted) continue;
      finals.set(tc.id, { status: result.status, attempt: result.attempt });
      if (FAILING.has(result.status)) {
        failures++;
        if (o.maxFailures && failures >= o.maxFailures) stoppedByMaxFailures = true;
      }
      return;
    }
  };

  const runQueue = async (queue: TestCase[], slots: number): Promise<void> => {
    let next = 0;
    const slot = async (n: number): Promise<void> => {
      const workerId = `w${n}`;
      while (!stopped() && next < queue.length) {
        const tc = queue[next++];
        await runOne(tc, workerId);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(slots, queue.length)) }, (_, i) => slot(i)));
  };

  // Exclusive tests (load) run alone after the rest, so neither skews the other.
  const shared = cases.filter((tc) => o.resourceOf(tc) !== 'exclusive');
  const exclusive = cases.filter((tc) => o.resourceOf(tc) === 'exclusive');
  await runQueue(shared, o.workers);
  await runQueue(exclusive, 1);

  return { finals, notRun: cases.length - finals.size, stoppedByMaxFailures };
}
