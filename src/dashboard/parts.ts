// Pieces of the history browser (ink): durations, a test's line and its details.
import { Box, Text } from 'ink';
import { createElement as h, type ReactElement } from 'react';
import type { CheckResult } from '../events/types.js';
import { terminalLine as line, terminalText as text } from '../util/terminal-safe.js';
import type { FinishedTest } from './state.js';

export const secs = (ms: number): string => (ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`);

export const MARK: Record<string, [string, string]> = {
  passed: ['✓', 'green'], failed: ['✗', 'red'], error: ['!', 'red'], timedOut: ['⏱', 'red'], flaky: ['~', 'yellow'], skipped: ['-', 'gray'],
  interrupted: ['⏹', 'yellow'], running: ['…', 'yellow'],
};

export function testLine(t: FinishedTest, selected: boolean): ReactElement {
  const [mark, color] = MARK[t.status] ?? ['?', 'white'];
  return h(Text, { key: t.key, inverse: selected, wrap: 'truncate' },
    h(Text, { color }, mark), ` ${line(t.name)}${t.project ? ` [${line(t.project)}]` : ''} `, h(Text, { dimColor: true }, `${t.type} ${secs(t.durationMs)}`));
}

// Plans and servers choose names, values and messages: their control characters are shown, not obeyed.
const json = (v: unknown): string => line(JSON.stringify(v) ?? '-');

/** A judge check's score and reasoning, which say more than its JSON. */
function checkLine(c: CheckResult, i: number): ReactElement {
  const mark = h(Text, { color: c.skipped !== undefined ? 'gray' : c.ok ? 'green' : 'red' }, c.skipped !== undefined ? '–' : c.ok ? '✓' : '✗');
  const verdict = c.name === 'judge' ? (c.actual as { score?: number; reasoning?: string } | undefined) : undefined;
  const said = c.skipped !== undefined ? ` ${c.name}  skipped: ${c.skipped}`
    : verdict ? ` judge  score ${verdict.score ?? '-'} (pass ≥ ${json((c.expected as { threshold?: number } | undefined)?.threshold)})${verdict.reasoning ? ` — ${verdict.reasoning}` : ''}`
      : ` ${c.step ? `${c.step} › ` : ''}${c.name}  expected ${json(c.expected)}, got ${json(c.actual)}${c.message ? ` — ${c.message}` : ''}`;
  return h(Text, { key: `c${i}`, wrap: verdict ? 'wrap' : 'truncate' }, mark, verdict ? text(said) : line(said));
}

/** A test's details: every check, its metrics and artifacts. */
export function details(t: FinishedTest): ReactElement {
  const checks = t.checks;
  const lines = [
    ...(t.where ? [h(Text, { key: 'w', dimColor: true }, line(t.where))] : []),
    ...(t.error ? [h(Text, { key: 'e', color: 'red', wrap: 'wrap' }, text(t.error))] : []),
    ...checks.map(checkLine),
    ...(t.metrics ?? []).slice(0, 12).map((m, i) => h(Text, { key: `m${i}`, dimColor: true, wrap: 'truncate' }, `${m.name} ${Number.isInteger(m.value) ? m.value : m.value.toFixed(2)} ${m.unit}`)),
    ...t.artifacts.slice(0, 20).map((a, i) => h(Text, { key: `a${i}`, dimColor: true, wrap: 'truncate' }, `artifact ${line(a)}`)),
  ];
  return h(Box, { flexDirection: 'column', borderStyle: 'single', paddingX: 1 }, h(Text, { bold: true }, `${line(t.name)} — ${t.status}`), ...lines);
}
