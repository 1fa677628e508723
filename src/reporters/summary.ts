// The end of a run in text: counts by status, duration, run id, and the failures recap.
import { isFailing, type Counts } from '../events/counts.js';
import type { RunSummary } from '../events/types.js';
import { renderFailureDetails, failureReason } from './failures.js';
import { formatDuration, statusMark, terminalLine, testLocation, type Colors } from './format.js';
import { type ReportedTest } from './reported-test.js';

export { tally, type Counts } from '../events/counts.js';

export function countsOf(s: Omit<RunSummary, 'runId' | 'status' | 'startedAt' | 'durationMs'>): Counts {
  return { total: s.total, passed: s.passed, failed: s.failed, flaky: s.flaky, skipped: s.skipped, timedOut: s.timedOut, errors: s.errors, notRun: s.notRun };
}

/** `1 failed · 4 passed · 1 flaky`: problems first, zeros left out. */
export function renderCounts(n: Counts, c: Colors): string {
  const parts = [
    n.failed && c.red(`${n.failed} failed`),
    n.timedOut && c.red(`${n.timedOut} timed out`),
    n.errors && c.red(`${n.errors} error${n.errors === 1 ? '' : 's'}`),
    n.flaky && c.yellow(`${n.flaky} flaky`),
    n.passed && c.green(`${n.passed} passed`),
    n.skipped && c.dim(`${n.skipped} skipped`),
    n.notRun && c.dim(`${n.notRun} not run`),
  ].filter((p): p is string => typeof p === 'string');
  return parts.length ? parts.join(c.dim(' · ')) : c.dim('no tests');
}

export interface SummaryInput {
  counts: Counts;
  durationMs?: number;
  runId?: string;
  status?: string;
}

export function renderRunSummary(s: SummaryInput, c: Colors): string[] {
  const lead = s.status === 'interrupted' ? `${c.yellow('Interrupted.')} ` : '';
  const tests = `${s.counts.total} test${s.counts.total === 1 ? '' : 's'}`;
  const took = s.durationMs === undefined ? '' : `, ${formatDuration(s.durationMs)}`;
  const lines = [`  ${lead}${renderCounts(s.counts, c)}  ${c.dim(`(${tests}${took})`)}`];
  // An orchestrator names a remote run: its id is shown, not obeyed.
  const runId = s.runId === undefined ? undefined : terminalLine(s.runId);
  if (runId) lines.push(`  ${c.dim('run')} ${runId}  ${c.dim(`· aitest show ${runId}`)}`);
  return lines;
}

/** Numbered list of what did not pass; with details, each one's failing checks and error too. */
export function renderRecap(tests: ReportedTest[], c: Colors, opts: { details: boolean }): string[] {
  const failures = tests.filter((t) => isFailing(t.status));
  if (!failures.length) return [];
  const lines = ['', `  ${c.bold(c.red(`Failures (${failures.length})`))}`];
  failures.forEach((t, i) => {
    const project = t.project ? `  ${c.cyan(`[${terminalLine(t.project)}]`)}` : '';
    lines.push(`  ${c.dim(`${i + 1})`)} ${statusMark(t.status, c)} ${c.bold(terminalLine(t.name))}  ${c.dim(terminalLine(testLocation(t)))}${project}`);
    if (opts.details) lines.push(...renderFailureDetails(t, c, '       '));
    else lines.push(`       ${c.dim(failureReason(t))}`);
  });
  return lines;
}
