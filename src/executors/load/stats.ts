// What a load run counts: HDR histograms of latencies (microsecond resolution, fixed memory however long the
// run), request/byte/status/error counters, check tallies; per step and overall.
import { createRequire } from 'node:module';
import type { Histogram } from 'hdr-histogram-js';

// hdr-histogram-js is CommonJS; only the load generator's thread loads it.
const require = createRequire(import.meta.url);
const hdr = require('hdr-histogram-js') as typeof import('hdr-histogram-js');

/** A latency distribution in ms, as reports show it. */
export interface TrendSummary {
  count: number;
  min: number;
  avg: number;
  med: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

// 1 µs to 1 hour at 3 significant digits: ~0.1 % error, a few tens of KB per histogram.
const HIGHEST_US = 3_600_000_000;

export function newHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_US, numberOfSignificantValueDigits: 3 });
}

/** Records `ms` (a float) as whole microseconds, clamped into the histogram's range. */
export function recordMs(h: Histogram, ms: number): void {
  const us = Math.round(ms * 1000);
  h.recordValue(us < 1 ? 1 : us > HIGHEST_US ? HIGHEST_US : us);
}

export function percentileMs(h: Histogram, p: number): number {
  return h.totalCount === 0 ? 0 : h.getValueAtPercentile(p) / 1000;
}

export function summarize(h: Histogram): TrendSummary {
  if (h.totalCount === 0) return { count: 0, min: 0, avg: 0, med: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  const at = (p: number) => h.getValueAtPercentile(p) / 1000;
  return {
    count: h.totalCount, min: h.minNonZeroValue / 1000, avg: h.mean / 1000, med: at(50), p90: at(90), p95: at(95), p99: at(99), p999: at(99.9), max: h.maxValue / 1000,
  };
}

/** A histogram as compressed text, so the thread can hand it over (and, later, workers merge theirs). */
export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function decodeHistogram(text: string): Histogram {
  return hdr.decodeFromCompressedBase64(text);
}

export interface CheckTally {
  passes: number;
  fails: number;
  /** What the first failure said, to show beside the ratio. */
  firstFailure?: string;
}

/** Everything counted for one step (or, merged, for all of them). */
export class RequestStats {
  /** Latency as the user sees it; in open models measured from when the iteration was due (corrected). */
  readonly duration = newHistogram();
  /** From writing the request to its last response byte: what the server took, without the waits before. */
  readonly service = newHistogram();
  requests = 0;
  /** Network errors and responses with status >= 400 (k6's http_req_failed). */
  failed = 0;
  bytesIn = 0;
  bytesOut = 0;
  readonly statuses = new Map<number, number>();
  readonly errors = new Map<string, number>();
  readonly checks = new Map<string, CheckTally>();

  recordCheck(name: string, ok: boolean, message: string | undefined): void {
    let t = this.checks.get(name);
    if (!t) this.checks.set(name, (t = { passes: 0, fails: 0 }));
    if (ok) t.passes++;
    else {
      t.fails++;
      if (t.firstFailure === undefined && message !== undefined) t.firstFailure = message;
    }
  }
}
