// The Markdown job summary for GitHub Actions ($GITHUB_STEP_SUMMARY): a counts table and the failed tests.
import { isFailing } from '../events/counts.js';
import { failingChecks } from './failures.js';
import { formatDuration, formatValue, statusStyle, stripAnsi, testLocation } from './format.js';
import { type ReportedTest } from './reported-test.js';
import type { Counts } from './summary.js';

const MAX_TESTS = 50; // GitHub caps a step summary at 1 MiB; a recap of thousands of failures helps nobody
const MAX_CHECKS = 10;

const ICON: Record<string, string> = { passed: '✅', failed: '❌', flaky: '⚠️', skipped: '⏭️', timedOut: '⏱️', error: '❗', interrupted: '⏹️' };

/** Text that Markdown (and the HTML GitHub allows in it) takes literally, for use inside a line. */
function escapeMarkdown(text: string): string {
  return stripAnsi(text)
    .replace(/[\\`*_[\]|~]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks and pipes in the value. */
export function inlineCode(text: string): string {
  const flat = stripAnsi(text).replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

export interface StepSummaryInput {
  title: string;
  status: string;
  runId: string;
  durationMs: number;
  counts: Counts;
  tests: ReportedTest[];
}

export function renderStepSummary(s: StepSummaryInput): string {
  const n = s.counts;
  const lines = [
    `### ${ICON[s.status] ?? ''} aitest: ${escapeMarkdown(s.title)} ${s.status}`.replace('###  ', '### '),
    '',
    '| Total | Passed | Failed | Timed out | Errors | Flaky | Skipped | Not run | Duration |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${n.total} | ${n.passed} | ${n.failed} | ${n.timedOut} | ${n.errors} | ${n.flaky} | ${n.skipped} | ${n.notRun} | ${formatDuration(s.durationMs)} |`,
    '',
  ];
  const failures = s.tests.filter((t) => isFailing(t.status));
  if (failures.length) {
    lines.push(`#### Failed tests (${failures.length})`, '');
    for (const t of failures.slice(0, MAX_TESTS)) lines.push(...failedTest(t), '');
    if (failures.length > MAX_TESTS) lines.push(`…and ${failures.length - MAX_TESTS} more: see \`aitest show ${s.runId}\`.`, '');
  }
  const flaky = s.tests.filter((t) => t.status === 'flaky');
  if (flaky.length) {
    lines.push(`#### Flaky tests (${flaky.length})`, '');
    for (const t of flaky.slice(0, MAX_TESTS)) lines.push(`- ${escapeMarkdown(t.name)} ${inlineCode(testLocation(t))}, passed on attempt ${t.attempts}`);
    lines.push('');
  }
  lines.push(`Run ${inlineCode(s.runId)}: ${inlineCode(`aitest show ${s.runId}`)}`, '');
  return `${lines.join('\n')}\n`;
}

function failedTest(t: ReportedTest): string[] {
  const project = t.project ? ` [${escapeMarkdown(t.project)}]` : '';
  const lines = [`**${ICON[t.status] ?? '❗'} ${escapeMarkdown(t.name)}**${project} ${inlineCode(testLocation(t))}: ${statusStyle(t.status).label}`];
  const checks = failingChecks(t);
  for (const ch of checks.slice(0, MAX_CHECKS)) {
    const parts: string[] = [];
    if (ch.expected !== undefined) parts.push(`expected ${inlineCode(formatValue(ch.expected, 200))}`);
    if (ch.actual !== undefined) parts.push(`actual ${inlineCode(formatValue(ch.actual, 200))}`);
    if (ch.message) parts.push(escapeMarkdown(ch.message));
    const name = ch.step ? `${ch.step} › ${ch.name}` : ch.name;
    lines.push(`- ${inlineCode(name)}${parts.length ? `: ${parts.join(', ')}` : ''}`);
  }
  if (checks.length > MAX_CHECKS) lines.push(`- …and ${checks.length - MAX_CHECKS} more failing checks`);
  if (t.error && (t.status !== 'failed' || checks.length === 0)) lines.push(`- ${escapeMarkdown(t.error.split('\n')[0])}`);
  if (t.errorHint) lines.push(`- hint: ${escapeMarkdown(t.errorHint)}`);
  return lines;
}
