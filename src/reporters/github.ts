// `--reporter github`: workflow-command annotations on the plan file and line, and the job summary.
import { isFailing } from '../events/counts.js';
import { appendFile } from 'node:fs/promises';
import { createCollector } from './collect.js';
import { renderFailureDetails, failureReason } from './failures.js';
import { createPalette, statusStyle, terminalLine, terminalText } from './format.js';
import { renderStepSummary } from './github-summary.js';
import { fromEvent, type ReportedTest } from './reported-test.js';
import type { Reporter, ReporterFactory } from './types.js';

// Workflow-command escaping as GitHub's runner decodes it: data escapes %, CR and LF;
// property values additionally escape ':' and ',' which separate properties.
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(kind: 'error' | 'warning' | 'notice', props: Record<string, string | number | undefined>, message: string): string {
  const list = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeCommandProperty(terminalLine(String(v)))}`)
    .join(',');
  // The runner prints these lines to the job's log as they are: no control character may reach it raw.
  return `::${kind}${list ? ` ${list}` : ''}::${escapeCommandData(terminalText(message))}\n`;
}

const plain = createPalette(false);

function location(t: ReportedTest): { file: string; line?: number } {
  return { file: t.file, line: t.line > 0 ? t.line : undefined };
}

function titleOf(t: ReportedTest, what: string): string {
  return `${t.name}${t.project ? ` [${t.project}]` : ''}: ${what}`;
}

export const createGithubReporter: ReporterFactory = (_options, ctx): Reporter => {
  const collector = createCollector();
  // Why a flaky test failed before it passed: the final result alone no longer says.
  const lastFailure = new Map<string, string>();
  const write = (s: string): void => ctx.stdout.write(s);

  return {
    onEvent(e) {
      collector.onEvent(e);
      if (e.type === 'test:end') {
        const t = fromEvent(e.test, e.result);
        const key = `${t.id}\u0000${t.project ?? ''}`;
        if (e.result.willRetry) {
          lastFailure.set(key, failureReason(t, 300));
          return;
        }
        if (isFailing(t.status)) {
          const message = renderFailureDetails(t, plain, '').join('\n') || failureReason(t);
          write(workflowCommand('error', { ...location(t), title: titleOf(t, statusStyle(t.status).label) }, message));
        } else if (t.status === 'flaky') {
          const why = lastFailure.get(key);
          const message = `Passed on attempt ${t.attempts} after failing${why ? `: ${why}` : '.'}`;
          write(workflowCommand('warning', { ...location(t), title: titleOf(t, 'flaky') }, message));
        }
        lastFailure.delete(key);
      } else if (e.type === 'run:log' && e.level !== 'info') {
        write(workflowCommand(e.level === 'error' ? 'error' : 'warning', { title: 'aitest' }, e.message));
      }
    },
    async close() {
      const file = ctx.env.GITHUB_STEP_SUMMARY;
      const run = collector.run;
      if (!file || !run) return;
      const markdown = renderStepSummary({
        title: run.plans.map((p) => p.name).join(', ') || 'run',
        status: collector.status(),
        runId: run.id,
        durationMs: collector.durationMs() ?? 0,
        counts: collector.counts(),
        tests: collector.tests(),
      });
      // Append: other steps of the job write to the same file.
      await appendFile(file, markdown);
    },
  };
};
