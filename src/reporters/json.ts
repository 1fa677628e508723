// `--reporter json[:FILE]`: the whole run as one JSON document (format in json-report.ts), written at close.
import { createCollector } from './collect.js';
import { buildJsonReport, runInputFromInfo, serializeJsonReport } from './json-report.js';
import { writeReportFile } from './output.js';
import type { Reporter, ReporterFactory } from './types.js';

export const createJsonReporter: ReporterFactory = (options, ctx): Reporter => {
  const collector = createCollector();
  const toStdout = !options.file || options.file === '-';
  return {
    // Printed to stdout, the document must be the only thing there.
    ownsTerminal: toStdout,
    onEvent: (e) => collector.onEvent(e),
    async close() {
      const run = collector.run;
      if (!run) return;
      const report = buildJsonReport(runInputFromInfo(run, collector.status(), collector.durationMs() ?? 0), collector.counts(), collector.tests());
      const text = serializeJsonReport(report);
      if (toStdout) ctx.stdout.write(text);
      else await writeReportFile(options.file!, text, ctx);
    },
  };
};
