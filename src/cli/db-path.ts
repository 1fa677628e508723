// Where the results database lives: --db, then AITEST_DB, then .aitest/results.db; aitest's other files go beside it.
import { planCacheBeside } from '../plan/plan-cache-dir.js';
import type { CliContext } from './context.js';

export function dbPath(flag: string | undefined, cli: CliContext): string {
  return flag ?? cli.env.AITEST_DB ?? '.aitest/results.db';
}

/** Parsed and validated big plans, beside the database (plan/plan-cache.ts). */
export function planCacheDir(db: string, cli: CliContext): string | undefined {
  return planCacheBeside(db, cli.cwd);
}
