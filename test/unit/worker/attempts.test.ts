// A test's attempts: retried while an attempt asks for it, the attempt that ends a stopped run is final.
import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../../src/events/types.js';
import { runAttempts } from '../../../src/worker/attempts.js';

const result = (attempt: number, willRetry: boolean): TestResult => ({ status: 'failed', attempt, willRetry, startedAt: 0, durationMs: 1, checks: [], steps: [], metrics: [], artifacts: [] });

describe('runAttempts', () => {
  it('runs attempts until one is not to be retried, and returns that one', async () => {
    const seen: number[] = [];
    const final = await runAttempts(async (n) => (seen.push(n), result(n, n < 2)), new AbortController().signal);
    expect(seen).toEqual([0, 1, 2]);
    expect(final?.attempt).toBe(2);
  });

  it('a stopped run retries nothing: the attempt that ended is final', async () => {
    const stop = new AbortController();
    const seen: number[] = [];
    const final = await runAttempts(async (n) => {
      seen.push(n);
      stop.abort();
      return result(n, true);
    }, stop.signal);
    expect(seen).toEqual([0]);
    expect(final).toMatchObject({ attempt: 0, willRetry: true });
  });

  it('an attempt interrupted mid-test leaves the test without a result', async () => {
    expect(await runAttempts(async () => undefined, new AbortController().signal)).toBeUndefined();
  });
});
