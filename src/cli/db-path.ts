// Where the results database lives: --db, then AITEST_DB, then .aitest/results.db; aitest's other files go beside it.
import path from 'node:path';
import type { CliContext } from './context.js';

export function dbPath(flag: string | undefined, cli: CliContext): string {
  return flag ?? cli.env.AITEST_DB ?? '.aitest/results.db';
}

/**
 * Parsed and validated big plans (plan/plan-cache.ts): `results.db-plans/`, named after the database like
 * SQLite's own `-wal` and `-shm` files, so it goes where the person put the database; none for one in memory.
 */
export function planCacheDir(db: string, cli: CliContext): string | undefined {
  if (db === '' || db === ':memory:') return undefined;
  return `${path.resolve(cli.cwd, db)}-plans`;
}
