// Where the plan cache (plan-cache.ts) of a results database lives; apart from the cache itself so that the
// CLI can name the place without loading node:crypto at start-up.
import path from 'node:path';

/**
 * Where the plans a results database has seen are kept: `results.db-plans/` beside it, named like SQLite's
 * own `-wal` and `-shm` files, so it goes where the person put the database; none for one in memory.
 */
export function planCacheBeside(db: string, cwd: string): string | undefined {
  return db === '' || db === ':memory:' ? undefined : `${path.resolve(cwd, db)}-plans`;
}
