// Anomalies without a model: a value more than `sigma` standard deviations from the test's own recent
// values (its last `window` runs) is flagged, whether a duration or a metric (a p95, an LCP, a count).
export interface Anomaly {
  test: string;
  what: string;
  value: number;
  mean: number;
  stdDev: number;
  /** Signed: positive above the mean. */
  sigmas: number;
  samples: number;
}

// With fewer past values a deviation means little; a flat history (no spread) flags nothing.
const MIN_SAMPLES = 5;

export function deviation(value: number, past: number[], sigma: number): Omit<Anomaly, 'test' | 'what'> | undefined {
  if (past.length < MIN_SAMPLES) return undefined;
  const mean = past.reduce((a, b) => a + b, 0) / past.length;
  const stdDev = Math.sqrt(past.reduce((a, b) => a + (b - mean) ** 2, 0) / (past.length - 1));
  if (stdDev === 0 || !Number.isFinite(stdDev)) return undefined;
  const sigmas = (value - mean) / stdDev;
  return Math.abs(sigmas) > sigma ? { value, mean, stdDev, sigmas, samples: past.length } : undefined;
}
