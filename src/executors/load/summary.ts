// What a load run reports: the per-second ticks, the summary (per step, thresholds judged, histograms
// for merging) and the threshold rules. Types only, shared by the engine, the merge and the executor.
import type { Threshold } from '../../plan/threshold-syntax.js';
import type { Model } from './models.js';
import type { TrendSummary } from './stats.js';

export interface Tick {
  /** Seconds since the start. */
  t: number;
  rps: number;
  /** p95 of the requests that completed in this second, ms (0 when none did). */
  p95: number;
  /** Failed requests (network errors and status >= 400) in this second. */
  errors: number;
  /** VUs busy with an iteration now. */
  vus: number;
  iterations: number;
  dropped: number;
  /** Every threshold as measured so far, so a dashboard can turn it red or green while the test runs. */
  thresholds: { name: string; ok: boolean }[];
}

export interface StepSummary {
  name: string;
  requests: number;
  failed: number;
  bytesIn: number;
  bytesOut: number;
  duration: TrendSummary;
  service: TrendSummary;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  checks: { name: string; passes: number; fails: number; firstFailure?: string }[];
}

export interface ThresholdOutcome {
  key: string;
  source: string;
  ok: boolean;
  /** The measured value (ms, ratio, count or per second); undefined when there was nothing to measure. */
  actual?: number;
  unit: string;
}

export interface LoadSummary {
  model: Model['name'];
  open: boolean;
  durationMs: number;
  overall: StepSummary;
  steps: StepSummary[];
  iterations: number;
  dropped: number;
  iterationDuration: TrendSummary;
  vusMax: number;
  checks: { passes: number; fails: number };
  thresholds: ThresholdOutcome[];
  /** The threshold that stopped the run (abortOnFail), if one did. */
  abortedBy?: string;
  /** Stopped from outside (Ctrl-C, timeout) before the model's end. */
  interrupted: boolean;
  /**
   * Each step's latency histograms and the iterations', compressed (hdr-histogram-js base64): the parts of
   * a distributed test are merged from these, never by averaging percentiles. The overall ones are the
   * steps' added up.
   */
  histograms: { steps: { duration: string; service: string }[]; iteration: string };
}

export interface ThresholdRule {
  threshold: Threshold;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
}

