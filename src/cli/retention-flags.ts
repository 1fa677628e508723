// `--keep-runs N` and `--keep-days D` (run, serve, prune), or AITEST_KEEP_RUNS / AITEST_KEEP_DAYS when the
// flags are not given: how much history the results store keeps.
import { AitestError } from '../errors.js';
import type { Retention } from '../store/retention.js';
import type { CliContext } from './context.js';

export interface RetentionFlags {
  keepRuns?: number;
  keepDays?: number;
}

export const KEEP_RUNS_HELP = 'after the run, keep only the newest n runs in the store (and their artifacts; default: AITEST_KEEP_RUNS, else all)';
export const KEEP_DAYS_HELP = 'after the run, remove runs started more than d days ago (default: AITEST_KEEP_DAYS, else none)';

function fromEnv(name: string, cli: CliContext, min: number): number | undefined {
  const text = cli.env[name];
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new AitestError('USAGE', `${name} must be a whole number of at least ${min}, got "${text}".`);
  return n;
}

export function retentionFrom(flags: RetentionFlags, cli: CliContext): Retention {
  const keepRuns = flags.keepRuns ?? fromEnv('AITEST_KEEP_RUNS', cli, 1);
  const keepDays = flags.keepDays ?? fromEnv('AITEST_KEEP_DAYS', cli, 0);
  if (keepRuns === 0) throw new AitestError('USAGE', '--keep-runs must be at least 1: the run just finished is kept.');
  return { ...(keepRuns === undefined ? {} : { keepRuns }), ...(keepDays === undefined ? {} : { keepDays }) };
}
