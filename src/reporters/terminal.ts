// What the terminal reporters (list, dot) share: the run header, log lines, and the ending.
import { isFailing } from '../events/counts.js';
import { createAssessment, type QualityScore } from './assessment.js';
import type { RunEvent } from '../events/types.js';
import { createCollector } from './collect.js';
import { terminalText, type Colors } from './format.js';
import type { ReportOutput } from './output.js';
import { renderRecap, renderRunSummary } from './summary.js';

/** `run:log` warnings and errors, shared by the terminal reporters. */
export function renderLog(e: Extract<RunEvent, { type: 'run:log' }>, c: Colors): string | undefined {
  if (e.level === 'warn') return `${c.yellow('warning:')} ${terminalText(e.message)}`;
  if (e.level === 'error') return `${c.red('error:')} ${terminalText(e.message)}`;
  // Notes for the person at the terminal (e.g. the judge's token use), quieter than a warning.
  return c.dim(terminalText(e.message));
}

/** The run header: how many tests, on how many workers, which shard. */
export function renderHeader(e: Extract<RunEvent, { type: 'run:start' }>, c: Colors): string {
  const { total, workers, shard } = e.run;
  const shardText = shard ? `, shard ${shard.index}/${shard.total}` : '';
  return `Running ${total} test${total === 1 ? '' : 's'} using ${workers} worker${workers === 1 ? '' : 's'}${c.dim(shardText)}`;
}

/**
 * Prints the summary and the recap once, at run:end, or at close when the run ended without one.
 * Both terminal reporters end the same way; only whether the recap repeats details differs.
 */
export function createEnding(
  out: ReportOutput, c: Colors, opts: { details: boolean },
): { onEvent(e: RunEvent): void; close(): Promise<void> } {
  // The recap lists failures only; passed results need not be held until the end.
  const collector = createCollector({ keep: isFailing });
  const assessment = createAssessment();
  let printed = false;
  const print = (): void => {
    if (printed || !collector.run) return;
    printed = true;
    const lines = [
      '',
      // The counts, the quality score under them, then where to find the run.
      ...withAfterFirst(renderRunSummary({ counts: collector.counts(), durationMs: collector.durationMs(), runId: collector.run.id, status: collector.status() }, c), renderQuality(assessment.result(), c)),
      ...renderRecap(collector.tests(), c, opts),
    ];
    out.write(`${lines.join('\n')}\n`);
  };
  return {
    onEvent(e) {
      collector.onEvent(e);
      assessment.onEvent(e);
      if (e.type === 'run:end') print();
    },
    async close() {
      print();
      await out.close();
    },
  };
}

/** `quality 84/100: functionality 100 · ui 75 · accessibility 67`, when more than the pass rate went into it. */
export function renderQuality(q: QualityScore | undefined, c: Colors): string[] {
  if (!q || q.criteria.length < 2) return [];
  const pct = (x: number): number => Math.round(x * 100);
  return [`  ${c.bold(`quality ${pct(q.score)}/100`)}${c.dim(`: ${q.criteria.map((p) => `${p.name} ${pct(p.score)}`).join(' · ')}`)}`];
}

function withAfterFirst(lines: string[], extra: string[]): string[] {
  return lines.length === 0 ? extra : [lines[0], ...extra, ...lines.slice(1)];
}
