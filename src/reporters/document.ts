// Reporters that write one document at the end of the run (json, junit): to a file, or alone on stdout.
import { createCollector, type RunCollector } from './collect.js';
import { writeReportFile } from './output.js';
import type { Reporter, ReporterContext } from './types.js';

/** `render` turns what was collected into the document; nothing is written for a run that never started. */
export function createDocumentReporter(file: string | undefined, ctx: ReporterContext, render: (collected: RunCollector) => string | undefined): Reporter {
  const collector = createCollector();
  const toStdout = !file || file === '-';
  return {
    // Printed to stdout, the document must be the only thing there.
    ownsTerminal: toStdout,
    onEvent: (e) => collector.onEvent(e),
    async close() {
      const text = render(collector);
      if (text === undefined) return;
      if (toStdout) ctx.stdout.write(text);
      else await writeReportFile(file!, text, ctx);
    },
  };
}
