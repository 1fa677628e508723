// `aitest show [RUN_ID|last]`: a stored run's summary and its failures, as text or the JSON report format.
import { AitestError } from '../../errors.js';
import { createPalette, formatDuration, formatTimestamp, type Colors } from '../../reporters/format.js';
import { buildJsonReport, runInputFromRecord, serializeJsonReport } from '../../reporters/json-report.js';
import { compareTests, fromRecord, type ReportedTest } from '../../reporters/reported-test.js';
import { renderCounts, renderRecap, tally, type Counts } from '../../reporters/summary.js';
import type { RunRecord, Store } from '../../store/types.js';
import type { CliContext } from '../context.js';
import { historySource } from '../history-source.js';
import { withReadStore } from './read-store.js';

export interface ShowOptions {
  runId?: string;
  json?: boolean;
  db: string;
}

export async function showCommand(opts: ShowOptions, cli: CliContext): Promise<number> {
  // No run named, a person at a terminal: browse instead of printing the newest run.
  const t = cli.terminal;
  if (opts.runId === undefined && !opts.json && t?.stdout.isTTY && t.stdin.isTTY) {
    return withReadStore(opts.db, cli, async (store) => {
      const { browseHistory } = await import('../../dashboard/browse.js');
      await browseHistory(historySource(store), { stdout: t.stdout, stdin: t.stdin });
    });
  }
  return withReadStore(opts.db, cli, (store) => {
    const run = findRun(store, opts.runId, opts.db);
    const tests = store.results(run.id).map(fromRecord).sort(compareTests);
    const counts = countsFor(run, tests);
    if (opts.json) {
      cli.stdout.write(serializeJsonReport(buildJsonReport(runInputFromRecord(run, Date.now()), counts, tests)));
    } else {
      cli.stdout.write(`${renderRun(run, counts, tests, createPalette(cli.colors)).join('\n')}\n`);
    }
  });
}

/** Exact id, `last` (or nothing) for the newest run, or an unambiguous prefix of an id. */
export function findRun(store: Store, runId: string | undefined, db: string): RunRecord {
  if (!runId || runId === 'last') {
    const latest = store.latestRun();
    if (!latest) throw new AitestError('NOT_FOUND', `No runs in ${db} yet.`, { hint: 'Run `aitest run <plan>` first.' });
    return latest;
  }
  const exact = store.getRun(runId);
  if (exact) return exact;
  const runs = store.listRuns();
  const matches = runs.filter((r) => r.id.startsWith(runId));
  if (matches.length === 1) return matches[0];
  const recent = runs.slice(0, 5).map((r) => r.id).join(', ');
  throw new AitestError('NOT_FOUND', matches.length > 1 ? `"${runId}" matches ${matches.length} runs in ${db}.` : `No run "${runId}" in ${db}.`, {
    hint: matches.length > 1 ? 'Give more of the run id.' : recent ? `Recent runs: ${recent} (or use \`aitest show last\`).` : 'The database has no runs yet.',
  });
}

/** A run that never ended (killed) has no final counts: count what it stored. */
export function countsFor(run: RunRecord, tests: ReportedTest[]): Counts {
  if (run.status !== 'running') return { ...run.counts, notRun: run.counts.notRun ?? 0 };
  const n = tally(tests);
  n.notRun = Math.max(0, run.counts.total - n.total);
  n.total = Math.max(n.total, run.counts.total);
  return n;
}

const RUN_STATUS: Record<string, (c: Colors) => string> = {
  passed: (c) => c.green('✓ passed'),
  failed: (c) => c.red('✘ failed'),
  interrupted: (c) => c.yellow('⏹ interrupted'),
  running: (c) => c.yellow('… did not finish (still running, or the process was killed)'),
};

function renderRun(run: RunRecord, counts: Counts, tests: ReportedTest[], c: Colors): string[] {
  const row = (label: string, value: string): string => `  ${c.dim(label.padEnd(9))} ${value}`;
  const lines = [`${c.bold(`Run ${run.id}`)}  ${RUN_STATUS[run.status]?.(c) ?? run.status}`];
  const plans = run.plans.map((p) => `${c.bold(p.name)} ${c.dim(p.file)}`).join(', ');
  lines.push(row(run.plans.length > 1 ? 'plans' : 'plan', plans || c.dim('none')));
  lines.push(row('started', formatTimestamp(run.startedAt)));
  if (run.gitBranch || run.gitCommit) {
    lines.push(row('git', [run.gitBranch, run.gitCommit && c.dim(`@ ${run.gitCommit.slice(0, 12)}`)].filter(Boolean).join(' ')));
  }
  if (run.shard) lines.push(row('shard', `${run.shard.index}/${run.shard.total}`));
  if (run.durationMs !== undefined) lines.push(row('duration', formatDuration(run.durationMs)));
  lines.push(row('tests', `${renderCounts(counts, c)}  ${c.dim(`(${counts.total} total)`)}`));

  lines.push(...renderRecap(tests, c, { details: true }));
  const flaky = tests.filter((t) => t.status === 'flaky');
  if (flaky.length) {
    lines.push('', `  ${c.bold(c.yellow(`Flaky (${flaky.length})`))}`);
    for (const t of flaky) lines.push(`  ${c.yellow('~')} ${t.name}  ${c.dim(`${t.file}:${t.line}, passed on attempt ${t.attempts}`)}`);
  }
  return lines;
}
