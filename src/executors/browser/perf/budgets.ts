// Budgets against measurements: medians over runs, one check per budget, metrics for trends.
import type { CheckInput } from '../../types.js';
import { parseDuration } from '../../../plan/duration.js';
import type { BudgetsSpec } from '../../../plan/types.js';
import type { PageMeasurement } from './page-probe.js';

export type MetricName = Exclude<keyof PageMeasurement, never>;

/** Unit of each measurement, for metrics and messages. */
export const UNITS: Record<MetricName, string> = {
  lcp: 'ms', fcp: 'ms', ttfb: 'ms', inp: 'ms', tbt: 'ms', load: 'ms', cls: 'score', transferSize: 'bytes', requests: 'count',
};

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2;
}

/** The median of each measurement over the runs that have it. */
export function medians(runs: PageMeasurement[]): Partial<Record<MetricName, number>> {
  const out: Partial<Record<MetricName, number>> = {};
  for (const name of Object.keys(UNITS) as MetricName[]) {
    const m = median(runs.map((r) => r[name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
    if (m !== undefined) out[name] = m;
  }
  return out;
}

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*(B|kB|KB|MB|GB)\s*$/;
const SIZE_UNITS: Record<string, number> = { B: 1, kB: 1000, KB: 1024, MB: 1_000_000, GB: 1_000_000_000 };

export function parseSize(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = SIZE.exec(v);
  if (!m) throw new Error(`not a size: ${v}`);
  return Number(m[1]) * SIZE_UNITS[m[2]!]!;
}

function formatMetric(name: MetricName, value: number): string {
  const unit = UNITS[name];
  if (unit === 'ms') return `${Math.round(value)} ms`;
  if (unit === 'bytes') return value >= 1_000_000 ? `${(value / 1_000_000).toFixed(2)} MB` : `${(value / 1000).toFixed(1)} kB`;
  if (unit === 'score') return value.toFixed(3);
  return String(value);
}

function limitOf(name: keyof BudgetsSpec, v: BudgetsSpec[keyof BudgetsSpec]): number {
  if (name === 'cls' || name === 'requests') return v as number;
  if (name === 'transferSize') return parseSize(v as number | string);
  return parseDuration(v as number | string);
}

/** One check per budget: `lcp ≤ 2500 ms`, actual the median. A metric never measured fails with why. */
export function budgetChecks(budgets: BudgetsSpec | undefined, measured: Partial<Record<MetricName, number>>, runs: number): CheckInput[] {
  const checks: CheckInput[] = [];
  for (const [key, value] of Object.entries(budgets ?? {}) as [keyof BudgetsSpec, BudgetsSpec[keyof BudgetsSpec]][]) {
    if (value === undefined) continue;
    const limit = limitOf(key, value);
    const actual = measured[key];
    const expected = `≤ ${formatMetric(key, limit)}`;
    if (actual === undefined) {
      const why = key === 'inp' ? 'no interaction happened: add a click or key press in `steps`' : 'the page never reported it';
      checks.push({ name: `budget ${key}`, ok: false, expected, actual: 'not measured', message: `${key} was not measured: ${why}.` });
      continue;
    }
    const over = runs > 1 ? ` (median of ${runs} runs)` : '';
    checks.push({ name: `budget ${key}`, ok: actual <= limit, expected, actual: `${formatMetric(key, actual)}${over}` });
  }
  return checks;
}
