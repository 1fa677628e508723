// Retention (`--keep-runs N`, `--keep-days D`, `aitest prune`): old runs leave the store with their
// results, checks, steps, metrics and artifact rows (ON DELETE CASCADE), and their artifact folders leave
// the disk. Without it a store only grows (a 50-run history of 10,000 tests is ~200 MB).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { openStore } from './sqlite.js';
import { guarded } from './store-error.js';

import { hasRetention, type Retention } from './retention-policy.js';

export { hasRetention, type Retention };

const DAY_MS = 24 * 3600 * 1000;

/**
 * Deletes the runs past the retention and returns their ids. A run still `running` is another process's
 * (or one that crashed): it is left alone unless it is older than `keepDays`, and never counts towards
 * `keepRuns`.
 */
export function pruneRuns(db: BetterSqlite3.Database, r: Retention, now = Date.now()): string[] {
  if (!hasRetention(r)) return [];
  const runs = db.prepare<[], { id: string; status: string; started_at: number }>('SELECT id, status, started_at FROM runs ORDER BY started_at DESC, rowid DESC').all();
  const cutoff = r.keepDays === undefined ? undefined : now - r.keepDays * DAY_MS;
  const doomed: string[] = [];
  let finished = 0;
  for (const run of runs) {
    const tooOld = cutoff !== undefined && run.started_at < cutoff;
    if (run.status === 'running') {
      if (tooOld) doomed.push(run.id);
      continue;
    }
    finished++;
    if (tooOld || (r.keepRuns !== undefined && finished > r.keepRuns)) doomed.push(run.id);
  }
  const remove = db.prepare('DELETE FROM runs WHERE id = ?');
  db.transaction(() => {
    for (const id of doomed) remove.run(id);
  })();
  return doomed;
}

/**
 * Removes the artifact folders of runs that are gone: `<root>/<run id>` under each root. A run id that is
 * not a plain folder name is skipped (ids come from the store, and the store may be a copy from elsewhere).
 */
export async function removeRunFolders(roots: string[], runIds: string[]): Promise<void> {
  for (const id of runIds) {
    if (id === '' || id === '.' || id === '..' || path.basename(id) !== id || id.includes('\\')) continue;
    for (const root of roots) await rm(path.join(root, id), { recursive: true, force: true });
  }
}

export interface PruneOutcome {
  removed: string[];
  /** Runs left in the store. */
  kept: number;
}

/**
 * Prunes the results database at `file` and the artifact folders beside it (`artifacts/` of local runs,
 * `remote-artifacts/` of an orchestrator's). `vacuum` also gives the freed pages back to the file system
 * (seconds on a large store: for `aitest prune`; after a run, the freed pages are reused by the next).
 */
export async function pruneStore(file: string, r: Retention, opts: { vacuum?: boolean } = {}): Promise<PruneOutcome> {
  const store = openStore(file, { mustExist: true });
  let removed: string[];
  let kept: number;
  try {
    const db = store.database();
    removed = guarded(file, () => pruneRuns(db, r));
    kept = guarded(file, () => (db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n);
    if (opts.vacuum) guarded(file, () => db.exec('VACUUM'));
  } finally {
    store.close();
  }
  const dir = path.dirname(path.resolve(file));
  await removeRunFolders([path.join(dir, 'artifacts'), path.join(dir, 'remote-artifacts')], removed);
  return { removed, kept };
}
