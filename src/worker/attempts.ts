// A test's attempts, one after another until one is final: the same rule for a local slot and a remote
// worker, so retries mean the same wherever a test runs.
import type { TestResult } from '../events/types.js';

/**
 * Runs attempt 0, 1, … of one test until an attempt is not to be retried, or the run is stopped (then the
 * attempt that ended is final, retry or not). Undefined when the run was interrupted mid-test: an
 * unfinished test has no result.
 */
export async function runAttempts(attempt: (n: number) => Promise<TestResult | undefined>, signal: AbortSignal): Promise<TestResult | undefined> {
  for (let n = 0; ; n++) {
    const result = await attempt(n);
    if (!result || !result.willRetry || signal.aborted) return result;
  }
}
