// `aitest trends [--plan P] [--last N]`: pass rate and duration per run as sparklines, the flakiest and
// slowest tests, key metrics over time, and the newest run's anomalies.
import { analyzeRun } from '../../analysis/analyze-run.js';
import { computeTrends, spark } from '../../analysis/trends.js';
import { createPalette, formatDuration } from '../../reporters/format.js';
import { baselines } from '../../store/baselines.js';
import type { CliContext } from '../context.js';
import { withReadStore } from './read-store.js';

export interface TrendsOptions {
  plan?: string;
  last: number;
  json?: boolean;
  db: string;
}

export async function trendsCommand(o: TrendsOptions, cli: CliContext): Promise<number> {
  return withReadStore(o.db, cli, (store) => {
    const runs = store.listRuns({ ...(o.plan === undefined ? {} : { plan: o.plan }), limit: o.last }).filter((r) => r.status !== 'running');
    const trends = computeTrends(runs.map((run) => ({ run, results: store.results(run.id) })));
    const newest = runs[0];
    const anomalies = newest ? analyzeRun(store.results(newest.id), baselines(store.database(), newest.id, 20), 2).anomalies : [];
    if (o.json) {
      cli.stdout.write(`${JSON.stringify({ ...trends, anomalies }, null, 2)}\n`);
      return;
    }
    const c = createPalette(cli.colors);
    if (trends.runs.length === 0) {
      cli.stdout.write(`No finished runs${o.plan ? ` of plan "${o.plan}"` : ''} yet.\n`);
      return;
    }
    const pct = (x: number): string => `${Math.round(x * 100)}%`;
    const first = trends.runs[0];
    const last = trends.runs[trends.runs.length - 1];
    const lines = [
      `${trends.runs.length} run${trends.runs.length === 1 ? '' : 's'}${o.plan ? ` of ${o.plan}` : ''}, oldest → newest`,
      `  pass rate  ${spark(trends.runs.map((r) => r.passRate))}  ${pct(first.passRate)} → ${pct(last.passRate)}`,
      `  duration   ${spark(trends.runs.map((r) => r.durationMs))}  ${formatDuration(first.durationMs)} → ${formatDuration(last.durationMs)}`,
    ];
    if (trends.flakiest.length) {
      lines.push('', c.bold('flakiest (outcome flips between runs)'));
      for (const f of trends.flakiest) lines.push(`  ${pct(f.flipRate).padStart(4)}  ${f.test} ${c.dim(`(${f.flips} flip${f.flips === 1 ? '' : 's'} in ${f.runs} runs)`)}`);
    }
    if (trends.slowest.length) {
      lines.push('', c.bold('slowest (mean duration)'));
      for (const s of trends.slowest) lines.push(`  ${formatDuration(s.meanMs).padStart(7)}  ${s.test}`);
    }
    if (trends.metrics.length) {
      lines.push('', c.bold('metrics over time'));
      for (const m of trends.metrics) {
        const present = m.values.filter((v): v is number => v !== undefined);
        lines.push(`  ${spark(m.values)}  ${m.metric} · ${m.test} ${c.dim(`${Math.round(present[0] * 100) / 100} → ${Math.round(present[present.length - 1] * 100) / 100}`)}`);
      }
    }
    if (anomalies.length) {
      lines.push('', c.bold(`anomalies in the newest run (beyond 2σ)`));
      for (const a of anomalies.slice(0, 10)) lines.push(`  ${c.yellow('⚠')} ${a.test}: ${a.what} ${Math.round(a.value * 100) / 100} (${a.sigmas > 0 ? '+' : '−'}${Math.abs(a.sigmas).toFixed(1)}σ)`);
    }
    cli.stdout.write(`${lines.join('\n')}\n`);
  });
}
