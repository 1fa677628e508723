// How a failing test reads in text: its failing checks with expected/actual, its error and the hint.
import { isFailedCheck } from '../events/counts.js';
import type { CheckResult } from '../events/types.js';
import { formatValue, statusStyle, terminalLine, terminalText, type Colors } from './format.js';
import type { ReportedTest } from './reported-test.js';

const MAX_CHECKS = 10;
const INLINE = 48; // expected/actual both shorter than this share one line

export function failingChecks(t: Pick<ReportedTest, 'checks'>): CheckResult[] {
  return t.checks.filter(isFailedCheck);
}

function checkName(ch: CheckResult): string {
  return terminalLine(ch.step ? `${ch.step} › ${ch.name}` : ch.name);
}

/** The failing checks of a test, one block each. */
function renderCheck(ch: CheckResult, c: Colors, indent: string): string[] {
  const lines = [`${indent}${c.red('✘')} ${checkName(ch)}`];
  const hasExpected = ch.expected !== undefined;
  const hasActual = ch.actual !== undefined;
  if (hasExpected || hasActual) {
    // JSON text escapes C0 controls but not DEL and C1 ones (an 8-bit CSI from a server's reply).
    const exp = hasExpected ? terminalLine(formatValue(ch.expected)) : '';
    const act = hasActual ? terminalLine(formatValue(ch.actual)) : '';
    if (exp.length < INLINE && act.length < INLINE) {
      const parts = [hasExpected ? `expected ${c.green(exp)}` : '', hasActual ? `actual ${c.red(act)}` : ''].filter(Boolean);
      lines[0] += `  ${parts.join(c.dim(', '))}`;
    } else {
      if (hasExpected) lines.push(`${indent}    ${c.dim('expected:')} ${c.green(exp)}`);
      if (hasActual) lines.push(`${indent}    ${c.dim('actual:  ')} ${c.red(act)}`);
    }
  }
  if (ch.message) lines.push(`${indent}    ${c.dim(terminalText(ch.message))}`);
  return lines;
}

/**
 * Everything a reader needs to see why the test did not pass. A plain `failed` test's error is a
 * restatement of its first failing check, so it is shown only when there is no check to show.
 */
export function renderFailureDetails(t: ReportedTest, c: Colors, indent = '    '): string[] {
  const lines: string[] = [];
  const failing = failingChecks(t);
  for (const ch of failing.slice(0, MAX_CHECKS)) lines.push(...renderCheck(ch, c, indent));
  if (failing.length > MAX_CHECKS) lines.push(`${indent}${c.dim(`… and ${failing.length - MAX_CHECKS} more failing checks`)}`);
  const showError = t.error && (t.status !== 'failed' || failing.length === 0);
  if (showError) {
    const [first, ...rest] = terminalText(t.error!).split('\n');
    lines.push(`${indent}${c.red(first)}`);
    for (const l of rest.slice(0, 20)) lines.push(`${indent}${c.dim(l)}`);
  }
  if (t.errorHint && (showError || failing.length === 0)) lines.push(`${indent}${c.yellow('hint:')} ${terminalText(t.errorHint)}`);
  // Screenshots and traces say more than any message: their paths are part of the failure.
  for (const a of t.artifacts) lines.push(`${indent}${c.dim('attachment:')} ${c.cyan(terminalLine(a.path))}  ${c.dim(`(${terminalLine(a.name)})`)}`);
  return lines;
}

/** One line on why a test did not pass: its first failing check, else its error, else its status. */
export function failureReason(t: ReportedTest, max = 120): string {
  const ch = failingChecks(t)[0];
  let reason: string;
  if (ch && (t.status === 'failed' || !t.error)) {
    const parts: string[] = [];
    if (ch.expected !== undefined) parts.push(`expected ${formatValue(ch.expected, 40)}`);
    if (ch.actual !== undefined) parts.push(`actual ${formatValue(ch.actual, 40)}`);
    reason = `${checkName(ch)}: ${parts.length ? parts.join(', ') : ch.message ?? 'failed'}`;
  } else if (t.error) {
    reason = terminalText(t.error).split('\n')[0];
  } else {
    reason = statusStyle(t.status).label;
  }
  reason = terminalLine(reason);
  return reason.length > max ? `${reason.slice(0, max - 1)}…` : reason;
}
