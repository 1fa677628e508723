// Trends across a plan's recent runs, from the store alone: pass rate and duration per run, the flakiest
// tests (how often their outcome flips), the slowest, and key metrics over time.
import type { ResultRecord, RunRecord } from '../store/types.js';

export interface Trends {
  runs: { id: string; startedAt: number; passRate: number; durationMs: number }[];
  flakiest: { test: string; flips: number; flipRate: number; runs: number }[];
  slowest: { test: string; meanMs: number; runs: number }[];
  metrics: { metric: string; test: string; values: (number | undefined)[] }[];
}

// Metrics worth a line: what budgets and thresholds are usually about.
const TRACKED: { name: string; stat?: string; unit?: string; label: string }[] = [
  { name: 'http_req_duration', stat: 'p(95)', label: 'p95 (ms)' },
  { name: 'web_vitals_lcp', label: 'LCP (ms)' },
  { name: 'web_vitals_cls', label: 'CLS' },
  { name: 'a11y_violations_total', label: 'a11y violations' },
  { name: 'http_reqs', unit: '/s', label: 'req/s' },
];

const PASS = new Set(['passed', 'flaky']);

/** `runs` newest first, as the store lists them; each with its final results. */
export function computeTrends(runs: { run: RunRecord; results: ResultRecord[] }[]): Trends {
  const ordered = [...runs].reverse();
  const trends: Trends = { runs: [], flakiest: [], slowest: [], metrics: [] };
  const outcomes = new Map<string, boolean[]>();
  const durations = new Map<string, number[]>();
  const metric = new Map<string, { metric: string; test: string; values: (number | undefined)[] }>();
  ordered.forEach(({ run, results }, i) => {
    const counted = results.filter((r) => r.status !== 'skipped');
    trends.runs.push({ id: run.id, startedAt: run.startedAt, passRate: counted.length ? counted.filter((r) => PASS.has(r.status)).length / counted.length : 1, durationMs: run.durationMs ?? 0 });
    for (const r of counted) {
      const key = r.project ? `${r.name} [${r.project}]` : r.name;
      (outcomes.get(key) ?? outcomes.set(key, []).get(key)!).push(PASS.has(r.status) && r.status !== 'flaky');
      (durations.get(key) ?? durations.set(key, []).get(key)!).push(r.durationMs);
      for (const t of TRACKED) {
        const m = r.metrics.find((x) => x.name === t.name && (t.stat === undefined || x.labels?.stat === t.stat) && (t.unit === undefined || x.unit === t.unit) && !x.labels?.step);
        if (!m) continue;
        const k = `${t.label}\u0000${key}`;
        let row = metric.get(k);
        if (!row) metric.set(k, (row = { metric: t.label, test: key, values: Array.from({ length: ordered.length }, () => undefined) }));
        row.values[i] = m.value;
      }
    }
  });
  for (const [test, list] of outcomes) {
    if (list.length < 2) continue;
    let flips = 0;
    for (let i = 1; i < list.length; i++) if (list[i] !== list[i - 1]) flips++;
    if (flips > 0) trends.flakiest.push({ test, flips, flipRate: flips / (list.length - 1), runs: list.length });
  }
  trends.flakiest.sort((a, b) => b.flipRate - a.flipRate || b.flips - a.flips);
  trends.flakiest.splice(10);
  for (const [test, list] of durations) trends.slowest.push({ test, meanMs: list.reduce((a, b) => a + b, 0) / list.length, runs: list.length });
  trends.slowest.sort((a, b) => b.meanMs - a.meanMs);
  trends.slowest.splice(5);
  trends.metrics = [...metric.values()];
  return trends;
}

const BARS = '▁▂▃▄▅▆▇█';

/** `▁▃▅█` for the values (gaps as spaces), scaled between their min and max. */
export function spark(values: (number | undefined)[]): string {
  const present = values.filter((v): v is number => v !== undefined);
  if (present.length === 0) return '';
  const min = Math.min(...present);
  const max = Math.max(...present);
  return values.map((v) => (v === undefined ? ' ' : BARS[max === min ? 3 : Math.round(((v - min) / (max - min)) * (BARS.length - 1))])).join('');
}
