// Playwright's errors in a line a test report can show.
import { stripAnsi } from '../../util/ansi.js';

/**
 * Playwright's message without its call log: `timed out after 500ms waiting for getByRole('button', …)`
 * rather than `locator.click: Timeout 500ms exceeded.` and twenty lines of log.
 */
export function condense(e: unknown): string {
  const lines = stripAnsi(e instanceof Error ? e.message : String(e)).split('\n').map((l) => l.trim()).filter(Boolean);
  const first = (lines[0] ?? 'failed').replace(/^\w+\.\w+:\s*/, '');
  const waiting = lines.find((l) => l.includes('waiting for'))?.replace(/^-\s*/, '');
  const timeout = /^Timeout (\d+)ms exceeded/.exec(first);
  if (timeout && waiting) return `timed out after ${timeout[1]}ms ${waiting}`;
  return waiting && !first.includes(waiting) ? `${first} (${waiting})` : first;
}
