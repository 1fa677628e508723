// `aitest report [RUN|last] -o report.html [--open]`: a stored run as the self-contained HTML report.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createAssessment } from '../../reporters/assessment.js';
import { renderHtmlReport } from '../../reporters/html-report.js';
import { compareTests, fromRecord } from '../../reporters/reported-test.js';
import { asEvent } from '../../analysis/analyze-run.js';
import { computeTrends } from '../../analysis/trends.js';
import { liveSeries } from '../../store/baselines.js';
import type { RunRecord, Store } from '../../store/types.js';
import type { CliContext } from '../context.js';
import { withReadStore } from './read-store.js';
import { countsFor, findRun } from './show.js';

export interface ReportOptions {
  runId?: string;
  output: string;
  open?: boolean;
  db: string;
}

/** The plan's last 20 finished runs up to this one, oldest first. */
function trendUpTo(store: Store, run: RunRecord): { passRate: number[]; durationMs: number[] } {
  const runs = store.listRuns({ plan: run.plans[0]?.name, limit: 200 }).filter((r) => r.startedAt <= run.startedAt && r.status !== 'running').slice(0, 20);
  const t = computeTrends(runs.map((r) => ({ run: r, results: store.results(r.id) })));
  return { passRate: t.runs.map((r) => r.passRate), durationMs: t.runs.map((r) => r.durationMs) };
}

export async function reportCommand(o: ReportOptions, cli: CliContext): Promise<number> {
  const out = path.resolve(cli.cwd, o.output);
  const code = await withReadStore(o.db, cli, (store) => {
    const run = findRun(store, o.runId, o.db);
    const records = store.results(run.id);
    const tests = records.map(fromRecord).sort(compareTests);
    const assessment = createAssessment();
    for (const r of records) assessment.onEvent(asEvent(r));
    const quality = assessment.result();
    const html = renderHtmlReport({
      run: { id: run.id, plans: run.plans.map((p) => p.name), status: run.status, startedAt: run.startedAt, durationMs: run.durationMs ?? 0, ...(run.baseUrl ? { baseUrl: run.baseUrl } : {}) },
      counts: countsFor(run, tests), tests, series: liveSeries(store.database(), run.id), cwd: cli.cwd, ...(quality ? { quality } : {}),
      trend: trendUpTo(store, run),
    });
    writeFileSync(out, html);
    cli.stdout.write(`report of run ${run.id} → ${path.relative(cli.cwd, out) || out}\n`);
  });
  if (code === 0 && o.open) {
    // The desktop's opener; where there is none (a server, CI) the path above is enough.
    const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
    spawn(opener, [out], { detached: true, stdio: 'ignore' }).on('error', () => cli.stderr.write(`(could not open a browser; the report is at ${out})\n`)).unref();
  }
  return code;
}
