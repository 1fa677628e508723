// Text primitives shared by terminal reporters and the show/history commands: marks, durations, values.
import pc from 'picocolors';
import { terminalLine } from '../util/terminal-safe.js';
import type { ReportedTest } from './reported-test.js';

export type Colors = ReturnType<typeof pc.createColors>;

/** A palette that emits ANSI only when enabled: `createPalette(false)` returns plain strings. */
export function createPalette(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

interface StatusStyle {
  mark: string;
  label: string;
  paint: (c: Colors) => (s: string) => string;
}

const STATUS: Record<string, StatusStyle> = {
  passed: { mark: '✓', label: 'passed', paint: (c) => c.green },
  failed: { mark: '✘', label: 'failed', paint: (c) => c.red },
  flaky: { mark: '~', label: 'flaky', paint: (c) => c.yellow },
  skipped: { mark: '-', label: 'skipped', paint: (c) => c.dim },
  timedOut: { mark: '⏱', label: 'timed out', paint: (c) => c.red },
  error: { mark: '!', label: 'error', paint: (c) => c.red },
};
// A status written by a newer aitest (or a bad row) still prints.
const UNKNOWN: StatusStyle = { mark: '?', label: 'unknown', paint: (c) => c.magenta };

export function statusStyle(status: string): StatusStyle {
  return STATUS[status] ?? { ...UNKNOWN, label: status || UNKNOWN.label };
}

export function statusMark(status: string, c: Colors): string {
  const s = statusStyle(status);
  return s.paint(c)(s.mark);
}

/** 12ms, 1.3s, 2m 05s */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${m}m ${String(s).padStart(2, '0')}s`;
}

/** JSON-ish one-liner, cut in the middle of long values so both ends stay readable. */
export function formatValue(value: unknown, max = 160): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (typeof value === 'bigint') text = `${value}n`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return truncate(text, max);
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = Math.max(1, max - 12);
  const head = Math.ceil(keep * 0.75);
  const tail = keep - head;
  return `${text.slice(0, head)}…(${text.length - keep} more)…${tail > 0 ? text.slice(-tail) : ''}`;
}

/** Local wall-clock time to the second: runs often start within the same minute. */
export function formatTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return '-';
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function testLocation(t: Pick<ReportedTest, 'file' | 'line'>): string {
  return t.line > 0 ? `${t.file}:${t.line}` : t.file;
}

/** `name  api  12ms  [chromium]` — the part of a test line after its mark. */
export function testTitle(t: Pick<ReportedTest, 'name' | 'type' | 'durationMs' | 'project' | 'attempts'>, c: Colors): string {
  const project = t.project ? `  ${c.cyan(`[${terminalLine(t.project)}]`)}` : '';
  const retried = t.attempts > 1 ? c.dim(`  (${t.attempts} attempts)`) : '';
  return `${terminalLine(t.name)}  ${c.dim(t.type)}  ${c.dim(formatDuration(t.durationMs))}${project}${retried}`;
}

export { stripAnsi } from '../util/ansi.js';
export { terminalLine, terminalText } from '../util/terminal-safe.js';
