// `--reporter html:FILE`: the self-contained HTML report of the run, written at its end.
import type { Metric } from '../events/types.js';
import { createAssessment } from './assessment.js';
import { createCollector } from './collect.js';
import { renderHtmlReport } from './html-report.js';
import { writeReportFile } from './output.js';
import type { Reporter, ReporterFactory } from './types.js';

export const createHtmlReporter: ReporterFactory = (options, ctx): Reporter => {
  const collector = createCollector();
  const assessment = createAssessment();
  // Live ticks (load tests) by test: the report's charts.
  const series = new Map<string, Metric[]>();
  const toStdout = !options.file || options.file === '-';
  return {
    ownsTerminal: toStdout,
    onEvent(e) {
      collector.onEvent(e);
      assessment.onEvent(e);
      if (e.type === 'test:metric') {
        const list = series.get(e.test.id) ?? [];
        list.push(...e.metrics);
        series.set(e.test.id, list);
      }
    },
    async close() {
      const run = collector.run;
      if (!run) return;
      const quality = assessment.result();
      const html = renderHtmlReport({
        run: { id: run.id, plans: run.plans.map((p) => p.name), status: collector.status(), startedAt: run.startedAt, durationMs: collector.durationMs() ?? 0, ...(run.baseUrl ? { baseUrl: run.baseUrl } : {}) },
        counts: collector.counts(), tests: collector.tests(), series, cwd: ctx.cwd, ...(quality ? { quality } : {}),
      });
      if (toStdout) ctx.stdout.write(html);
      else await writeReportFile(options.file!, html, ctx);
    },
  };
};
