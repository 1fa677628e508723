// `--reporter junit:FILE`: JUnit XML as GitHub, GitLab and Jenkins read it, one <testsuite> per plan.
import { createDocumentReporter } from './document.js';
import { renderFailureDetails, failureReason } from './failures.js';
import { createPalette, formatDuration } from './format.js';
import type { ReportedTest } from './reported-test.js';
import type { Reporter, ReporterFactory } from './types.js';
import { escapeXmlText, openTag } from './xml.js';

type Outcome = 'passed' | 'failure' | 'error' | 'skipped';

function outcomeOf(status: string): Outcome {
  switch (status) {
    case 'passed':
    case 'flaky':
      return 'passed';
    case 'failed':
      return 'failure';
    case 'skipped':
      return 'skipped';
    // error, timedOut, and a status this version does not know: the test did not complete.
    default:
      return 'error';
  }
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);
const plain = createPalette(false);

function testcase(t: ReportedTest): string[] {
  const name = t.project ? `${t.name} [${t.project}]` : t.name;
  const head = `    ${openTag('testcase', { classname: t.file, name, file: t.file, line: t.line > 0 ? t.line : undefined, time: seconds(t.durationMs) })}`;
  const body: string[] = [];
  const outcome = outcomeOf(t.status);
  if (outcome === 'failure' || outcome === 'error') {
    const el = outcome === 'failure' ? 'failure' : 'error';
    const type = outcome === 'failure' ? 'AssertionError' : t.status;
    const details = renderFailureDetails(t, plain, '').join('\n');
    body.push(`      ${openTag(el, { message: failureReason(t, 500), type })}>${escapeXmlText(details)}</${el}>`);
  } else if (outcome === 'skipped') {
    body.push(`      ${openTag('skipped', { message: t.skipReason })}/>`);
  }
  const out = systemOut(t);
  if (out) body.push(`      <system-out>${escapeXmlText(out)}</system-out>`);
  return body.length ? [`${head}>`, ...body, '    </testcase>'] : [`${head}/>`];
}

/** Attempts, steps and attachments; `[[ATTACHMENT|path]]` is how GitLab and Jenkins pick up files. */
function systemOut(t: ReportedTest): string {
  const lines: string[] = [];
  if (t.status === 'flaky') lines.push(`flaky: passed on attempt ${t.attempts}`);
  else if (t.attempts > 1) lines.push(`attempts: ${t.attempts}`);
  for (const s of t.steps) lines.push(`step ${s.status}: ${s.title} (${formatDuration(s.durationMs)})${s.error ? ` — ${s.error}` : ''}`);
  for (const a of t.artifacts) lines.push(`[[ATTACHMENT|${a.path}]]`);
  return lines.join('\n');
}

function counts(tests: ReportedTest[]): { tests: number; failures: number; errors: number; skipped: number; time: number } {
  const n = { tests: tests.length, failures: 0, errors: 0, skipped: 0, time: 0 };
  for (const t of tests) {
    const o = outcomeOf(t.status);
    if (o === 'failure') n.failures++;
    else if (o === 'error') n.errors++;
    else if (o === 'skipped') n.skipped++;
    n.time += Math.max(0, t.durationMs);
  }
  return n;
}

export interface JunitInput {
  runId: string;
  startedAt: number;
  durationMs: number;
  plans: { name: string; file: string }[];
  tests: ReportedTest[];
}

export function renderJunit(input: JunitInput): string {
  // Suites follow the run's plan order; a test of a plan the run did not list still gets a suite.
  const byPlan = new Map<string, ReportedTest[]>(input.plans.map((p) => [p.name, []]));
  for (const t of input.tests) {
    const list = byPlan.get(t.plan);
    if (list) list.push(t);
    else byPlan.set(t.plan, [t]);
  }
  const timestamp = new Date(input.startedAt).toISOString().replace(/\.\d{3}Z$/, '');
  const all = counts(input.tests);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `${openTag('testsuites', { id: input.runId, name: 'aitest', tests: all.tests, failures: all.failures, errors: all.errors, skipped: all.skipped, time: seconds(input.durationMs), timestamp })}>`,
  ];
  for (const [plan, tests] of byPlan) {
    const n = counts(tests);
    const file = input.plans.find((p) => p.name === plan)?.file ?? tests[0]?.file;
    const attrs = { name: plan, tests: n.tests, failures: n.failures, errors: n.errors, skipped: n.skipped, time: seconds(n.time), timestamp, file };
    if (!tests.length) {
      lines.push(`  ${openTag('testsuite', attrs)}/>`);
      continue;
    }
    lines.push(`  ${openTag('testsuite', attrs)}>`);
    for (const t of tests) lines.push(...testcase(t));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

export const createJunitReporter: ReporterFactory = (options, ctx): Reporter =>
  createDocumentReporter(options.file, ctx, (collector) => {
    const run = collector.run;
    if (!run) return undefined;
    return renderJunit({ runId: run.id, startedAt: run.startedAt, durationMs: collector.durationMs() ?? 0, plans: run.plans, tests: collector.tests() });
  });
