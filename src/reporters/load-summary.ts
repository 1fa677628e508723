// A load test's end-of-test summary, like k6's: read back from the metrics and checks of its result, so
// any reporter (and `aitest show`) can print it without knowing the load executor.
import type { CheckResult, Metric } from '../events/types.js';
import { terminalLine, type Colors } from './format.js';

const STATS = ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'max'];

function ms(v: number): string {
  if (v >= 1000) return `${(v / 1000).toFixed(2)}s`;
  if (v >= 1) return `${v.toFixed(2)}ms`;
  return `${(v * 1000).toFixed(0)}µs`;
}

function bytes(v: number): string {
  if (v >= 1e9) return `${(v / 1e9).toFixed(1)} GB`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(1)} MB`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)} kB`;
  return `${v} B`;
}

const pct = (r: number): string => `${(r * 100).toFixed(2)}%`;

/** The summary lines (without trailing newlines), indented by `indent`; empty when `metrics` hold no load summary. */
export function renderLoadSummary(metrics: Metric[], checks: CheckResult[], c: Colors, indent = '      '): string[] {
  const overall = metrics.filter((m) => m.labels?.step === undefined);
  const one = (name: string, unit: string, extra?: (l: Record<string, string>) => boolean) =>
    overall.find((m) => m.name === name && m.unit === unit && (extra ? extra(m.labels ?? {}) : !m.labels?.stat && !m.labels?.status && !m.labels?.kind && !m.labels?.check));
  const reqs = one('http_reqs', 'count');
  if (!reqs) return [];
  const rows: [string, string][] = [];
  const trend = (name: string, label: string, from: Metric[]): void => {
    const by = new Map(from.filter((m) => m.name === name && m.labels?.stat).map((m) => [m.labels!.stat, m.value]));
    if (by.size === 0) return;
    rows.push([label, STATS.filter((s) => by.has(s)).map((s) => `${s}=${ms(by.get(s)!)}`).join(' ')]);
  };
  trend('http_req_duration', 'http_req_duration', overall);
  trend('http_req_service_time', '  service time (uncorrected)', overall);
  const steps = [...new Set(metrics.map((m) => m.labels?.step).filter((s): s is string => s !== undefined))];
  for (const step of steps) trend('http_req_duration', `  { step: ${terminalLine(step)} }`, metrics.filter((m) => m.labels?.step === step));
  const failed = one('http_req_failed', 'ratio');
  if (failed) rows.push(['http_req_failed', `${pct(failed.value)}  ${Math.round(failed.value * reqs.value)} of ${reqs.value}`]);
  rows.push(['http_reqs', `${reqs.value}  ${(one('http_reqs', '/s')?.value ?? 0).toFixed(1)}/s`]);
  const statuses = overall.filter((m) => m.name === 'http_status').map((m) => `${m.labels!.status}: ${m.value}`);
  if (statuses.length) rows.push(['  status codes', statuses.join(', ')]);
  const errors = overall.filter((m) => m.name === 'http_errors').map((m) => `${m.labels!.kind}: ${m.value}`);
  if (errors.length) rows.push(['  errors', errors.join(', ')]);
  const iterations = one('iterations', 'count');
  if (iterations) rows.push(['iterations', `${iterations.value}  ${(one('iterations', '/s')?.value ?? 0).toFixed(1)}/s`]);
  const dropped = one('dropped_iterations', 'count');
  if (dropped) rows.push(['dropped_iterations', String(dropped.value)]);
  trend('iteration_duration', 'iteration_duration', overall);
  const checkRatio = one('checks', 'ratio');
  if (checkRatio) rows.push(['checks', pct(checkRatio.value)]);
  const vus = one('vus_max', 'count');
  if (vus) rows.push(['vus_max', String(vus.value)]);
  const inBytes = one('data_received', 'bytes');
  const outBytes = one('data_sent', 'bytes');
  if (inBytes && outBytes) rows.push(['data', `${bytes(inBytes.value)} received, ${bytes(outBytes.value)} sent`]);
  for (const t of checks.filter((x) => x.name.startsWith('threshold '))) {
    rows.push([`${t.ok ? c.green('✓') : c.red('✗')} ${terminalLine(t.name.slice('threshold '.length))}`, `measured ${terminalLine(String(t.actual))}`]);
  }
  const width = Math.max(...rows.map(([k]) => k.replace(/\x1b\[[0-9;]*m/g, '').length));
  return rows.map(([k, v]) => `${indent}${k}${' '.repeat(width - k.replace(/\x1b\[[0-9;]*m/g, '').length)}  ${c.dim('.')} ${v}`);
}
