// `aitest analyze [RUN|last]`: a stored run's quality score and its anomalies against each test's history.
import { analyzeRun } from '../../analysis/analyze-run.js';
import { createPalette } from '../../reporters/format.js';
import { renderQuality } from '../../reporters/terminal.js';
import { baselines } from '../../store/baselines.js';
import type { CliContext } from '../context.js';
import { withReadStore } from './read-store.js';
import { findRun } from './show.js';

export interface AnalyzeOptions {
  runId?: string;
  db: string;
  sigma: number;
  window: number;
  json?: boolean;
}

const round = (x: number): number => (Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 100) / 100);

export async function analyzeCommand(o: AnalyzeOptions, cli: CliContext): Promise<number> {
  return withReadStore(o.db, cli, (store) => {
    const run = findRun(store, o.runId, o.db);
    const analysis = analyzeRun(store.results(run.id), baselines(store.database(), run.id, o.window), o.sigma);
    if (o.json) {
      cli.stdout.write(`${JSON.stringify({ runId: run.id, sigma: o.sigma, window: o.window, ...analysis }, null, 2)}\n`);
      return;
    }
    const c = createPalette(cli.colors);
    const lines = [`run ${run.id} (${run.plans.map((p) => p.name).join(', ')})`];
    const q = analysis.quality;
    if (q) lines.push(...(q.criteria.length > 1 ? renderQuality(q, c) : [`  quality ${Math.round(q.score * 100)}/100 (pass rate)`]));
    if (analysis.anomalies.length === 0) lines.push(c.dim(`  no anomalies (no value more than ${o.sigma}σ from its last ${o.window} runs)`));
    else {
      lines.push(`  ${analysis.anomalies.length} anomal${analysis.anomalies.length === 1 ? 'y' : 'ies'} (more than ${o.sigma}σ from the last ${o.window} runs):`);
      for (const a of analysis.anomalies) {
        const sign = a.sigmas > 0 ? '+' : '−';
        lines.push(`  ${c.yellow('⚠')} ${a.test}: ${a.what} ${round(a.value)}, ${sign}${Math.abs(a.sigmas).toFixed(1)}σ (mean ${round(a.mean)} ± ${round(a.stdDev)} over ${a.samples} runs)`);
      }
    }
    cli.stdout.write(`${lines.join('\n')}\n`);
  });
}
