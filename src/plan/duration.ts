// Durations in the plan language and on the command line: `500ms`, `30s`, `2m`, `1h`, or milliseconds.
import { AitestError } from '../errors.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/;

/** Milliseconds for `500ms`, `1.5s`, `2m`, `1h`, a bare number of milliseconds (`250`, `"250"`). */
export function parseDuration(input: number | string): number {
  if (typeof input === 'number') {
    if (Number.isFinite(input) && input >= 0) return Math.round(input);
    throw invalid(String(input));
  }
  const m = DURATION.exec(input);
  if (!m) throw invalid(JSON.stringify(input));
  const unit = (m[2] ?? 'ms') as keyof typeof UNIT_MS;
  return Math.round(Number(m[1]) * UNIT_MS[unit]);
}

function invalid(shown: string): AitestError {
  return new AitestError('USAGE', `${shown} is not a duration.`, { hint: 'Use a number of milliseconds or a value like 500ms, 30s, 2m or 1h.' });
}
