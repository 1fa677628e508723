// The default reporter: one line per finished test, failures in place, a summary and recap at the end.
import { isFailing } from '../events/counts.js';
import { renderFailureDetails } from './failures.js';
import { renderLoadSummary } from './load-summary.js';
import { createPalette, formatDuration, statusMark, terminalLine, terminalText, testTitle } from './format.js';
import { createOutput } from './output.js';
import { fromEvent } from './reported-test.js';
import { createEnding, renderHeader, renderLog } from './terminal.js';
import type { Reporter, ReporterFactory } from './types.js';

export const createListReporter: ReporterFactory = (options, ctx): Reporter => {
  const out = createOutput(options.file, ctx);
  const c = createPalette(out.colors);
  const ending = createEnding(out, c, { details: false });
  const line = (s: string): void => out.write(`${s}\n`);
  const passMark = statusMark('passed', c);

  return {
    ownsTerminal: out.toTerminal,
    onEvent(e) {
      switch (e.type) {
        case 'run:start':
          line(renderHeader(e, c));
          line('');
          break;
        case 'test:end': {
          // The common case, a test that passed first time, is one line from the event as it is.
          if (e.result.status === 'passed' && e.result.attempt === 0) {
            line(`  ${passMark} ${testTitle({ name: e.test.name, type: e.test.type, durationMs: e.result.durationMs, project: e.test.project, attempts: 1 }, c)}`);
            if (e.test.type === 'load') for (const l of renderLoadSummary(e.result.metrics, e.result.checks, c)) line(l);
            break;
          }
          const t = fromEvent(e.test, e.result);
          if (e.result.willRetry) {
            line(c.dim(`  ↻ ${terminalLine(t.name)}  ${e.result.status} on attempt ${t.attempts} (${formatDuration(t.durationMs)}), retrying`));
            break;
          }
          line(`  ${statusMark(t.status, c)} ${testTitle(t, c)}`);
          if (e.test.type === 'load') for (const l of renderLoadSummary(e.result.metrics, e.result.checks, c)) line(l);
          if (isFailing(t.status)) for (const l of renderFailureDetails(t, c, '      ')) line(l);
          else if (t.status === 'skipped' && t.skipReason) line(`      ${c.dim(terminalText(t.skipReason))}`);
          break;
        }
        case 'run:log': {
          const text = renderLog(e, c);
          if (text) line(text);
          break;
        }
      }
      ending.onEvent(e);
    },
    sync: () => out.flush(),
    close: () => ending.close(),
  };
};
