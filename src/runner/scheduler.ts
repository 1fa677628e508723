// Hands TestCases to concurrent worker slots: retries, max-failures, and stopping on interrupt.
import { isFailing, type FinalStatus } from '../events/counts.js';
import type { TestResult, TestStatus } from '../events/types.js';
import type { ResourceKind } from '../executors/types.js';
import type { TestCase } from '../plan/types.js';
import { runAttempts } from '../worker/attempts.js';

export type { FinalStatus };

export interface ScheduleOptions {
  workers: number;
  /** Stop starting new tests after this many final failures (0 or undefined: never). */
  maxFailures?: number;
  signal: AbortSignal;
  resourceOf(tc: TestCase): ResourceKind;
  /** At most this many tests of a resource at once (e.g. browsers: each slot running one holds a browser). */
  limits?: Partial<Record<ResourceKind, number>>;
  runAttempt(tc: TestCase, attempt: number, workerId: string): Promise<TestResult | undefined>;
}

export interface ScheduleOutcome {
  /** Final status and attempt per test id (not the whole result: a long run would hold every one). */
  finals: Map<string, FinalStatus>;
  /** Tests never finished: interrupted, or not started after max-failures. */
  notRun: number;
  stoppedByMaxFailures: boolean;
}


export async function schedule(cases: TestCase[], o: ScheduleOptions): Promise<ScheduleOutcome> {
  const finals = new Map<string, FinalStatus>();
  let failures = 0;
  let stoppedByMaxFailures = false;
  const stopped = (): boolean => o.signal.aborted || stoppedByMaxFailures;

  const runOne = async (tc: TestCase, workerId: string): Promise<void> => {
    const result = await runAttempts((attempt) => o.runAttempt(tc, attempt, workerId), o.signal);
    if (!result) return; // interrupted mid-test
    finals.set(tc.id, { status: result.status, attempt: result.attempt });
    if (isFailing(result.status)) {
      failures++;
      if (o.maxFailures && failures >= o.maxFailures) stoppedByMaxFailures = true;
    }
  };

  // Each resource kind is its own queue with its own number of slots; they run side by side.
  // Slot names are unique across queues, so slot-scoped resources (a browser) are never shared.
  let slotNames = 0;
  const runQueue = async (queue: TestCase[], slots: number): Promise<void> => {
    let next = 0;
    const slot = async (): Promise<void> => {
      const workerId = `w${slotNames++}`;
      while (!stopped() && next < queue.length) {
        const tc = queue[next++];
        await runOne(tc, workerId);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(slots, queue.length)) }, () => slot()));
  };

  const byResource = new Map<ResourceKind, TestCase[]>();
  for (const tc of cases) {
    const r = o.resourceOf(tc);
    const q = byResource.get(r);
    if (q) q.push(tc);
    else byResource.set(r, [tc]);
  }
  const network = byResource.get('network') ?? [];
  const browser = byResource.get('browser') ?? [];
  // Browser and network tests share the worker count (each kind keeps at least one slot while it has
  // tests); browsers are also capped by their limit, since each running one holds a browser process.
  const browserSlots = browser.length === 0 ? 0 : Math.max(1, Math.min(o.limits?.browser ?? o.workers, o.workers));
  const networkSlots = Math.max(1, o.workers - browserSlots);
  await Promise.all([
    network.length ? runQueue(network, networkSlots) : undefined,
    browser.length ? runQueue(browser, browserSlots) : undefined,
  ]);
  // Exclusive tests (load) run alone after the rest, so neither skews the other.
  const exclusive = byResource.get('exclusive') ?? [];
  if (exclusive.length) await runQueue(exclusive, 1);

  return { finals, notRun: cases.length - finals.size, stoppedByMaxFailures };
}
