// `aitest analyze [RUN|last]`: a stored run's quality score and its anomalies against each test's history.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeRun, type RunAnalysis } from '../../analysis/analyze-run.js';
import { narrateFailures, type FailureFacts, type Narrative } from '../../analysis/narrative.js';
import { isFailedCheck, isFailing } from '../../events/counts.js';
import { resolveJudge } from '../../judge/config.js';
import { createProvider } from '../../judge/providers/index.js';
import { createPalette, type Colors } from '../../reporters/format.js';
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
  let failures: FailureFacts[] = [];
  let print: ((narrative: NarrativeOutcome) => void) | undefined;
  const code = await withReadStore(o.db, cli, (store) => {
    const run = findRun(store, o.runId, o.db);
    const results = store.results(run.id);
    const analysis = analyzeRun(results, baselines(store.database(), run.id, o.window), o.sigma);
    failures = results.filter((r) => isFailing(r.status)).map((r) => {
      const logs = textArtifacts(r.artifacts, cli.cwd);
      return {
        name: r.name, type: r.type, status: r.status, ...(r.error === undefined ? {} : { error: r.error }),
        checks: r.checks.filter(isFailedCheck).map((ch) => ({ name: ch.name, expected: ch.expected, actual: ch.actual, ...(ch.message === undefined ? {} : { message: ch.message }) })),
        ...(logs.length ? { logs } : {}),
      };
    });
    print = (narrative) => {
      if (o.json) {
        cli.stdout.write(`${JSON.stringify({ runId: run.id, sigma: o.sigma, window: o.window, ...analysis, ...narrative }, null, 2)}\n`);
        return;
      }
      cli.stdout.write(`${renderAnalysis(run.id, run.plans.map((p) => p.name), analysis, narrative, o, createPalette(cli.colors)).join('\n')}\n`);
    };
  });
  if (code !== 0 || !print) return code;
  print(await narrate(failures, cli));
  return code;
}

const LOG_CHARS = 1500;

/** The tail of each text artifact (a browser log), which often names the cause; secrets were redacted when written. */
export function textArtifacts(artifacts: { path: string; contentType: string }[], cwd: string): string[] {
  const out: string[] = [];
  for (const a of artifacts) {
    if (!a.contentType.startsWith('text/')) continue;
    try {
      const text = readFileSync(path.resolve(cwd, a.path), 'utf8');
      out.push(text.length > LOG_CHARS ? `…${text.slice(-LOG_CHARS)}` : text);
    } catch {
      // Artifacts of an old run may be gone.
    }
  }
  return out;
}

type NarrativeOutcome = { narrative?: Narrative; narrativeSkipped?: string; narrativeRaw?: string };

/** A narrative of the failures when a judge is configured (AITEST_JUDGE_*, OPENAI_API_KEY, GEMINI_API_KEY). */
async function narrate(failures: FailureFacts[], cli: CliContext): Promise<NarrativeOutcome> {
  if (failures.length === 0) return {};
  const judge = resolveJudge(undefined, cli.env);
  if (!judge.ok) return { narrativeSkipped: judge.reason };
  try {
    const provider = await createProvider(judge.config);
    const out = await narrateFailures(failures, provider, judge.config);
    return out.narrative ? { narrative: out.narrative } : { narrativeSkipped: 'the judge\'s reply was not a narrative', narrativeRaw: out.raw };
  } catch (e) {
    return { narrativeSkipped: `the judge could not be asked: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function renderAnalysis(runId: string, plans: string[], analysis: RunAnalysis, n: NarrativeOutcome, o: AnalyzeOptions, c: Colors): string[] {
  const lines = [`run ${runId} (${plans.join(', ')})`];
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
  if (n.narrative) {
    lines.push('', `  ${c.bold('what broke')}: ${n.narrative.summary}`);
    if (n.narrative.causes.length) lines.push(`  ${c.bold('likely causes')}:`, ...n.narrative.causes.map((x) => `    - ${x.cause}${x.tests.length ? c.dim(` (${x.tests.join(', ')})`) : ''}`));
    if (n.narrative.nextSteps.length) lines.push(`  ${c.bold('next steps')}:`, ...n.narrative.nextSteps.map((x) => `    - ${x}`));
  } else if (n.narrativeSkipped) {
    lines.push(c.dim(`  no narrative of the failures: ${n.narrativeSkipped}`));
  }
  return lines;
}
