// `--reporter json[:FILE]`: the whole run as one JSON document (format in json-report.ts), written at close.
import { createDocumentReporter } from './document.js';
import { buildJsonReport, runInputFromInfo, serializeJsonReport } from './json-report.js';
import type { Reporter, ReporterFactory } from './types.js';

export const createJsonReporter: ReporterFactory = (options, ctx): Reporter =>
  createDocumentReporter(options.file, ctx, (collector) => {
    const run = collector.run;
    if (!run) return undefined;
    return serializeJsonReport(buildJsonReport(runInputFromInfo(run, collector.status(), collector.durationMs() ?? 0), collector.counts(), collector.tests()));
  });
